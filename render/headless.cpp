// A headless ImGui context. See headless.h.
#include "render/headless.h"

#include <imgui.h>

#include "render/theme.h"

namespace render {

HeadlessContext::HeadlessContext(float width, float height, FontRequest request) {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(width, height);
    io.DeltaTime = 1.0f / 60.0f;
    // The key codes GLFW's backend maps (GLFW_KEY_ENTER, _KP_ENTER, _BACKSPACE).
    io.KeyMap[ImGuiKey_Enter] = 257;
    io.KeyMap[ImGuiKey_KeyPadEnter] = 335;
    io.KeyMap[ImGuiKey_Backspace] = 259;
    m_em = EmForScreen(static_cast<int>(width), static_cast<int>(height), false);
    request.em = m_em;
    m_fonts = BuildFonts(io.Fonts, request);
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);  // what a renderer would upload
    ApplyTheme({false, m_em});
}

HeadlessContext::~HeadlessContext() { ImGui::DestroyContext(); }

} // namespace render
