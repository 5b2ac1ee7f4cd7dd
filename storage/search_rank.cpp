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
#include <array>
#include <vector>

namespace storage {
namespace {

constexpr int kColumns = static_cast<int>(std::size(kSearchColumnWeights));
constexpr double kPerExtraMention = 0.1;
constexpr int kMaxExtraMentions = 5;

void SearchRank(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* result, int, sqlite3_value**) {
    const int phrases = api->xPhraseCount(fts);
    int instances = 0;
    int rc = api->xInstCount(fts, &instances);
    if (rc != SQLITE_OK) {
        sqlite3_result_error_code(result, rc);
        return;
    }
    // best[p]: the heaviest column phrase p was found in; mentions[p]: how often.
    std::array<double, 16> best_small{};
    std::array<int, 16> mentions_small{};
    std::vector<double> best_large;
    std::vector<int> mentions_large;
    double* best = best_small.data();
    int* mentions = mentions_small.data();
    if (phrases > static_cast<int>(best_small.size())) {
        best_large.assign(static_cast<size_t>(phrases), 0.0);
        mentions_large.assign(static_cast<size_t>(phrases), 0);
        best = best_large.data();
        mentions = mentions_large.data();
    }
    for (int i = 0; i < instances; ++i) {
        int phrase = 0, column = 0, offset = 0;
        rc = api->xInst(fts, i, &phrase, &column, &offset);
        if (rc != SQLITE_OK) {
            sqlite3_result_error_code(result, rc);
            return;
        }
        if (phrase < 0 || phrase >= phrases || column < 0 || column >= kColumns) continue;
        best[phrase] = std::max(best[phrase], kSearchColumnWeights[column]);
        ++mentions[phrase];
    }
    double score = 0;
    for (int p = 0; p < phrases; ++p) {
        score += best[p] + kPerExtraMention * std::min(std::max(mentions[p] - 1, 0), kMaxExtraMentions);
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
