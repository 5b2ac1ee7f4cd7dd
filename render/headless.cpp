// A headless Platform. See headless.h.
#include "render/headless.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <cfloat>
#include <chrono>

namespace render {

HeadlessPlatform::HeadlessPlatform(int width, int height) : m_width(width), m_height(height) {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.LogFilename = nullptr;
    io.DisplaySize = ImVec2(static_cast<float>(width), static_cast<float>(height));
    // The key codes GLFW's backend maps (GLFW_KEY_ENTER, _KP_ENTER, _BACKSPACE).
    io.KeyMap[ImGuiKey_Enter] = kKeyEnter;
    io.KeyMap[ImGuiKey_KeyPadEnter] = 335;
    io.KeyMap[ImGuiKey_Backspace] = kKeyBackspace;
}

HeadlessPlatform::~HeadlessPlatform() { ImGui::DestroyContext(); }

void HeadlessPlatform::Tap(float x, float y) {
    m_pointer.Move(x, y);
    m_pointer.Button(0, true);
    m_pointer.Button(0, false);
    m_input_events += 3;
}

void HeadlessPlatform::Press(float x, float y) {
    m_pointer.Move(x, y);
    m_pointer.Button(0, true);
    m_input_events += 2;
}

void HeadlessPlatform::MoveTo(float x, float y) {
    m_pointer.Move(x, y);
    ++m_input_events;
}

void HeadlessPlatform::Release() {
    m_pointer.Button(0, false);
    ++m_input_events;
}

void HeadlessPlatform::Leave() {
    m_pointer.Leave();
    ++m_input_events;
}

void HeadlessPlatform::Type(const std::string& utf8) {
    const char* p = utf8.c_str();
    const char* end = p + utf8.size();
    while (p < end) {
        unsigned int c = 0;
        const int length = ImTextCharFromUtf8(&c, p, end);
        if (length <= 0) break;
        m_text.push_back(c);
        p += length;
        ++m_input_events;
    }
}

void HeadlessPlatform::Key(int key) {
    m_pressed_keys.push_back(key);
    m_input_events += 2;
}

void HeadlessPlatform::WaitForEvents(double timeout_seconds) {
    std::unique_lock lock(m_mutex);
    const double wait = std::min(timeout_seconds, m_max_wait);
    if (wait > 0 && !m_wake && !m_pointer.Pending()) {
        m_woken.wait_for(lock, std::chrono::duration<double>(wait), [this] { return m_wake; });
    }
    m_wake = false;
}

void HeadlessPlatform::Wake() {
    {
        std::lock_guard lock(m_mutex);
        m_wake = true;
    }
    m_woken.notify_all();
}

void HeadlessPlatform::BeginFrame() {
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(static_cast<float>(m_width), static_cast<float>(m_height));
    io.DeltaTime = m_delta;
    // Keys as the window hands them over: down for at least one frame, then released.
    for (int key : m_forced_keys) io.KeysDown[key] = false;
    m_forced_keys.clear();
    for (int key : m_pressed_keys) {
        if (key >= 0 && key < IM_ARRAYSIZE(io.KeysDown)) {
            io.KeysDown[key] = true;
            m_forced_keys.push_back(key);
        }
    }
    m_pressed_keys.clear();
    for (unsigned int c : m_text) io.AddInputCharacter(c);
    m_text.clear();
    m_pointer.NextFrame();
    io.MousePos = m_pointer.Inside() ? ImVec2(static_cast<float>(m_pointer.X()), static_cast<float>(m_pointer.Y()))
                                     : ImVec2(-FLT_MAX, -FLT_MAX);
    for (int b = 0; b < PointerQueue::kButtons; ++b) io.MouseDown[b] = m_pointer.Down(b);
    ImGui::NewFrame();
}

void HeadlessPlatform::EndFrame() { ImGui::Render(); }

void HeadlessPlatform::ReloadFontTexture() {
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);  // what a renderer would upload
    ImGui::GetIO().Fonts->ClearTexData();                         // and then let go, as the window does
}

} // namespace render
