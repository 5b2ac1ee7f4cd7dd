// espeak-ng into ALSA on one worker thread. See read_aloud.h.
#include "kiosk/app/read_aloud.h"

#include <alsa/asoundlib.h>
#include <espeak-ng/speak_lib.h>

#include <cstring>
#include <mutex>

#include "kiosk/app/i18n.h"

namespace kiosk {

namespace {

// ALSA prints its own errors to stderr ("cannot find card '0'"); the kiosk says it once, in
// words, through WhyUnavailable instead.
void QuietAlsa(const char*, int, const char*, int, const char*, ...) {}

struct Playback {
    snd_pcm_t* pcm = nullptr;
    const std::atomic<bool>* stop = nullptr;
    std::string error;
};

int OnSamples(short* samples, int count, espeak_EVENT* events) {
    auto* playback = static_cast<Playback*>(events ? events->user_data : nullptr);
    if (!playback || !playback->pcm) return 1;
    if (playback->stop->load()) return 1;  // abort the synthesis: Stop() was asked
    int offset = 0;
    while (count > 0 && samples) {
        snd_pcm_sframes_t written = snd_pcm_writei(playback->pcm, samples + offset, static_cast<snd_pcm_uframes_t>(count));
        if (written < 0) written = snd_pcm_recover(playback->pcm, static_cast<int>(written), 1);
        if (written < 0) {
            playback->error = std::string("audio output failed: ") + snd_strerror(static_cast<int>(written));
            return 1;
        }
        offset += static_cast<int>(written);
        count -= static_cast<int>(written);
        if (playback->stop->load()) return 1;
    }
    return 0;
}

// espeak-ng keeps global state: one engine for the process, started once and never
// terminated (espeak-ng 1.51's espeak_Terminate waits forever for its own queue thread when
// started for synchronous output), every call to it under one lock.
std::mutex g_espeak;
int EspeakRate(const std::string& data_path) {
    static std::once_flag once;
    static int rate = -1;
    std::call_once(once, [&] {
        rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 200, data_path.empty() ? nullptr : data_path.c_str(), 0);
        if (rate > 0) espeak_SetSynthCallback(&OnSamples);
    });
    return rate;
}

} // namespace

std::string ReadAloud::VoiceFor(const std::string& language) {
    static const std::map<std::string, std::string> kVoices = {
        {"en", "en-us"}, {"es", "es-419"}, {"vi", "vi"}, {"ar", "ar"}, {"zh", "cmn"}, {"pt", "pt-br"},
        {"ht", "ht"},    {"fr", "fr"},     {"ru", "ru"}, {"ko", "ko"}, {"uk", "uk"},  {"ur", "ur"},
        {"fa", "fa"},    {"hi", "hi"},     {"am", "am"}, {"pl", "pl"},
    };
    auto it = kVoices.find(language);
    return it == kVoices.end() ? std::string() : it->second;
}

ReadAloud::ReadAloud(Options options) : m_options(std::move(options)) {
    if (!m_options.enabled) return;
    m_worker = std::thread([this] { Run(); });
}

bool ReadAloud::Probed() const {
    if (!m_options.enabled) return true;
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_probed;
}

void ReadAloud::WaitProbed() {
    if (!m_options.enabled) return;
    std::unique_lock<std::mutex> lock(m_mutex);
    m_wake.wait(lock, [this] { return m_probed; });
}

ReadAloud::~ReadAloud() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_quit = true;
        m_stop = true;
    }
    m_wake.notify_all();
    if (m_worker.joinable()) m_worker.join();
}

std::string ReadAloud::WhyUnavailable(const std::string& language) const {
    if (!m_options.enabled) return "turned off in the config (read_aloud: false)";
    std::lock_guard<std::mutex> lock(m_mutex);
    if (!m_probed) return "starting";
    if (!m_engine_error.empty()) return m_engine_error;
    auto voice = m_voice.find(language);
    if (voice == m_voice.end() || !voice->second) {
        return "no espeak-ng voice for " + Endonym(language) + " (" + language + ")";
    }
    if (!m_audio_error.empty()) return m_audio_error;
    return "";
}

void ReadAloud::Speak(const std::string& text, const std::string& language) {
    if (!Available(language)) return;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_pending_text = text;
        m_last_text = text;
        m_pending_voice = VoiceFor(language);
        m_has_pending = true;
        m_stop = true;  // whatever is being read ends first
        m_speaking = true;
    }
    m_wake.notify_all();
}

void ReadAloud::Stop() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_has_pending = false;
        m_stop = true;
        if (!m_reading) m_speaking = false;  // asked for but not begun: nothing to wait for
    }
    m_wake.notify_all();
}

std::string ReadAloud::LastText() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_last_text;
}

std::string ReadAloud::LastError() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_last_error;
}

void ReadAloud::Run() {
    snd_lib_error_set_handler(&QuietAlsa);
    std::map<std::string, bool> voices;
    std::string engine_error, audio_error;
    std::unique_lock<std::mutex> engine(g_espeak);
    const int rate = EspeakRate(m_options.espeak_data);
    if (rate <= 0) {
        engine_error = "espeak-ng could not start (install espeak-ng-data)";
    } else {
        // Each voice tried once per process (loading one is not free, and espeak-ng 1.51
        // keeps the last one's buffers when another is loaded).
        static std::map<std::string, bool> known;
        for (const std::string& language : m_options.languages) {
            const std::string voice = VoiceFor(language);
            if (voice.empty()) {
                voices[language] = false;
                continue;
            }
            auto found = known.find(voice);
            if (found == known.end()) found = known.emplace(voice, espeak_SetVoiceByName(voice.c_str()) == EE_OK).first;
            voices[language] = found->second;
        }
        snd_pcm_t* pcm = nullptr;
        const int opened = snd_pcm_open(&pcm, m_options.device.c_str(), SND_PCM_STREAM_PLAYBACK, SND_PCM_NONBLOCK);
        if (opened < 0) {
            audio_error = "no audio output: ALSA device \"" + m_options.device + "\": " + snd_strerror(opened);
        } else {
            snd_pcm_close(pcm);
        }
    }
    engine.unlock();
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_engine_error = engine_error;
        m_audio_error = audio_error;
        m_voice = voices;
        m_sample_rate = rate > 0 ? rate : 22050;
        m_probed = true;
    }
    m_wake.notify_all();

    while (true) {
        std::string text, voice;
        {
            std::unique_lock<std::mutex> lock(m_mutex);
            m_wake.wait(lock, [this] { return m_quit || m_has_pending; });
            if (m_quit) break;
            text = std::move(m_pending_text);
            voice = std::move(m_pending_voice);
            m_has_pending = false;
            m_stop = false;
            m_reading = true;
        }
        Read(text, voice);
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_reading = false;
            if (!m_has_pending) m_speaking = false;
        }
        m_finished.fetch_add(1);
    }
}

void ReadAloud::Read(const std::string& text, const std::string& voice) {
    Playback playback;
    playback.stop = &m_stop;
    int opened = snd_pcm_open(&playback.pcm, m_options.device.c_str(), SND_PCM_STREAM_PLAYBACK, 0);
    if (opened >= 0) {
        opened = snd_pcm_set_params(playback.pcm, SND_PCM_FORMAT_S16_LE, SND_PCM_ACCESS_RW_INTERLEAVED, 1,
                                    static_cast<unsigned>(m_sample_rate), 1, 100000);
    }
    if (opened < 0) {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_last_error = std::string("audio output failed: ") + snd_strerror(opened);
        if (playback.pcm) snd_pcm_close(playback.pcm);
        return;
    }
    {
        std::lock_guard<std::mutex> engine(g_espeak);
        espeak_SetVoiceByName(voice.c_str());
        espeak_SetParameter(espeakRATE, 150, 0);  // a little slower than espeak-ng's 175 words a minute
        espeak_Synth(text.c_str(), text.size() + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, nullptr, &playback);
    }
    if (m_stop.load()) {
        snd_pcm_drop(playback.pcm);
    } else {
        snd_pcm_drain(playback.pcm);
    }
    snd_pcm_close(playback.pcm);
    if (!playback.error.empty()) {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_last_error = playback.error;
    }
}

} // namespace kiosk
