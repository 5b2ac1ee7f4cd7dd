// The FrameView the kiosk's loop draws. See views.h.
#include <imgui.h>

#include <chrono>
#include <filesystem>
#include <iostream>

#include "kiosk/ui/views.h"
#include "render/fonts.h"
#include "render/theme.h"

namespace kiosk {

void KioskUi::Prepare(render::Platform& platform) {
    KioskApp& app = m_ui.app;
    KioskModel& model = app.Model();
    // Fonts depend on the screen size, the larger-text mode and the text shown: rebuilt when
    // any of them changes. The text is the shown language's (with English, which it falls
    // back to, and every language's own name): a kiosk offering six languages starts as fast
    // as one offering three, and a family choosing Chinese waits for its glyphs once, at
    // that tap.
    const float em = render::EmForScreen(platform.FramebufferWidth(), platform.FramebufferHeight(), model.LargerText());
    const std::string language = model.Language();
    // Students' and programs' names come with the roster (the sync thread or kioskctl stores
    // it): a name in any script is drawn, never as '?'.
    const std::string& names_version = app.NamesVersion();
    const std::string key = std::to_string(em) + "|" + app.Directory().Info().imported_at + "|" + (model.HighContrast() ? "hc" : "") + "|" +
                            language + "|" + names_version;
    if (key != m_font_key) {
        const auto started = std::chrono::steady_clock::now();
        m_font_key = key;
        const KioskConfig& config = app.Config();
        render::FontRequest request = render::DefaultFontRequest();
        if (!config.font_regular.empty()) request.regular_paths.insert(request.regular_paths.begin(), config.font_regular);
        if (!config.font_bold.empty()) request.bold_paths.insert(request.bold_paths.begin(), config.font_bold);
        if (!config.font_icons.empty()) request.icon_paths.insert(request.icon_paths.begin(), config.font_icons);
        request.em = em;
        // One string per line, so that right-to-left text is shaped as it is drawn (complex_text.h).
        request.ui_text = app.Tr().AllText(language) + config.school_name + "\n" + KeyboardText(language) + "\n";
        if (config.default_language != language) request.ui_text += app.Tr().AllText(config.default_language);  // the staff panel's
        for (const auto& code : config.languages) request.ui_text += Endonym(code) + "\n";
        try {
            request.ui_text += "\n" + app.Checkins().ShownNames();  // titles and the staff panel's small text show them too
        } catch (const std::exception& error) {
            std::cerr << "kiosk: warning: the roster's names could not be read for the fonts: " << error.what() << "\n";
        }
        request.text = request.ui_text + app.Store().AllText(language);
        request.arabic_keyboard = language == "ar";  // the only session with the Arabic keyboard
        // Beside the database: where this kiosk keeps its state (tests give each kiosk its own).
        const std::filesystem::path db_dir = std::filesystem::path(app.DbPath()).parent_path();
        if (!db_dir.empty()) request.cache_dir = (db_dir / "font-cache").string();
        m_ui.fonts = render::BuildFonts(ImGui::GetIO().Fonts, request);
        for (const auto& warning : m_ui.fonts.warnings) std::cerr << "kiosk: warning: " << warning << "\n";
        platform.ReloadFontTexture();
        m_ui.atlas_width = ImGui::GetIO().Fonts->TexWidth;
        m_ui.atlas_height = ImGui::GetIO().Fonts->TexHeight;
        m_ui.em = em;
        render::ApplyTheme({model.HighContrast(), em});
        m_font_build_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    }
}

void KioskUi::Draw() {
    m_ui.now = m_ui.app.Now();
    m_ui.local_now = m_ui.app.LocalNow();
    m_ui.clock = m_ui.app.Clock();
    DrawKiosk(m_ui);
}

} // namespace kiosk
