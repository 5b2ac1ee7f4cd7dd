// Guardian pickup, district side. See pickup.h.
#include "server/pickup.h"

#include <algorithm>
#include <map>

#include "base/secret_hash.h"

namespace district {

base::Result<std::vector<storage::RosterStudent>> PrepareRoster(std::vector<storage::RosterStudent> students,
                                                                const std::vector<std::string>& pickup_grades) {
    using R = base::Result<std::vector<storage::RosterStudent>>;
    std::map<std::string, std::string> code_of;  // adult id -> code (same adult, same code)
    std::map<std::string, std::string> adult_of;  // code -> adult id (one adult a code)
    for (const storage::RosterStudent& s : students) {
        for (const storage::AuthorizedAdult& a : s.adults) {
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
    for (storage::RosterStudent& s : students) {
        if (std::find(pickup_grades.begin(), pickup_grades.end(), s.grade) != pickup_grades.end()) s.pickup_required = true;
        for (storage::AuthorizedAdult& a : s.adults) {
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

nlohmann::json RosterForKiosks(const std::vector<storage::RosterStudent>& students) {
    nlohmann::json list = nlohmann::json::array();
    for (const storage::RosterStudent& s : students) {
        nlohmann::json student = {{"student_id", s.student_id}, {"display_name", storage::ShortName(s.display_name)},
                                  {"program_ids", s.program_ids}};
        if (s.pickup_required) student["pickup_required"] = true;
        if (!s.adults.empty()) {
            nlohmann::json adults = nlohmann::json::array();
            for (const storage::AuthorizedAdult& a : s.adults) {
                adults.push_back({{"adult_id", a.adult_id}, {"display_name", a.display_name}, {"relationship", a.relationship},
                                  {"code_hash", a.code_hash}});
            }
            student["adults"] = std::move(adults);
        }
        if (!s.do_not_release.empty()) student["do_not_release"] = s.do_not_release;
        list.push_back(std::move(student));
    }
    return {{"students", std::move(list)}};
}

} // namespace district
