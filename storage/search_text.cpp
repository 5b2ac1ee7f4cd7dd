// Folding, tokens, typos and synonyms for search. See search_text.h.
#include "storage/search_text.h"

#include <sqlite3.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <sstream>

#include "storage/database.h"
#include "storage/version_cache.h"

namespace storage {

namespace {

// UTF-8 -> code points; a malformed byte stands for itself (it can only come from the index
// or from typed text that the tokenizer already accepted).
std::u32string Decode(std::string_view text) {
    std::u32string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size();) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
        if (extra && i + static_cast<size_t>(extra) >= text.size()) extra = 0;  // cut short: the byte alone
        char32_t cp = extra == 0 ? c : extra == 1 ? (c & 0x1F) : extra == 2 ? (c & 0x0F) : (c & 0x07);
        for (int k = 1; k <= extra; ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[i + static_cast<size_t>(k)]) & 0x3F);
        out += cp;
        i += static_cast<size_t>(extra) + 1;
    }
    return out;
}

fts5_api* Fts5(sqlite3* db) {
    fts5_api* api = nullptr;
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &statement, nullptr) != SQLITE_OK) return nullptr;
    sqlite3_bind_pointer(statement, 1, &api, "fts5_api_ptr", nullptr);
    sqlite3_step(statement);
    sqlite3_finalize(statement);
    return api;
}

// An SQL function of one text argument computed by `F` (NULL stays NULL).
template <std::string (*F)(std::string_view)>
void TextFunction(sqlite3_context* context, int, sqlite3_value** values) {
    if (sqlite3_value_type(values[0]) == SQLITE_NULL) {
        sqlite3_result_null(context);
        return;
    }
    const char* text = reinterpret_cast<const char*>(sqlite3_value_text(values[0]));
    const std::string out = F(text ? std::string_view(text, static_cast<size_t>(sqlite3_value_bytes(values[0]))) : "");
    sqlite3_result_text(context, out.data(), static_cast<int>(out.size()), SQLITE_TRANSIENT);
}

} // namespace

namespace {

// Arabic as people type it: without vowel marks or the elongation stroke, every alef as a
// bare alef, alef maqsura as ya, ta marbuta as ha, and a word's article "ال" (with a joined
// و ف ب ك before it, or the "لل" of "for the") left out when three letters or more remain:
// "طعام" finds "الطعام", "مدرسة" finds "المدرسه".
bool IsArabicLetter(char32_t c) { return c >= 0x0621 && c <= 0x064A; }

std::string FoldArabic(const std::string& text) {
    bool any = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0xD8 && c <= 0xDB) { any = true; break; }
    }
    if (!any) return text;
    // Decode the two-byte sequences of U+0600..U+06FF; everything else passes as bytes.
    std::u32string letters;
    std::string out;
    out.reserve(text.size());
    auto flush = [&]() {
        if (letters.empty()) return;
        size_t start = 0;
        auto starts_with = [&](std::u32string_view prefix) {
            return letters.size() >= prefix.size() + 3 && std::u32string_view(letters).substr(0, prefix.size()) == prefix;
        };
        for (std::u32string_view prefix : {std::u32string_view(U"\u0648\u0627\u0644"), std::u32string_view(U"\u0641\u0627\u0644"),
                                           std::u32string_view(U"\u0628\u0627\u0644"), std::u32string_view(U"\u0643\u0627\u0644"),
                                           std::u32string_view(U"\u0627\u0644"), std::u32string_view(U"\u0644\u0644")}) {
            if (starts_with(prefix)) {
                start = prefix.size();
                break;
            }
        }
        for (size_t k = start; k < letters.size(); ++k) {
            const char32_t c = letters[k];
            out.push_back(static_cast<char>(0xC0 | (c >> 6)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
        }
        letters.clear();
    };
    for (size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if ((c == 0xD8 || c == 0xD9 || c == 0xDA || c == 0xDB) && i + 1 < text.size()) {
            char32_t cp = (static_cast<char32_t>(c & 0x1F) << 6) | (static_cast<unsigned char>(text[i + 1]) & 0x3F);
            i += 2;
            if ((cp >= 0x064B && cp <= 0x065F) || cp == 0x0670 || cp == 0x0640) continue;  // marks, tatweel
            if (cp == 0x0622 || cp == 0x0623 || cp == 0x0625 || cp == 0x0671) cp = 0x0627;
            if (cp == 0x0649) cp = 0x064A;
            if (cp == 0x0629) cp = 0x0647;
            if (IsArabicLetter(cp)) {
                letters.push_back(cp);
                continue;
            }
            flush();
            out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
            continue;
        }
        flush();
        out.push_back(text[i++]);
    }
    flush();
    return out;
}

} // namespace

std::string FoldForSearch(std::string_view text) {
    struct Pair {
        std::string_view from, to;
    };
    static constexpr Pair kFolds[] = {
        {"\xC4\x91", "d"}, {"\xC4\x90", "D"},    // đ Đ (Vietnamese)
        {"\xC5\x82", "l"}, {"\xC5\x81", "L"},    // ł Ł
        {"\xC3\xB8", "o"}, {"\xC3\x98", "O"},    // ø Ø
        {"\xC3\xA6", "ae"}, {"\xC3\x86", "AE"},  // æ Æ
        {"\xC5\x93", "oe"}, {"\xC5\x92", "OE"},  // œ Œ
        {"\xC3\x9F", "ss"},                      // ß
    };
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size();) {
        bool folded = false;
        if (static_cast<unsigned char>(text[i]) >= 0xC3 && static_cast<unsigned char>(text[i]) <= 0xC5) {
            for (const Pair& pair : kFolds) {
                if (text.substr(i, pair.from.size()) == pair.from) {
                    out += pair.to;
                    i += pair.from.size();
                    folded = true;
                    break;
                }
            }
        }
        if (!folded) out += text[i++];
    }
    return FoldArabic(out);
}

std::string TextHash(std::string_view text) {
    uint64_t hash = 1469598103934665603ull;
    for (const char c : text) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ull;
    }
    char out[17];
    std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(hash));
    return out;
}

int RegisterSearchFold(sqlite3* db) {
    const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
    const int rc = sqlite3_create_function_v2(db, "search_fold", 1, flags, nullptr, &TextFunction<FoldForSearch>, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return rc;
    return sqlite3_create_function_v2(db, "text_hash", 1, flags, nullptr, &TextFunction<TextHash>, nullptr, nullptr, nullptr);
}

std::vector<std::string> IndexTokens(sqlite3* db, std::string_view text) {
    std::vector<std::string> tokens;
    fts5_api* api = Fts5(db);
    if (!api) return tokens;
    void* user = nullptr;
    fts5_tokenizer methods{};
    if (api->xFindTokenizer(api, "unicode61", &user, &methods) != SQLITE_OK) return tokens;
    const char* args[] = {"remove_diacritics", "2"};  // as service_fts is declared
    Fts5Tokenizer* tokenizer = nullptr;
    if (methods.xCreate(user, args, 2, &tokenizer) != SQLITE_OK) return tokens;
    const std::string folded = FoldForSearch(text);
    auto collect = [](void* context, int, const char* token, int bytes, int, int) {
        static_cast<std::vector<std::string>*>(context)->emplace_back(token, static_cast<size_t>(bytes));
        return SQLITE_OK;
    };
    methods.xTokenize(tokenizer, &tokens, FTS5_TOKENIZE_QUERY, folded.data(), static_cast<int>(folded.size()), collect);
    methods.xDelete(tokenizer);
    return tokens;
}

int EditDistance(std::u32string_view a, std::u32string_view b, int limit) {
    const int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
    if (std::abs(n - m) > limit) return limit + 1;
    const int kFar = limit + 1;
    std::vector<int> previous(static_cast<size_t>(m) + 1), current(static_cast<size_t>(m) + 1);
    for (int j = 0; j <= m; ++j) previous[static_cast<size_t>(j)] = std::min(j, kFar);
    for (int i = 1; i <= n; ++i) {
        const int from = std::max(1, i - limit), to = std::min(m, i + limit);
        current[0] = std::min(i, kFar);
        if (from > 1) current[static_cast<size_t>(from) - 1] = kFar;
        int best = current[0];
        for (int j = from; j <= to; ++j) {
            const int substitute = previous[static_cast<size_t>(j) - 1] + (a[static_cast<size_t>(i) - 1] == b[static_cast<size_t>(j) - 1] ? 0 : 1);
            const int value = std::min({substitute, previous[static_cast<size_t>(j)] + 1, current[static_cast<size_t>(j) - 1] + 1, kFar});
            current[static_cast<size_t>(j)] = value;
            best = std::min(best, value);
        }
        if (to < m) current[static_cast<size_t>(to) + 1] = kFar;
        if (best > limit) return kFar;
        std::swap(previous, current);
    }
    return std::min(previous[static_cast<size_t>(m)], kFar);
}

int TypoAllowance(size_t letters) { return letters < 4 ? 0 : letters < 8 ? 1 : 2; }

Synonyms Synonyms::Load(const std::string& path, std::string* error) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        if (error) *error = "cannot read " + path;
        return {};
    }
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return Parse(text);
}

Synonyms Synonyms::Parse(std::string_view text) {
    Synonyms out;
    // The index's own tokenizer, on a connection of its own.
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY, nullptr) != SQLITE_OK) {
        sqlite3_close_v2(db);
        return out;
    }
    std::istringstream lines{std::string(text)};
    for (std::string line; std::getline(lines, line);) {
        if (const size_t hash = line.find('#'); hash != std::string::npos) line.erase(hash);
        const size_t colon = line.find(':'), equals = line.find('=');
        if (colon == std::string::npos || equals == std::string::npos || equals < colon) continue;
        std::vector<std::string> phrases;
        auto add = [&](std::string_view phrase) {
            const auto tokens = IndexTokens(db, phrase);
            std::string joined;
            for (const auto& t : tokens) joined += (joined.empty() ? "" : " ") + t;
            if (!joined.empty()) phrases.push_back(joined);
        };
        add(std::string_view(line).substr(colon + 1, equals - colon - 1));
        std::istringstream others(line.substr(equals + 1));
        for (std::string other; std::getline(others, other, ',');) add(other);
        for (const std::string& key : phrases) {
            if (std::count(key.begin(), key.end(), ' ') >= kMaxSynonymWords) continue;  // found, never a key
            for (const std::string& other : phrases) {
                auto& list = out.of[key];
                if (other != key && std::find(list.begin(), list.end(), other) == list.end()) list.push_back(other);
            }
        }
    }
    sqlite3_close_v2(db);
    return out;
}

std::string SearchIndexVersion(Database& db) {
    Statement& statement = db.Cached("SELECT value FROM directory_meta WHERE key = 'search_index_version'");
    std::string version = statement.Step() ? statement.Text(0) : "";
    statement.Reset();
    return std::to_string(db.UserVersion()) + ":" + version;
}

std::shared_ptr<const SearchVocabulary> SearchVocabulary::For(Database& db) {
    const std::string version = SearchIndexVersion(db);
    return VersionCache::Get<SearchVocabulary>(db.Path(), version, "vocabulary", [&db] {
        auto vocabulary = std::make_shared<SearchVocabulary>();
        db.Exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocabulary USING fts5vocab(main, 'service_fts', 'row')");
        Statement statement(db, "SELECT term FROM temp.search_vocabulary");
        while (statement.Step()) {
            std::string term = statement.Text(0);
            std::u32string letters = Decode(term);
            if (letters.size() >= vocabulary->m_by_length.size()) vocabulary->m_by_length.resize(letters.size() + 1);
            vocabulary->m_by_length[letters.size()].emplace_back(std::move(letters), std::move(term));
            ++vocabulary->m_count;
        }
        return std::shared_ptr<const SearchVocabulary>(std::move(vocabulary));
    });
}

std::vector<std::string> SearchVocabulary::Near(const std::string& token, bool prefix) const {
    const std::u32string word = Decode(token);
    const int limit = TypoAllowance(word.size());
    std::vector<std::pair<int, const std::string*>> found;
    if (limit == 0) return {};
    const size_t shortest = word.size() > static_cast<size_t>(limit) ? word.size() - static_cast<size_t>(limit) : 1;
    const size_t longest = prefix ? m_by_length.size() : std::min(m_by_length.size(), word.size() + static_cast<size_t>(limit) + 1);
    for (size_t length = shortest; length < longest; ++length) {
        for (const auto& [letters, text] : m_by_length[length]) {
            if (text == token) continue;
            int distance = EditDistance(word, letters, limit);
            if (prefix && distance > limit && letters.size() > word.size()) {
                // The word being typed against the start of a longer index word, as long as
                // the typed word (give or take the allowance).
                for (int extra = -limit; extra <= limit && distance > limit; ++extra) {
                    const long cut = static_cast<long>(word.size()) + extra;
                    if (cut < 1 || cut >= static_cast<long>(letters.size())) continue;
                    distance = std::min(distance, EditDistance(word, std::u32string_view(letters).substr(0, static_cast<size_t>(cut)), limit));
                }
            }
            if (distance <= limit) found.emplace_back(distance, &text);
        }
    }
    std::stable_sort(found.begin(), found.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    std::vector<std::string> out;
    for (const auto& [distance, text] : found) {
        if (out.size() >= 12) break;  // the closest dozen: enough for a word, bounded for FTS
        out.push_back(*text);
    }
    return out;
}

} // namespace storage
