// gettext .po loading. See i18n.h.
#include "kiosk/app/i18n.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace kiosk {

namespace {

// Reads one C-style quoted string starting at `pos` (at the opening quote).
bool ReadQuoted(const std::string& line, size_t pos, std::string& out) {
    if (pos >= line.size() || line[pos] != '"') return false;
    for (size_t i = pos + 1; i < line.size(); ++i) {
        const char c = line[i];
        if (c == '"') return true;
        if (c == '\\' && i + 1 < line.size()) {
            const char e = line[++i];
            switch (e) {
                case 'n': out += '\n'; break;
                case 't': out += '\t'; break;
                case '"': out += '"'; break;
                case '\\': out += '\\'; break;
                default: out += e; break;
            }
        } else {
            out += c;
        }
    }
    return false;  // no closing quote
}

} // namespace

base::Result<std::map<std::string, std::string>> ParsePo(const std::string& text, const std::string& source) {
    using R = base::Result<std::map<std::string, std::string>>;
    std::map<std::string, std::string> catalog;
    std::string msgid, msgstr;
    std::string* target = nullptr;
    bool fuzzy = false, next_fuzzy = false, have_entry = false;
    auto flush = [&]() {
        if (have_entry && !fuzzy && !msgid.empty() && !msgstr.empty()) catalog[msgid] = msgstr;
        msgid.clear();
        msgstr.clear();
        have_entry = false;
        target = nullptr;
    };
    std::istringstream in(text);
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const size_t start = line.find_first_not_of(" \t");
        if (start == std::string::npos) continue;
        line = line.substr(start);
        if (line.rfind("#,", 0) == 0) {
            next_fuzzy = line.find("fuzzy") != std::string::npos;
            continue;
        }
        if (line[0] == '#') continue;
        if (line.rfind("msgctxt", 0) == 0) continue;  // contexts are not used by the kiosk
        if (line.rfind("msgid_plural", 0) == 0) { target = nullptr; continue; }
        if (line.rfind("msgid", 0) == 0) {
            const size_t quote = line.find('"');
            std::string value;
            if (quote == std::string::npos || !ReadQuoted(line, quote, value)) {
                return R::Fail(source + ":" + std::to_string(number) + ": unterminated string");
            }
            flush();
            msgid = value;
            have_entry = true;
            fuzzy = next_fuzzy;
            next_fuzzy = false;
            target = &msgid;
            continue;
        }
        if (line.rfind("msgstr", 0) == 0) {
            const size_t quote = line.find('"');
            std::string value;
            if (quote == std::string::npos || !ReadQuoted(line, quote, value)) {
                return R::Fail(source + ":" + std::to_string(number) + ": unterminated string");
            }
            if (line.rfind("msgstr[", 0) == 0 && line.rfind("msgstr[0]", 0) != 0) { target = nullptr; continue; }
            msgstr = value;
            target = &msgstr;
            continue;
        }
        if (line[0] == '"') {
            if (!target) continue;
            if (!ReadQuoted(line, 0, *target)) return R::Fail(source + ":" + std::to_string(number) + ": unterminated string");
            continue;
        }
        return R::Fail(source + ":" + std::to_string(number) + ": not .po syntax: " + line.substr(0, 40));
    }
    flush();
    return catalog;
}

void Translator::Load(const std::string& dir, const std::vector<std::string>& languages) {
    for (const std::string& code : languages) {
        if (code == "en") continue;
        const std::string path = dir + "/" + code + ".po";
        std::ifstream in(path);
        if (!in) {
            m_warnings.push_back(path + " is missing; " + Endonym(code) + " shows English");
            continue;
        }
        std::stringstream text;
        text << in.rdbuf();
        auto catalog = ParsePo(text.str(), path);
        if (!catalog) {
            m_warnings.push_back(catalog.Error() + "; " + Endonym(code) + " shows English");
            continue;
        }
        m_catalogs[code] = std::move(catalog.Value());
    }
}

void Translator::SetCatalog(const std::string& code, std::map<std::string, std::string> catalog) {
    m_catalogs[code] = std::move(catalog);
}

const std::string& Translator::Tr(const std::string& english) const { return TrIn(m_language, english); }

const std::string& Translator::TrIn(const std::string& language, const std::string& english) const {
    auto catalog = m_catalogs.find(language);
    if (catalog == m_catalogs.end()) return english;
    auto it = catalog->second.find(english);
    return it == catalog->second.end() ? english : it->second;
}

std::string Translator::AllText(const std::string& language) const {
    std::string all;
    for (const auto& [code, catalog] : m_catalogs) {
        const bool texts = language.empty() || code == language;
        for (const auto& [id, text] : catalog) {
            // One string per line: right-to-left text is shaped paragraph by paragraph, as
            // each string is drawn (and the Latin lines are skipped at once).
            all += id + "\n";
            if (texts) all += text + "\n";
        }
    }
    return all;
}

bool RightToLeft(const std::string& code) { return code == "ar" || code == "he" || code == "fa" || code == "ur"; }

std::string Endonym(const std::string& code) {
    static const std::map<std::string, std::string> kNames = {
        {"en", "English"}, {"es", "Español"}, {"vi", "Tiếng Việt"}, {"zh", "中文"}, {"so", "Soomaali"},
        {"ar", "العربية"}, {"fr", "Français"}, {"ht", "Kreyòl ayisyen"}, {"pt", "Português"}, {"ru", "Русский"},
        {"ko", "한국어"}, {"tl", "Tagalog"}, {"uk", "Українська"}, {"ur", "اردو"},
    };
    auto it = kNames.find(code);
    return it == kNames.end() ? code : it->second;
}

std::string LanguageName(const std::string& code, const Translator& tr) {
    static const std::map<std::string, std::string> kEnglish = {
        {"en", "English"}, {"es", "Spanish"}, {"vi", "Vietnamese"}, {"zh", "Chinese"}, {"so", "Somali"},
        {"ar", "Arabic"}, {"fr", "French"}, {"ht", "Haitian Creole"}, {"pt", "Portuguese"}, {"ru", "Russian"},
        {"ko", "Korean"}, {"tl", "Tagalog"}, {"uk", "Ukrainian"}, {"ur", "Urdu"}, {"pl", "Polish"}, {"sk", "Slovak"},
        {"ase", "American Sign Language"}, {"hmn", "Hmong"}, {"fa", "Farsi"}, {"am", "Amharic"}, {"hi", "Hindi"},
    };
    auto it = kEnglish.find(code);
    return it == kEnglish.end() ? code : tr.Tr(it->second);
}

std::string Fill(std::string text, const std::string& placeholder, const std::string& value) {
    const auto at = text.find(placeholder);
    if (at == std::string::npos) return text;
    // In a right-to-left sentence, or for a right-to-left value (their lead bytes D6..DF:
    // Hebrew, Arabic, Syriac, Thaana, N'Ko), the value is a first-strong isolate, FSI .. PDI,
    // so "Maria G." or "مريم ح." keeps its full stop at its own end and a number its digits'
    // order whatever surrounds it.
    auto right_to_left = [](const std::string& s) {
        return std::any_of(s.begin(), s.end(), [](char c) {
            const auto b = static_cast<unsigned char>(c);
            return b >= 0xD6 && b <= 0xDF;
        });
    };
    const bool isolate = right_to_left(text) || right_to_left(value);
    text.replace(at, placeholder.size(), isolate ? "\u2068" + value + "\u2069" : value);
    return text;
}

} // namespace kiosk
