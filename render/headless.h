// A Platform with no window and no GPU: the real ImGui frame, fonts and draw code, driven by
// tests and the UI benchmark through the same loop the kiosk runs (KioskApp::Frame). Input
// goes through the same PointerQueue as the GLFW window's, so a tap sent as a touchscreen
// sends it (move + press + release at once) is handed to ImGui exactly as on the kiosk; key
// codes are GLFW's, as ImGui's GLFW backend maps them.
// Threads: the UI thread, for its whole life (one ImGui context at a time); Wake from any.
#pragma once

#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

#include "render/platform.h"
#include "render/pointer_queue.h"

namespace render {

class HeadlessPlatform final : public Platform {
public:
    static constexpr int kKeyEnter = 257;      // GLFW_KEY_ENTER
    static constexpr int kKeyBackspace = 259;  // GLFW_KEY_BACKSPACE

    HeadlessPlatform(int width, int height);
    ~HeadlessPlatform() override;
    HeadlessPlatform(const HeadlessPlatform&) = delete;
    HeadlessPlatform& operator=(const HeadlessPlatform&) = delete;

    // --- What a person does (each counts as input, as the window's callbacks do) ---------
    void Tap(float x, float y);               // move + press + release in one batch
    void Press(float x, float y);             // move + press
    void MoveTo(float x, float y);
    void Release();
    void Leave();                             // the finger is gone: nothing hovers
    void Type(const std::string& utf8);       // a keyboard or a USB scanner types text
    void Key(int key);                        // pressed and released within one batch

    // How long WaitForEvents may really sleep (tests drive frames themselves: 0 by default).
    void SetMaxWait(double seconds) { m_max_wait = seconds; }
    void SetDeltaTime(float seconds) { m_delta = seconds; }

    // --- Platform --------------------------------------------------------------------------
    bool ShouldClose() const override { return m_close; }
    void RequestClose() override { m_close = true; }
    void WaitForEvents(double timeout_seconds) override;
    void Wake() override;
    uint64_t InputEvents() const override { return m_input_events; }
    bool InputPending() const override { return m_pointer.Pending(); }
    void BeginFrame() override;
    void EndFrame() override;
    bool CaptureNextFrame() override { return false; }  // no pixels without a GPU
    bool TakeCapture(std::vector<uint8_t>&, int&, int&) override { return false; }
    void ReloadFontTexture() override;
    int FramebufferWidth() const override { return m_width; }
    int FramebufferHeight() const override { return m_height; }

private:
    int m_width, m_height;
    PointerQueue m_pointer;
    std::vector<unsigned int> m_text;
    std::vector<int> m_pressed_keys, m_forced_keys;
    uint64_t m_input_events = 0;
    bool m_close = false;
    double m_max_wait = 0;
    float m_delta = 1.0f / 60.0f;
    std::mutex m_mutex;
    std::condition_variable m_woken;
    bool m_wake = false;
};

} // namespace render
