// Guardian pickup, the roster's side. See pickup_roster.h.
#include "storage/pickup_roster.h"

#include <algorithm>
#include <functional>
#include <map>
#include <sstream>

#include "base/secret_hash.h"

namespace storage {

Result<std::vector<RosterStudent>> PrepareRoster(std::vector<RosterStudent> students, const std::vector<std::string>& pickup_grades) {
    using R = Result<std::vector<RosterStudent>>;
    std::map<std::string, std::string> code_of;  // adult id -> code (same adult, same code)
    std::map<std::string, std::string> adult_of;  // code -> adult id (one adult a code)
    for (const RosterStudent& s : students) {
        for (const AuthorizedAdult& a : s.adults) {
            if (a.pickup_code.empty()) continue;
            auto [code, added] = code_of.emplace(a.adult_id, a.pickup_code);
            if (!added && code->second != a.pickup_code) {
                return R::Fail("adult " + a.adult_id + " has two different pickup codes (one for student " + s.student_id +
                               "); an adult has one code for all their children. Nothing was replaced");
            }
            auto [owner, fresh] = adult_of.emplace(a.pickup_code, a.adult_id);
            if (!fresh && owner->second != a.adult_id) {
                return R::Fail("adults " + owner->second + " and " + a.adult_id +
                               " have the same pickup code; each adult needs their own, or a code would show another "
                               "family's children. Nothing was replaced");
            }
        }
    }
    const std::string salt = base::NewSalt();
    std::map<std::string, std::string> hash_of;  // code -> hash, each hashed once
    for (RosterStudent& s : students) {
        if (std::find(pickup_grades.begin(), pickup_grades.end(), s.grade) != pickup_grades.end()) s.pickup_required = true;
        for (AuthorizedAdult& a : s.adults) {
            if (a.pickup_code.empty()) continue;
            auto it = hash_of.find(a.pickup_code);
            if (it == hash_of.end()) it = hash_of.emplace(a.pickup_code, base::HashSecret(a.pickup_code, kPickupIterations, salt)).first;
            a.code_hash = it->second;
            std::fill(a.pickup_code.begin(), a.pickup_code.end(), '\0');
            a.pickup_code.clear();
        }
    }
    for (auto& [code, hash] : hash_of) {
        std::string wipe = code;
        std::fill(wipe.begin(), wipe.end(), '\0');
    }
    return students;
}

namespace {

Result<RosterImport> FinishImport(Result<RosterFeed> feed, const std::function<Result<size_t>(RosterFeed&)>& add_adults,
                                  const std::string& pickup_grades, bool allow_empty, const std::string& source) {
    if (!feed) return Result<RosterImport>::Fail(feed.Error());
    if (add_adults) {
        auto added = add_adults(feed.Value());
        if (!added) return Result<RosterImport>::Fail(added.Error());
    }
    if (auto refused = RefuseEmptyImport(feed->students.size(), feed->skipped, "students", source, allow_empty); !refused.empty()) {
        return Result<RosterImport>::Fail(refused);
    }
    std::vector<std::string> grades;
    std::stringstream in(pickup_grades);
    for (std::string grade; std::getline(in, grade, ',');) {
        if (!grade.empty()) grades.push_back(grade);
    }
    auto prepared = PrepareRoster(std::move(feed->students), grades);
    if (!prepared) return Result<RosterImport>::Fail(prepared.Error());
    return RosterImport{std::move(prepared.Value()), std::move(feed->skipped)};
}

} // namespace

Result<RosterImport> ReadRosterImport(const std::string& path, const std::string& adults_path, const std::string& pickup_grades,
                                      bool allow_empty) {
    std::function<Result<size_t>(RosterFeed&)> adults;
    if (!adults_path.empty()) adults = [&](RosterFeed& feed) { return ReadAdultsFile(adults_path, feed); };
    return FinishImport(ReadRosterFile(path), adults, pickup_grades, allow_empty, path);
}

Result<RosterImport> ParseRosterImport(const std::string& roster_text, bool csv, const std::string& adults_csv, const std::string& pickup_grades,
                                       bool allow_empty, const std::string& source) {
    std::function<Result<size_t>(RosterFeed&)> adults;
    if (!adults_csv.empty()) adults = [&](RosterFeed& feed) { return ParseAdultsCsv(adults_csv, source + " (adults)", feed); };
    return FinishImport(csv ? ParseRosterCsv(roster_text, source) : ParseRosterJson(roster_text, source), adults, pickup_grades, allow_empty,
                        source);
}

} // namespace storage
