// Read aloud: a service's summary and description spoken in the language on screen, with
// espeak-ng (libespeak-ng, offline, no account) played through ALSA (libasound).
//
// One worker thread owns espeak-ng (its API keeps global state and is not thread-safe) and the
// audio device: espeak-ng synthesises synchronously into a callback that writes each chunk to
// ALSA as it comes, so speech starts at once and Stop() takes effect within a chunk (tens of
// milliseconds). The device is opened for each reading and closed after it, so the kiosk
// holds no audio device while quiet.
//
// At start (in the background, a few tens of milliseconds) it finds which languages have a voice
// and whether the audio device opens; the speaker button shows only where both hold, and
// WhyUnavailable() says why not in words (for `kioskctl doctor`).
// Threads: the UI thread calls everything; the worker is private.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace kiosk {

class ReadAloud {
public:
    struct Options {
        bool enabled = true;
        std::string device = "default";  // an ALSA PCM name
        std::vector<std::string> languages;  // the kiosk's languages, whose voices are looked up
        std::string espeak_data;          // "" = espeak-ng's own (espeak-ng-data)
    };
    // Starts the worker, which finds the voices and the device in the background (espeak-ng
    // takes tens of milliseconds to load): until then WhyUnavailable says it is starting.
    explicit ReadAloud(Options options);
    bool Probed() const;
    void WaitProbed();  // for a screenshot, which must show the finished screen
    ~ReadAloud();
    ReadAloud(const ReadAloud&) = delete;
    ReadAloud& operator=(const ReadAloud&) = delete;

    // "" when a service page may offer reading aloud in `language`; else why not ("no
    // espeak-ng voice for Somali", "no audio output: ...", "turned off in the config").
    std::string WhyUnavailable(const std::string& language) const;
    bool Available(const std::string& language) const { return WhyUnavailable(language).empty(); }
    // Reads `text` in `language`, instead of whatever was being read.
    void Speak(const std::string& text, const std::string& language);
    void Stop();
    bool Speaking() const { return m_speaking.load(); }
    uint64_t Finished() const { return m_finished.load(); }  // readings that ended (tests)
    std::string LastError() const;
    std::string LastText() const;  // what was last asked to be read (tests: never a student's name)

    // The espeak-ng voice for a language code ("zh" -> "cmn", "pt" -> "pt-br"); "" for none known.
    static std::string VoiceFor(const std::string& language);

private:
    void Run();
    void Read(const std::string& text, const std::string& voice);

    Options m_options;
    std::thread m_worker;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_quit = false;
    bool m_probed = false;
    std::string m_pending_text, m_pending_voice;
    bool m_has_pending = false;
    bool m_reading = false;  // the worker is in Read()
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_speaking{false};
    std::atomic<uint64_t> m_finished{0};
    // Found once by the worker, read by the UI thread under m_mutex.
    std::string m_engine_error;          // espeak-ng did not start
    std::string m_audio_error;           // the device did not open
    std::map<std::string, bool> m_voice; // language -> has a voice
    std::string m_last_error;
    std::string m_last_text;
    int m_sample_rate = 22050;
};

} // namespace kiosk
