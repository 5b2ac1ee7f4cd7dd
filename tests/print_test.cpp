// Check-in labels (print/): what is drawn, the PNG it is sent as, and the rule that a printer
// never holds up a check-in: Submit returns while the print server says nothing, failures
// are counted and said, and stopping does not wait for a silent server. The real CUPS path,
// with a PDF printer, is tests/label_print_test.py.
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <stb_image.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <set>
#include <string>

#include "print/label.h"
#include "print/label_printer.h"

namespace {

print::LabelFonts Fonts() {
    print::LabelFonts fonts;
    fonts.bold = "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf";
    fonts.fallback = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc";
    fonts.fallback_index = 2;
    return fonts;
}

bool FontsPresent() { return std::filesystem::exists(Fonts().bold); }

print::CheckinLabel Maria() {
    print::CheckinLabel label;
    label.child = "Maria G.";
    label.program = "Robotics Club";
    label.room = "Room 12";
    label.when = "2026-11-23 3:30 pm";
    label.code = "7KQ";
    label.school = "Riverbend Elementary";
    return label;
}

// Dark pixels in a band of rows [top, bottom) of the image.
int Dark(const print::GrayImage& image, int top, int bottom) {
    int n = 0;
    for (int y = top; y < bottom && y < image.height; ++y) {
        for (int x = 0; x < image.width; ++x) n += image.pixels[static_cast<size_t>(y * image.width + x)] < 128;
    }
    return n;
}

// A TCP port on loopback that accepts connections and never answers (a hung print server).
struct SilentServer {
    int fd = -1;
    int port = 0;
    SilentServer() {
        fd = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
        REQUIRE(listen(fd, 8) == 0);
        socklen_t length = sizeof addr;
        getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length);
        port = ntohs(addr.sin_port);
    }
    ~SilentServer() { close(fd); }
};

int ClosedPort() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t length = sizeof addr;
    getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length);
    close(fd);  // nothing listens there now
    return ntohs(addr.sin_port);
}

} // namespace

TEST_CASE("a tag shows the child large and the code in a box; the stub repeats the code; both are PNGs of the label's size") {
    if (!FontsPresent()) {
        MESSAGE("skipped: Noto Sans (fonts-noto-core) is not installed");
        return;
    }
    const print::LabelSize size;  // 57 x 32 mm at 300 dpi
    auto tag = print::RenderTag(Maria(), size, Fonts());
    REQUIRE(tag.Ok());
    CHECK(tag.Value().width == 673);
    CHECK(tag.Value().height == 378);
    // The name fills the top third; the code's black box sits at the bottom right.
    CHECK(Dark(tag.Value(), 0, 378 / 3) > 2000);
    int box = 0;
    for (int y = 378 * 2 / 3; y < 378; ++y) {
        for (int x = 673 * 3 / 4; x < 673; ++x) box += tag.Value().pixels[static_cast<size_t>(y * 673 + x)] < 128;
    }
    CHECK(box > 3000);
    auto stub = print::RenderStub(Maria(), size, Fonts());
    REQUIRE(stub.Ok());
    CHECK(Dark(stub.Value(), stub.Value().height / 2, stub.Value().height) > 2000);
    // What is sent decodes to the same picture.
    const std::string png = print::EncodePng(tag.Value());
    int w = 0, h = 0, channels = 0;
    unsigned char* decoded = stbi_load_from_memory(reinterpret_cast<const unsigned char*>(png.data()), static_cast<int>(png.size()), &w, &h, &channels, 1);
    REQUIRE(decoded != nullptr);
    CHECK(w == 673);
    CHECK(h == 378);
    CHECK(std::equal(decoded, decoded + w * h, tag.Value().pixels.begin()));
    stbi_image_free(decoded);
    // A Chinese name comes from the fallback font, not as boxes: it draws as much ink as a Latin one.
    print::CheckinLabel li = Maria();
    li.child = "李明";
    auto chinese = print::RenderTag(li, size, Fonts());
    REQUIRE(chinese.Ok());
    if (std::filesystem::exists(Fonts().fallback)) CHECK(Dark(chinese.Value(), 0, 378 / 3) > 2000);
    // A missing font or an absurd size is a clear message, not a crash.
    print::LabelFonts none;
    none.bold = "/nonexistent/font.ttf";
    CHECK(print::RenderTag(Maria(), size, none).Error().find("font") != std::string::npos);
    print::LabelSize huge;
    huge.width_mm = 5000;
    CHECK(print::RenderTag(Maria(), huge, Fonts()).Error().find("label size") != std::string::npos);
}

TEST_CASE("security codes are three characters that cannot be misread, and they differ") {
    std::set<std::string> seen;
    for (int i = 0; i < 200; ++i) {
        const std::string code = print::NewSecurityCode();
        REQUIRE(code.size() == 3);
        CHECK(code.find_first_of("0O1IL5S2Z") == std::string::npos);
        seen.insert(code);
    }
    CHECK(seen.size() > 150);  // 26^3 = 17 576 codes: 200 draws rarely repeat
}

TEST_CASE("a printer that never answers never holds up a check-in, and a printer that is not there is said") {
    if (!FontsPresent()) {
        MESSAGE("skipped: Noto Sans (fonts-noto-core) is not installed");
        return;
    }
    {
        // Submit only queues: it returns while the server has not said a word.
        SilentServer silent;
        print::PrinterSettings settings;
        settings.destination = "KioskLabels";
        settings.server = "127.0.0.1:" + std::to_string(silent.port);
        settings.fonts = Fonts();
        settings.timeout_ms = 60000;
        auto printer = std::make_unique<print::LabelPrinter>(settings);
        for (int i = 0; i < 30; ++i) printer->Submit(Maria());
        CHECK_FALSE(printer->WaitIdle(0.5));  // still stuck on the first label
        const auto status = printer->Status();
        CHECK(status.printed == 0);
        CHECK(status.waiting <= settings.max_waiting);  // the oldest were dropped, and counted
        CHECK(status.failed >= 2 * (30 - 1 - static_cast<int64_t>(settings.max_waiting)));
        // Stopping cancels the connection in progress rather than waiting out its minute.
        const auto before = std::chrono::steady_clock::now();
        printer.reset();
        CHECK(std::chrono::steady_clock::now() - before < std::chrono::seconds(20));
    }
    {
        print::PrinterSettings settings;
        settings.destination = "KioskLabels";
        settings.server = "127.0.0.1:" + std::to_string(ClosedPort());
        settings.fonts = Fonts();
        settings.timeout_ms = 2000;
        print::LabelPrinter printer(settings);
        printer.Submit(Maria());
        REQUIRE(printer.WaitIdle(30));
        const auto status = printer.Status();
        CHECK(status.printed == 0);
        CHECK(status.failed == 2);
        CHECK(status.last_error.find("cannot reach the print server 127.0.0.1:") != std::string::npos);
    }
    {
        // No printer configured: nothing runs and nothing is counted.
        print::LabelPrinter printer({});
        printer.Submit(Maria());
        CHECK_FALSE(printer.Status().configured);
        CHECK(printer.Status().waiting == 0);
    }
}
