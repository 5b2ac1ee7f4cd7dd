// Guardian pickup, district side. See pickup.h.
#include "server/pickup.h"


namespace district {

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
