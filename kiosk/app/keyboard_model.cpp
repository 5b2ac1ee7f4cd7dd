// On-screen keyboard. See keyboard_model.h.
#include "kiosk/app/keyboard_model.h"

#include <array>
#include <cstring>

namespace kiosk {

namespace {

using Action = Key::Action;

Key Letter(const char* c) { return {c, c, Action::Insert, KeyboardLayer::Letters, 0, 1.0f}; }
Key Special(const char* label, Action action, float width) { return {label, "", action, KeyboardLayer::Letters, 0, width}; }
Key LayerKey(const char* label, KeyboardLayer layer, float width) { return {label, "", Action::Layer, layer, 0, width}; }
Key Tone(const char* label, int tone) { return {label, "", Action::Tone, KeyboardLayer::Letters, tone, 1.0f}; }

std::vector<Key> Row(std::initializer_list<const char*> letters) {
    std::vector<Key> row;
    for (const char* c : letters) row.push_back(Letter(c));
    return row;
}

// Each base vowel followed by its five toned forms: sắc, huyền, hỏi, ngã, nặng.
constexpr std::array<std::array<const char*, 6>, 24> kTones = {{
    {"a", "á", "à", "ả", "ã", "ạ"}, {"ă", "ắ", "ằ", "ẳ", "ẵ", "ặ"}, {"â", "ấ", "ầ", "ẩ", "ẫ", "ậ"},
    {"e", "é", "è", "ẻ", "ẽ", "ẹ"}, {"ê", "ế", "ề", "ể", "ễ", "ệ"}, {"i", "í", "ì", "ỉ", "ĩ", "ị"},
    {"o", "ó", "ò", "ỏ", "õ", "ọ"}, {"ô", "ố", "ồ", "ổ", "ỗ", "ộ"}, {"ơ", "ớ", "ờ", "ở", "ỡ", "ợ"},
    {"u", "ú", "ù", "ủ", "ũ", "ụ"}, {"ư", "ứ", "ừ", "ử", "ữ", "ự"}, {"y", "ý", "ỳ", "ỷ", "ỹ", "ỵ"},
    {"A", "Á", "À", "Ả", "Ã", "Ạ"}, {"Ă", "Ắ", "Ằ", "Ẳ", "Ẵ", "Ặ"}, {"Â", "Ấ", "Ầ", "Ẩ", "Ẫ", "Ậ"},
    {"E", "É", "È", "Ẻ", "Ẽ", "Ẹ"}, {"Ê", "Ế", "Ề", "Ể", "Ễ", "Ệ"}, {"I", "Í", "Ì", "Ỉ", "Ĩ", "Ị"},
    {"O", "Ó", "Ò", "Ỏ", "Õ", "Ọ"}, {"Ô", "Ố", "Ồ", "Ổ", "Ỗ", "Ộ"}, {"Ơ", "Ớ", "Ờ", "Ở", "Ỡ", "Ợ"},
    {"U", "Ú", "Ù", "Ủ", "Ũ", "Ụ"}, {"Ư", "Ứ", "Ừ", "Ử", "Ữ", "Ự"}, {"Y", "Ý", "Ỳ", "Ỷ", "Ỹ", "Ỵ"},
}};

size_t LastCharacterStart(const std::string& text) {
    if (text.empty()) return 0;
    size_t i = text.size() - 1;
    while (i > 0 && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) --i;
    return i;
}

} // namespace

std::string KeyboardText(const std::string& language) {
    std::string text;
    KeyboardModel keyboard;
    keyboard.UseLanguage(language);
    std::vector<KeyboardLayer> layers = {KeyboardLayer::Letters, KeyboardLayer::Accents, KeyboardLayer::Digits};
    if (language == "ar") layers.push_back(KeyboardLayer::Arabic);
    for (KeyboardLayer layer : layers) {
        keyboard.SetLayer(layer);
        for (const auto& row : keyboard.Rows()) {
            for (const Key& key : row) text += key.label + key.insert;
        }
    }
    for (const auto& forms : kTones) {
        for (const char* form : forms) text += form;
    }
    return text;
}

void EraseLastCharacter(std::string& text) { text.erase(LastCharacterStart(text)); }

bool ApplyVietnameseTone(std::string& text, int tone) {
    if (text.empty() || tone < 0 || tone > 4) return false;
    const size_t start = LastCharacterStart(text);
    const std::string last = text.substr(start);
    for (const auto& forms : kTones) {
        for (size_t f = 0; f < forms.size(); ++f) {
            if (last != forms[f]) continue;
            // A toned vowel takes the new tone (or loses it when the same tone is pressed again).
            const char* replacement = (f == static_cast<size_t>(tone) + 1) ? forms[0] : forms[tone + 1];
            text.replace(start, std::string::npos, replacement);
            return true;
        }
    }
    return false;
}

const std::vector<std::vector<Key>>& KeyboardModel::Rows() const {
    static const std::vector<std::vector<Key>> letters = [] {
        std::vector<std::vector<Key>> rows = {
            Row({"q", "w", "e", "r", "t", "y", "u", "i", "o", "p"}),
            Row({"a", "s", "d", "f", "g", "h", "j", "k", "l", "ñ"}),
            Row({"z", "x", "c", "v", "b", "n", "m"}),
            {LayerKey("áéí", KeyboardLayer::Accents, 1.5f), LayerKey("123", KeyboardLayer::Digits, 1.5f),
             Special("space", Action::Space, 3.0f), Special("clear", Action::Clear, 1.5f), Special("results", Action::Results, 2.5f)},
        };
        rows[2].push_back(Special("backspace", Action::Backspace, 2.0f));
        return rows;
    }();
    // The Arabic layout phones use (the PC layout's rows, ض first, read from the right).
    static const std::vector<std::vector<Key>> arabic = [] {
        std::vector<std::vector<Key>> rows = {
            Row({"ض", "ص", "ث", "ق", "ف", "غ", "ع", "ه", "خ", "ح", "ج"}),
            Row({"ش", "س", "ي", "ب", "ل", "ا", "ت", "ن", "م", "ك", "ط"}),
            Row({"ذ", "ء", "ؤ", "ر", "ى", "ة", "و", "ز", "ظ", "د"}),
            {LayerKey("abc", KeyboardLayer::Letters, 1.5f), LayerKey("123", KeyboardLayer::Digits, 1.5f),
             Special("space", Action::Space, 3.5f), Special("clear", Action::Clear, 1.5f), Special("results", Action::Results, 2.5f)},
        };
        rows[2].push_back(Special("backspace", Action::Backspace, 1.0f));
        return rows;
    }();
    static const std::vector<std::vector<Key>> accents = [] {
        std::vector<std::vector<Key>> rows = {
            Row({"á", "é", "í", "ó", "ú", "ñ", "ü", "¿", "¡", "ç"}),
            Row({"ă", "â", "đ", "ê", "ô", "ơ", "ư", "è", "à", "ò"}),
            {Tone("á", 0), Tone("à", 1), Tone("ả", 2), Tone("ã", 3), Tone("ạ", 4)},
            {LayerKey("abc", KeyboardLayer::Letters, 1.5f), LayerKey("123", KeyboardLayer::Digits, 1.5f),
             Special("space", Action::Space, 3.0f), Special("clear", Action::Clear, 1.5f), Special("results", Action::Results, 2.5f)},
        };
        rows[2].push_back(Special("backspace", Action::Backspace, 2.0f));
        return rows;
    }();
    static const std::vector<std::vector<Key>> digits = [] {
        std::vector<std::vector<Key>> rows = {
            Row({"1", "2", "3", "4", "5", "6", "7", "8", "9", "0"}),
            Row({"-", "'", "&", "/", ",", "."}),
            {LayerKey("abc", KeyboardLayer::Letters, 1.5f), LayerKey("áéí", KeyboardLayer::Accents, 1.5f),
             Special("space", Action::Space, 2.5f), Special("backspace", Action::Backspace, 2.0f),
             Special("results", Action::Results, 2.5f)},
        };
        return rows;
    }();
    static const std::vector<std::vector<Key>> letters_arabic = [] {
        std::vector<std::vector<Key>> rows = letters;
        rows[3].erase(rows[3].begin());  // áéí gives way to the Arabic letters' key
        rows[3].insert(rows[3].begin(), LayerKey("ابج", KeyboardLayer::Arabic, 1.5f));
        return rows;
    }();
    switch (m_layer) {
        case KeyboardLayer::Arabic: return arabic;
        case KeyboardLayer::Accents: return accents;
        case KeyboardLayer::Digits: return digits;
        default: return m_language == "ar" ? letters_arabic : letters;
    }
}

void KeyboardModel::UseLanguage(const std::string& code) {
    if (code == m_language) return;
    m_language = code;
    m_layer = code == "ar" ? KeyboardLayer::Arabic : KeyboardLayer::Letters;
}

bool KeyboardModel::Press(const Key& key, std::string& text) {
    switch (key.action) {
        case Action::Insert:
            if (text.size() + key.insert.size() > kMaxTextBytes) return false;
            text += key.insert;
            return true;
        case Action::Space:
            if (text.empty() || text.back() == ' ' || text.size() >= kMaxTextBytes) return false;
            text += ' ';
            return true;
        case Action::Backspace:
            if (text.empty()) return false;
            EraseLastCharacter(text);
            return true;
        case Action::Clear:
            if (text.empty()) return false;
            text.clear();
            return true;
        case Action::Layer:
            m_layer = key.layer;
            return false;
        case Action::Tone:
            return ApplyVietnameseTone(text, key.tone);
        case Action::Results:
            return false;  // the screen hides the keyboard
    }
    return false;
}

} // namespace kiosk
