// Read aloud (kiosk/app/read_aloud.h) through its real path: espeak-ng synthesising into ALSA.
// ALSA plays into its `file` plugin here (a machine without a sound card): the test's own
// ALSA configuration defines the device "kiosk_test", which writes the samples the kiosk sent
// to a raw file beside it, so the test hears what a speaker would have said.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "kiosk/app/read_aloud.h"
#include "kiosk_harness.h"
#include "test_support.h"

namespace {

// Set before anything in this process opens ALSA (it reads ALSA_CONFIG_PATH then).
const std::filesystem::path kAlsaDir = std::filesystem::temp_directory_path() / ("kiosk-alsa-" + std::to_string(::getpid()));
const std::filesystem::path kRaw = kAlsaDir / "speech.raw";
const bool kAlsaConfigured = [] {
    std::filesystem::create_directories(kAlsaDir);
    std::ofstream conf(kAlsaDir / "asound.conf");
    conf << "</usr/share/alsa/alsa.conf>\n"
         << "pcm.kiosk_test { type file; slave.pcm \"null\"; file \"" << kRaw.string() << "\"; format \"raw\" }\n";
    conf.close();
    ::setenv("ALSA_CONFIG_PATH", (kAlsaDir / "asound.conf").c_str(), 1);
    return std::filesystem::exists("/usr/share/alsa/alsa.conf");
}();

bool Wait(const std::function<bool()>& done, double seconds) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (!done()) {
        if (std::chrono::steady_clock::now() > until) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
}

// Seconds of speech in the raw file (16-bit mono at `rate`), and the loudest sample.
struct Heard {
    double seconds = 0;
    int peak = 0;
};
Heard Listen(int rate = 22050) {
    Heard heard;
    std::ifstream in(kRaw, std::ios::binary);
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    heard.seconds = static_cast<double>(bytes.size()) / 2.0 / rate;
    for (size_t i = 0; i + 1 < bytes.size(); i += 2) {
        const int16_t sample = static_cast<int16_t>(static_cast<uint8_t>(bytes[i]) | (static_cast<uint8_t>(bytes[i + 1]) << 8));
        heard.peak = std::max(heard.peak, std::abs(static_cast<int>(sample)));
    }
    return heard;
}

// What espeak-ng's own command line says for the same text in `voice`, at the kiosk's rate,
// measured by sox: seconds of audio (0 when either tool is missing).
double CommandLineSeconds(const std::string& voice, const std::string& text) {
    if (std::system("command -v espeak-ng >/dev/null 2>&1 && command -v sox >/dev/null 2>&1") != 0) return 0;
    const std::string wav = (kAlsaDir / "cli.wav").string();
    // Trailing silence trimmed (the command line ends with 0.4 s of it; the kiosk does not).
    const std::string command = "espeak-ng -v " + voice + " -s 150 -w " + wav + " '" + text + "' && sox " + wav +
                                " -n reverse silence 1 0.01 0.1% reverse stat 2>&1";
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe) return 0;
    char line[256];
    double seconds = 0;
    while (std::fgets(line, sizeof line, pipe)) std::sscanf(line, "Length (seconds): %lf", &seconds);
    ::pclose(pipe);
    return seconds;
}

// sox's own reading of what the kiosk played: seconds and RMS amplitude (0..1).
struct SoxStat {
    double seconds = 0, rms = 0;
};
SoxStat SoxOnPlayed(int rate = 22050) {
    SoxStat stat;
    const std::string command = "sox -t raw -r " + std::to_string(rate) + " -e signed -b 16 -c 1 " + kRaw.string() +
                                " -n reverse silence 1 0.01 0.1% reverse stat 2>&1";
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe) return stat;
    char line[256];
    while (std::fgets(line, sizeof line, pipe)) {
        std::sscanf(line, "Length (seconds): %lf", &stat.seconds);
        std::sscanf(line, "RMS amplitude: %lf", &stat.rms);
    }
    ::pclose(pipe);
    return stat;
}

bool Ready() {
    if (!kAlsaConfigured) {
        MESSAGE("skipped: ALSA's configuration (libasound2-data) is not installed");
        return false;
    }
    return true;
}

kiosk::ReadAloud::Options TestDevice(std::vector<std::string> languages = {"en", "es", "vi", "ar", "zh", "ht", "pt", "so"}) {
    kiosk::ReadAloud::Options options;
    options.device = "kiosk_test";
    options.languages = std::move(languages);
    return options;
}

} // namespace

TEST_CASE("read aloud: a voice for each of the kiosk's languages, and why not where there is none") {
    if (!Ready()) return;
    CHECK(kiosk::ReadAloud::VoiceFor("zh") == "cmn");
    CHECK(kiosk::ReadAloud::VoiceFor("pt") == "pt-br");
    CHECK(kiosk::ReadAloud::VoiceFor("so").empty());
    kiosk::ReadAloud speech(TestDevice());
    CHECK(speech.WhyUnavailable("en") == (speech.Probed() ? "" : "starting"));  // never blocks the kiosk's start
    speech.WaitProbed();
    for (const char* language : {"en", "es", "vi", "ar", "zh", "ht", "pt"}) {
        CAPTURE(language);
        CHECK(speech.WhyUnavailable(language) == "");
    }
    CHECK(speech.WhyUnavailable("so").find("no espeak-ng voice for Soomaali") != std::string::npos);

    kiosk::ReadAloud::Options no_device = TestDevice();
    no_device.device = "no_such_device";
    kiosk::ReadAloud silent(no_device);
    silent.WaitProbed();
    CHECK(silent.WhyUnavailable("en").find("no audio output") != std::string::npos);
    kiosk::ReadAloud::Options off = TestDevice();
    off.enabled = false;
    CHECK(kiosk::ReadAloud(off).WhyUnavailable("en").find("turned off") != std::string::npos);
}

TEST_CASE("read aloud speaks through ALSA in the language asked, and stops when told") {
    if (!Ready()) return;
    kiosk::ReadAloud speech(TestDevice());
    speech.WaitProbed();
    for (const char* language : {"en", "vi", "ar"}) {
        CAPTURE(language);
        std::filesystem::remove(kRaw);
        const uint64_t before = speech.Finished();
        const std::string text = language == std::string("en") ? "Weekly Family Food Box. Open now, until 5 pm."
                                 : language == std::string("vi") ? "Thùng Thực phẩm Gia đình Hằng tuần."
                                                                 : "صندوق الطعام الأسبوعي للأسرة.";
        speech.Speak(text, language);
        CHECK(speech.Speaking());
        REQUIRE(Wait([&] { return speech.Finished() > before && !speech.Speaking(); }, 30));
        const Heard heard = Listen();
        CHECK(heard.seconds > 1.0);   // a sentence, not a click
        CHECK(heard.seconds < 15.0);
        CHECK(heard.peak > 1000);     // and not silence
        CHECK(speech.LastError() == "");
        // Checked by tools the kiosk does not use: sox hears speech (not silence), as long as
        // espeak-ng's own command line takes to say it in that language's voice, and not as
        // long as the English voice takes (which spells Vietnamese and Arabic letter by letter).
        const double right_voice = CommandLineSeconds(kiosk::ReadAloud::VoiceFor(language), text);
        if (right_voice == 0) {
            MESSAGE("sox or the espeak-ng command line is not installed: the voice is not compared");
            continue;
        }
        const SoxStat played = SoxOnPlayed();
        MESSAGE(std::string(language) << ": played " << played.seconds << " s (RMS " << played.rms << "), espeak-ng says it in " << right_voice << " s");
        CHECK(played.rms > 0.02);
        CHECK(std::abs(played.seconds - right_voice) < 0.05 * right_voice + 0.1);
        if (std::string(language) != "en") {
            const double english_voice = CommandLineSeconds("en-us", text);
            CHECK(std::abs(english_voice - right_voice) > 0.25 * right_voice);  // the check can tell voices apart
        }
    }
    // A long reading stopped at once: far less is played than the whole.
    std::string long_text;
    for (int i = 0; i < 150; ++i) long_text += "A box of groceries for a week: fresh produce, milk, bread, rice, beans and more. ";
    std::filesystem::remove(kRaw);
    speech.Speak(long_text, "en");
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    const auto stop_asked = std::chrono::steady_clock::now();
    speech.Stop();
    REQUIRE(Wait([&] { return !speech.Speaking(); }, 2));
    const double stop_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - stop_asked).count();
    MESSAGE("stopped " << stop_ms << " ms after Stop(); " << Listen().seconds << " s of about 600 s played");
    CHECK(Listen().seconds < 120.0);
    CHECK(stop_ms < 500);
}

TEST_CASE("the speaker button: on a service page where a voice and a speaker exist, silent on Back, Home and the idle reset") {
    if (!Ready()) return;
    test::HarnessOptions options;
    options.audio_device = "kiosk_test";
    options.languages = {"en", "es", "vi", "ar", "zh", "ht", "so"};
    test::Harness h(options);
    const auto services = h.store.Find(storage::ServiceQuery{});
    REQUIRE_FALSE(services.empty());
    auto redraw = [&] {  // a finger moving: the loop draws the model's new state
        h.platform.MoveTo(2, 400);
        h.Frame();
        h.Frame();
    };
    h.app->Speech().WaitProbed();
    h.model.OpenService(services.front().id);
    redraw();
    REQUIRE(h.ui->targets.count("detail.read_aloud") == 1);
    // No Somali voice: no button (and nothing to press that does nothing).
    h.model.SetLanguage("so");
    redraw();
    CHECK(h.ui->targets.count("detail.read_aloud") == 0);
    h.model.SetLanguage("en");
    redraw();

    // A student checked in a moment ago (Maria Garcia, on the roster); then a parent taps the
    // speaker on a service: it reads the page, the service's text only.
    h.Scan("123456");
    for (int i = 0; i < 30; ++i) h.Frame();
    h.model.Home();
    h.model.OpenService(services.front().id);
    redraw();
    std::filesystem::remove(kRaw);
    h.Tap("detail.read_aloud");
    const std::string read = h.app->Speech().LastText();
    CHECK(read.find(services.front().name) == 0);
    CHECK(read.find("Maria") == std::string::npos);
    CHECK(read.find("123456") == std::string::npos);
    CHECK((h.app->Speech().Speaking() || h.app->Speech().Finished() > 0));
    REQUIRE(Wait([&] { return !h.app->Speech().Speaking(); }, 30));
    CHECK(Listen().seconds > 2.0);

    // Leaving the page silences it: Back, Home, the idle reset.
    std::string long_text;
    for (int i = 0; i < 150; ++i) long_text += "Fresh produce, milk, bread, rice and beans. ";
    for (const std::string way : {"back", "home", "idle"}) {
        CAPTURE(way);
        h.model.OpenService(services.front().id);
        redraw();
        h.app->ReadShownService(long_text);
        REQUIRE(h.app->Speech().Speaking());
        if (way == "back") h.model.Back();
        else if (way == "home") h.model.Home();
        else h.model.ResetSession();
        h.Frame();
        CHECK(Wait([&] { return !h.app->Speech().Speaking(); }, 2));
    }
}
