// The window the kiosk's loop drives, as an interface: the GLFW window on a kiosk
// (render/window.h) and a headless one for tests and the UI benchmark (render/headless.h),
// so both run the same loop (KioskApp::Frame) with the same workers. No ImGui in this header.
// Threads: the UI thread, except Wake, which any thread may call.
#pragma once

#include <cstdint>
#include <vector>

namespace render {

class Platform {
public:
    virtual ~Platform() = default;

    virtual bool ShouldClose() const = 0;
    virtual void RequestClose() = 0;

    // Sleeps until input arrives, Wake is called, or `timeout_seconds` pass (0 = don't sleep).
    virtual void WaitForEvents(double timeout_seconds) = 0;
    // Ends a WaitForEvents early; safe from any thread (a worker posted a result).
    virtual void Wake() = 0;
    // How many input events (pointer, button, key, text, resize) arrived so far.
    virtual uint64_t InputEvents() const = 0;
    // Pointer events wait for later frames (one button change per frame): draw another.
    virtual bool InputPending() const = 0;

    // Begins an ImGui frame with this frame's input; EndFrame renders and presents it.
    virtual void BeginFrame() = 0;
    virtual void EndFrame() = 0;
    // The next EndFrame also reads the frame back (RGBA, top row first). False where there
    // are no pixels to read (headless).
    virtual bool CaptureNextFrame() = 0;
    virtual bool TakeCapture(std::vector<uint8_t>& rgba, int& width, int& height) = 0;

    // Uploads the font atlas again after it was rebuilt (new glyphs, new sizes).
    virtual void ReloadFontTexture() = 0;

    virtual int FramebufferWidth() const = 0;
    virtual int FramebufferHeight() const = 0;
};

} // namespace render
