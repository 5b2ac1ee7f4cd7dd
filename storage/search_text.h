// How typed words meet the search index: letters folded the way people type them, words
// tokenized exactly as the index tokenizes them, typos forgiven against the index's own
// vocabulary, and synonyms (which the kiosk loads from assets/i18n/synonyms.txt and passes in
// each ServiceQuery).
// Threads: FoldForSearch, EditDistance and Synonyms are pure (Parse opens its own in-memory
// connection for the tokenizer); IndexTokens uses the connection it is given;
// SearchVocabulary::For may be called from any thread.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;

namespace storage {

class Database;

// Letters that unicode61's remove_diacritics keeps distinct but that people type as a plain
// letter: Vietnamese đ/Đ as d/D, and ł, ø, æ, œ, ß as l, o, ae, oe, ss (none of the kiosk's
// languages tells them apart from the plain letter in a word); and Arabic without vowel
// marks or tatweel, every alef as ا, ى as ي, ة as ه, and a word's article (ال, وال, بال, فال,
// كال, لل) left out when three letters remain. Applied to the index's text (the search_fold()
// SQL function) and to what is typed.
std::string FoldForSearch(std::string_view text);

// Registers search_fold(text) and text_hash(text) on the connection. Returns an SQLite
// result code.
int RegisterSearchFold(sqlite3* db);

// A short fingerprint of a text (64-bit FNV-1a, hex): a translation remembers the one of the
// text it was made from, so a changed source shows as a stale translation. text_hash() in SQL.
std::string TextHash(std::string_view text);

// `text` cut into words exactly as service_fts's tokenizer does (unicode61, diacritics
// removed, lower case), after FoldForSearch.
std::vector<std::string> IndexTokens(sqlite3* db, std::string_view text);

// Levenshtein distance between two words, counted in code points; any distance above
// `limit` is returned as limit + 1 (and costs no more than the band around the diagonal).
int EditDistance(std::u32string_view a, std::u32string_view b, int limit);

// How many edits a word of `letters` code points may have and still match: none under 4,
// 1 for 4 to 7, 2 from 8.
int TypoAllowance(size_t letters);

// Words that mean the same to a family looking for help ("comida" = "alimentos", "đồ ăn" =
// "thực phẩm"), per language but looked up across all of them: a key is one to three index
// tokens joined by spaces ("do an"), a value a list of phrases (each one or more tokens).
inline constexpr int kMaxSynonymWords = 3;
struct Synonyms {
    std::map<std::string, std::vector<std::string>> of;
    // Reads lines "LANG: word = other, another phrase" ('#' starts a comment). Words are
    // tokenized as the index does (so "Comida" and "comida" are one key); both directions.
    static Synonyms Parse(std::string_view text);
    // Parse of a file; no synonyms (and `error` says why) when it cannot be read.
    static Synonyms Load(const std::string& path, std::string* error = nullptr);
};

// The version of the directory's search index and of the schema: it changes whenever the
// directory or a translation is imported (RebuildSearchIndex) or the database is migrated.
// What is computed from the index is kept in memory under it (version_cache.h).
std::string SearchIndexVersion(Database& db);

// The distinct words of the search index, cached per database file and directory import.
class SearchVocabulary {
public:
    static std::shared_ptr<const SearchVocabulary> For(Database& db);
    // Index words within the typo allowance of `token` (never `token` itself), closest first.
    // `prefix`: the word is still being typed, so a word that starts with something that
    // close matches too ("tutr" -> "tutoring").
    std::vector<std::string> Near(const std::string& token, bool prefix) const;
    size_t size() const { return m_count; }

private:
    std::vector<std::vector<std::pair<std::u32string, std::string>>> m_by_length;  // [letters] -> (code points, UTF-8)
    size_t m_count = 0;
};

} // namespace storage
