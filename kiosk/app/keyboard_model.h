// The on-screen keyboard: layouts (letters, accents and Vietnamese tones, Arabic, digits) and what
// each key does to the text. No drawing here; the search view draws it.
// Threads: the UI thread only.
#pragma once

#include <string>
#include <vector>

namespace kiosk {

enum class KeyboardLayer { Letters, Accents, Digits, Arabic };

struct Key {
    std::string label;   // what the key shows
    std::string insert;  // text it types ("" for special keys)
    enum class Action { Insert, Backspace, Space, Clear, Layer, Tone, Results } action = Action::Insert;  // Results: hide the keyboard
    KeyboardLayer layer = KeyboardLayer::Letters;  // for Action::Layer
    int tone = 0;        // for Action::Tone: 0 sắc, 1 huyền, 2 hỏi, 3 ngã, 4 nặng
    float width = 1.0f;  // in key units
};

class KeyboardModel {
public:
    KeyboardLayer Layer() const { return m_layer; }
    void SetLayer(KeyboardLayer layer) { m_layer = layer; }
    // Rows of keys for the current layer, in logical order (the first key is where a row
    // starts to be read: drawn on the right when RightToLeft()).
    const std::vector<std::vector<Key>>& Rows() const;
    bool RightToLeft() const { return m_layer == KeyboardLayer::Arabic; }
    // The shown language picks the first layer: Arabic letters for Arabic, else Latin. Called
    // every frame; only a change of language changes the layer.
    void UseLanguage(const std::string& code);
    // Applies a key to `text`. Returns true when the text changed.
    bool Press(const Key& key, std::string& text);

    static constexpr size_t kMaxTextBytes = 200;  // a search needs no more

private:
    KeyboardLayer m_layer = KeyboardLayer::Letters;
    std::string m_language;
};

// Every character the keyboard can show or type for a session in `language` (each layer it
// offers, every Vietnamese toned vowel), for the font atlas.
std::string KeyboardText(const std::string& language);

// Removes the last UTF-8 character of `text`.
void EraseLastCharacter(std::string& text);
// Puts a Vietnamese tone on the last vowel of `text` ("viet" + nặng -> "việt" needs ê first:
// "viêt" + nặng -> "việt"). Returns false when the last character is not a vowel that takes it.
bool ApplyVietnameseTone(std::string& text, int tone);

} // namespace kiosk
