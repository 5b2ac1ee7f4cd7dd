// The reference for figure 7: an empty GLFW + OpenGL + Dear ImGui window, opened exactly as the
// kiosk opens its own (render::Window, the same options), drawing empty frames. What the kiosk
// needs beyond this (its database, models, workers, fonts and screens) is what figure 7 counts,
// so Mesa's software GL under Xvfb no longer hides our own cost.
// Prints "screen: empty" after the first frame, as the kiosk prints "screen: welcome".
// Usage: empty_window [--windowed] [--exit-after SECONDS]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

#include "base/process.h"
#include "render/window.h"

int main(int argc, char** argv) {
    double exit_after = 3;
    render::WindowOptions options;
    options.title = "Kiosk — empty reference";
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--windowed") options.fullscreen = false;
        else if (arg == "--exit-after" && i + 1 < argc) exit_after = std::atof(argv[++i]);
    }
    render::Window window;
    if (const base::Status opened = window.Open(options); !opened) {
        std::cerr << "empty_window: " << opened.Error() << "\n";
        return 3;
    }
    const double window_mb = base::ResidentMegabytes();
    const auto started = std::chrono::steady_clock::now();
    bool first = true;
    while (!window.ShouldClose() && std::chrono::steady_clock::now() - started < std::chrono::duration<double>(exit_after)) {
        window.BeginFrame();
        window.EndFrame();
        if (first) {
            std::cout << "screen: empty" << std::endl;
            std::printf("empty_window: resident after window %.1f MB, after first frame %.1f MB\n", window_mb, base::ResidentMegabytes());
            std::fflush(stdout);
            first = false;
        }
        window.WaitForEvents(0.5);
    }
    window.Close();
    return 0;
}
