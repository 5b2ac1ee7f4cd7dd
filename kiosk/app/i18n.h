// UI strings in several languages, from gettext .po files under assets/i18n/ that a
// translator edits with standard tools (Poedit, Weblate, msgmerge). The msgid is the English
// text, so a missing or fuzzy translation shows English, never a key.
// Threads: loaded at start-up, then read by the UI thread only.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "base/result.h"

namespace kiosk {

// Parses .po text into msgid -> msgstr. Entries marked fuzzy and empty msgstr are left out.
base::Result<std::map<std::string, std::string>> ParsePo(const std::string& text, const std::string& source);

struct LanguageInfo {
    std::string code;       // "vi"
    std::string endonym;    // "Tiếng Việt": each language named in itself
};

class Translator {
public:
    // Loads <dir>/<code>.po for each language but English. A missing or broken file is a
    // warning (that language shows English), never a failure.
    void Load(const std::string& dir, const std::vector<std::string>& languages);
    void SetCatalog(const std::string& code, std::map<std::string, std::string> catalog);

    void SetLanguage(const std::string& code) { m_language = code; }
    const std::string& Language() const { return m_language; }

    // The text in the current language, or the English text itself.
    const std::string& Tr(const std::string& english) const;
    // The same in `language`, whatever the current one (what the kiosk prints is in its own).
    const std::string& TrIn(const std::string& language, const std::string& english) const;
    // Every English string and its translation into `language`, for building font glyph
    // ranges (the atlas holds the shown language's glyphs; "" = every language's), one per line.
    std::string AllText(const std::string& language = "") const;

    const std::vector<std::string>& Warnings() const { return m_warnings; }

private:
    std::string m_language = "en";
    std::map<std::string, std::map<std::string, std::string>> m_catalogs;
    std::vector<std::string> m_warnings;
};

// Written right to left (Arabic, Hebrew, Persian, Urdu): the screens mirror their layout.
bool RightToLeft(const std::string& code);
// "en" -> "English", "es" -> "Español", "vi" -> "Tiếng Việt"; unknown codes come back as given.
std::string Endonym(const std::string& code);
// A spoken-language code as a family reads it in the UI language ("so" in Spanish -> "Somalí").
std::string LanguageName(const std::string& code, const Translator& tr);

// `text` with `placeholder` ("{count}") replaced by `value`. Placeholders, not printf
// formats: a translator's typo can never crash the kiosk.
std::string Fill(std::string text, const std::string& placeholder, const std::string& value);

} // namespace kiosk
