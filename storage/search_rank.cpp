// The search ranking, computed from the match's positions alone.
//
// bm25() needs each row's column lengths, which FTS5 keeps in a separate table: one B-tree
// read per match, thousands for a short prefix on a big directory (figure 2). This rank reads
// only the phrase instances FTS5 already holds for the row. For each searched word it takes
// the weight of the best column the word is found in (a word in the name counts 10, in the
// description 1) and adds a little for each further mention, capped, so that a long
// description repeating a word cannot outweigh a name. Lower is better, like bm25().
#include "storage/search_rank.h"

#include <sqlite3.h>

#include <algorithm>
#include <iterator>

namespace storage {
namespace {

constexpr int kColumns = static_cast<int>(std::size(kSearchColumnWeights));
constexpr double kPerExtraMention = 0.1;
constexpr int kMaxExtraMentions = 5;

void SearchRank(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* result, int, sqlite3_value**) {
    // Each phrase's instances on their own (xPhraseFirst/xPhraseNext): xInst would first merge
    // every phrase's positions into one sorted list, which this rank does not need and which
    // was a third of the search's time for a word with synonyms over 10 000 services.
    const int phrases = api->xPhraseCount(fts);
    double score = 0;
    for (int p = 0; p < phrases; ++p) {
        Fts5PhraseIter iter;
        int column = -1, offset = -1;
        const int rc = api->xPhraseFirst(fts, p, &iter, &column, &offset);
        if (rc != SQLITE_OK) {
            sqlite3_result_error_code(result, rc);
            return;
        }
        double best = 0;  // the heaviest column the phrase was found in
        int mentions = 0;
        for (; column >= 0; api->xPhraseNext(fts, &iter, &column, &offset)) {
            if (column < kColumns) best = std::max(best, kSearchColumnWeights[column]);
            ++mentions;
        }
        score += best + kPerExtraMention * std::min(std::max(mentions - 1, 0), kMaxExtraMentions);
    }
    sqlite3_result_double(result, -score);
}

} // namespace

int RegisterSearchRank(sqlite3* db) {
    fts5_api* api = nullptr;
    sqlite3_stmt* statement = nullptr;
    int rc = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &statement, nullptr);
    if (rc != SQLITE_OK) return rc;
    sqlite3_bind_pointer(statement, 1, &api, "fts5_api_ptr", nullptr);
    sqlite3_step(statement);
    rc = sqlite3_finalize(statement);
    if (rc != SQLITE_OK) return rc;
    if (!api || api->iVersion < 2) return SQLITE_ERROR;
    return api->xCreateFunction(api, "search_rank", nullptr, &SearchRank, nullptr);
}

} // namespace storage
