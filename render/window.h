// The kiosk's window: GLFW + an OpenGL 3.0 (or OpenGL ES 3.0) context + Dear ImGui with its
// GLFW and OpenGL3 backends. Platform side and renderer side, one struct of state, no globals.
// Threads: the UI thread only (GLFW requires the main thread).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"
#include "render/platform.h"
#include "render/pointer_queue.h"

struct GLFWwindow;

namespace render {

struct WindowOptions {
    std::string title = "Kiosk";   // window title (shown only when windowed)
    bool fullscreen = true;        // fullscreen on the primary monitor, cursor hidden
    int width = 1280;              // windowed size
    int height = 800;
};

class Window final : public Platform {
public:
    Window() = default;
    ~Window() override;
    Window(const Window&) = delete;
    Window& operator=(const Window&) = delete;

    // Opens the window and sets up ImGui; fails with what went wrong in words ("no display:
    // ...", "no OpenGL 3.0 context: ...").
    base::Status Open(const WindowOptions& options);
    void Close();

    bool ShouldClose() const override;
    void RequestClose() override;
    // The loop calls this when nothing animates, so an idle kiosk uses no CPU.
    void WaitForEvents(double timeout_seconds) override;
    void Wake() override;  // glfwPostEmptyEvent: any thread
    uint64_t InputEvents() const override { return m_input_events; }
    bool InputPending() const override { return m_pointer.Pending(); }

    void BeginFrame() override;
    void EndFrame() override;          // renders ImGui's draw data and presents it
    bool CaptureNextFrame() override { m_capture_next = true; return true; }
    bool TakeCapture(std::vector<uint8_t>& rgba, int& width, int& height) override;

    void ReloadFontTexture() override;

    int FramebufferWidth() const override;
    int FramebufferHeight() const override;

private:
    static void CountInput(GLFWwindow* window);
    static bool SingleChannelTextures();  // GL_R8 with a texture swizzle works here

    GLFWwindow* m_window = nullptr;
    // Keys pressed since the last frame. A barcode scanner presses and releases Enter within
    // a millisecond, so both often land in one event batch and ImGui 1.86's GLFW backend
    // (which latches mouse presses but not keys) would never see the key down.
    std::vector<int> m_pressed_keys;
    std::vector<int> m_forced_keys;  // forced down last frame: set back to the real state
    PointerQueue m_pointer;
    bool m_imgui_ready = false;
    bool m_device_objects = false;  // the backend's shaders exist
    bool m_single_channel = false;  // the font atlas goes up as GL_R8
    unsigned int m_font_texture = 0;  // ours, when single channel
    uint64_t m_input_events = 0;
    bool m_capture_next = false;
    std::vector<uint8_t> m_capture;
    int m_capture_width = 0, m_capture_height = 0;
};

// Writes RGBA pixels (top row first) as a PNG.
base::Status WritePng(const std::string& path, int width, int height, const std::vector<uint8_t>& rgba);

} // namespace render
