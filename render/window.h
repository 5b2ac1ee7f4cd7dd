// The kiosk's window: GLFW + an OpenGL 3.0 (or OpenGL ES 3.0) context + Dear ImGui with its
// GLFW and OpenGL3 backends. Platform side and renderer side, one struct of state, no globals.
// Threads: the UI thread only (GLFW requires the main thread).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "render/pointer_queue.h"

struct GLFWwindow;

namespace render {

struct WindowOptions {
    std::string title = "Kiosk";   // window title (shown only when windowed)
    bool fullscreen = true;        // fullscreen on the primary monitor, cursor hidden
    int width = 1280;              // windowed size
    int height = 800;
};

class Window {
public:
    Window() = default;
    ~Window();
    Window(const Window&) = delete;
    Window& operator=(const Window&) = delete;

    // Opens the window and sets up ImGui. Returns "" on success, else what went wrong in
    // words ("no display: ...", "no OpenGL 3.0 context: ...").
    std::string Open(const WindowOptions& options);
    void Close();

    bool ShouldClose() const;
    void RequestClose();

    // Sleeps until input arrives or `timeout_seconds` pass (0 = don't sleep). The loop calls
    // this when nothing animates, so an idle kiosk uses no CPU.
    void WaitForEvents(double timeout_seconds);
    // Ends a WaitForEvents early; safe to call from any thread (a worker finished something).
    static void Wake();
    // How many input events (pointer, button, key, text, scroll, resize) arrived so far.
    uint64_t InputEvents() const { return m_input_events; }
    // Pointer events wait for later frames (one button change per frame): draw another.
    bool InputPending() const { return m_pointer.Pending(); }

    void BeginFrame();
    void EndFrame();                 // renders ImGui's draw data and presents it
    // Reads the frame just rendered (call between ImGui::Render and present: EndFrame(true)).
    void EndFrameWithCapture(std::vector<uint8_t>& rgba, int& width, int& height);

    // Uploads the font atlas again after it was rebuilt (new glyphs, new sizes).
    void ReloadFontTexture();

    int FramebufferWidth() const;
    int FramebufferHeight() const;

private:
    void Present(std::vector<uint8_t>* capture, int* width, int* height);
    static void CountInput(GLFWwindow* window);

    GLFWwindow* m_window = nullptr;
    // Keys pressed since the last frame. A barcode scanner presses and releases Enter within
    // a millisecond, so both often land in one event batch and ImGui 1.86's GLFW backend
    // (which latches mouse presses but not keys) would never see the key down.
    std::vector<int> m_pressed_keys;
    std::vector<int> m_forced_keys;  // forced down last frame: set back to the real state
    PointerQueue m_pointer;
    bool m_imgui_ready = false;
    uint64_t m_input_events = 0;
};

// Writes RGBA pixels (top row first) as a PNG. Returns "" or the error.
std::string WritePng(const std::string& path, int width, int height, const std::vector<uint8_t>& rgba);

} // namespace render
