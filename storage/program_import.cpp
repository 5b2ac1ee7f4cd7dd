// Programs and roster readers. See program_import.h.
#include "storage/program_import.h"

#include <csv.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "base/secret_hash.h"

namespace storage {

using nlohmann::json;

namespace {

std::string Str(const json& o, const char* key) {
    auto it = o.find(key);
    if (it == o.end()) return {};
    if (it->is_string()) return it->get<std::string>();
    if (it->is_number_integer()) return std::to_string(it->get<int64_t>());
    return {};
}

std::string Trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

bool IsTime(const std::string& t) {
    int h = -1, m = -1;
    return std::sscanf(t.c_str(), "%d:%d", &h, &m) == 2 && h >= 0 && h <= 24 && m >= 0 && m < 60;
}

Result<std::string> ReadText(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Result<std::string>::Fail(path + ": cannot read the file");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

bool Flag(const json& o, const char* key) {
    auto it = o.find(key);
    return it != o.end() && it->is_boolean() && it->get<bool>();
}

// "yes", "true", "1", "y" (any case) -> true; "" and anything else -> false.
bool FlagText(std::string text) {
    text = Trim(text);
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text == "yes" || text == "true" || text == "1" || text == "y";
}

// One authorized adult, checked; "" when it may be added, else why not.
std::string CheckAdult(const AuthorizedAdult& a) {
    if (a.adult_id.empty()) return "no adult_id";
    if (a.display_name.empty()) return "no display_name";
    if (!a.pickup_code.empty() && !a.code_hash.empty()) return "both a pickup_code and a code_hash";
    if (a.pickup_code.empty() && a.code_hash.empty()) return "no pickup_code";
    if (!a.pickup_code.empty() && !ValidPickupCode(a.pickup_code)) return "the pickup_code is not 4 to 8 digits";
    if (!a.code_hash.empty()) {
        auto parsed = base::ParseSecretHash(a.code_hash, 10000);
        if (!parsed) return "the code_hash " + parsed.Error();
    }
    return {};
}

void AddAdult(RosterStudent& student, AuthorizedAdult adult, const std::string& where, std::vector<SkippedRecord>& skipped) {
    const std::string why = CheckAdult(adult);
    if (!why.empty()) {
        skipped.push_back({where, why});
        return;
    }
    for (const AuthorizedAdult& other : student.adults) {
        if (other.adult_id == adult.adult_id) {
            skipped.push_back({where, "adult_id " + adult.adult_id + " is already authorized for student " + student.student_id});
            return;
        }
    }
    student.adults.push_back(std::move(adult));
}

std::vector<std::vector<std::string>> CsvRows(const std::string& text, bool& ok) {
    struct Collector {
        std::vector<std::string> row;
        std::vector<std::vector<std::string>> rows;
    } c;
    csv_parser parser;
    csv_init(&parser, CSV_APPEND_NULL);
    auto on_field = [](void* data, size_t n, void* ctx) {
        static_cast<Collector*>(ctx)->row.emplace_back(static_cast<const char*>(data ? data : ""), data ? n : 0);
    };
    auto on_row = [](int, void* ctx) {
        auto* col = static_cast<Collector*>(ctx);
        col->rows.push_back(std::move(col->row));
        col->row.clear();
    };
    const size_t used = csv_parse(&parser, text.data(), text.size(), on_field, on_row, &c);
    csv_fini(&parser, on_field, on_row, &c);
    ok = used == text.size() && !c.rows.empty();
    csv_free(&parser);
    return std::move(c.rows);
}

} // namespace

bool ValidPickupCode(const std::string& code) {
    return code.size() >= 4 && code.size() <= 8 && std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Result<ProgramsFeed> ParsePrograms(const std::string& text, const std::string& source) {
    const json root = json::parse(text, nullptr, false);
    if (root.is_discarded()) return Result<ProgramsFeed>::Fail(source + " is not JSON");
    const json* list = nullptr;
    if (root.is_object() && root.contains("programs") && root["programs"].is_array()) list = &root["programs"];
    else if (root.is_array()) list = &root;
    if (!list) return Result<ProgramsFeed>::Fail(source + ": expected {\"programs\": [...]}");
    ProgramsFeed feed;
    std::set<std::string> ids;
    int index = 0;
    for (const json& item : *list) {
        ++index;
        const std::string where = "program " + std::to_string(index);
        if (!item.is_object()) { feed.skipped.push_back({where, "not an object"}); continue; }
        Program p;
        p.id = Str(item, "id");
        p.name = Trim(Str(item, "name"));
        if (p.id.empty()) { feed.skipped.push_back({where, "no id"}); continue; }
        if (p.name.empty()) { feed.skipped.push_back({where + " (id " + p.id + ")", "no name"}); continue; }
        if (!ids.insert(p.id).second) { feed.skipped.push_back({where + " (id " + p.id + ")", "id used twice"}); continue; }
        p.organization_name = Str(item, "organization_name");
        p.location = Str(item, "location");
        p.description = Str(item, "description");
        if (item.contains("schedules") && item["schedules"].is_array()) {
            for (const json& s : item["schedules"]) {
                if (!s.is_object()) continue;
                ProgramSession session{Str(s, "byday"), Str(s, "opens_at").substr(0, 5), Str(s, "closes_at").substr(0, 5)};
                if (session.byday.empty() || !IsTime(session.opens_at) || !IsTime(session.closes_at)) continue;
                p.sessions.push_back(session);
            }
        }
        feed.programs.push_back(std::move(p));
    }
    return feed;
}

Result<RosterFeed> ParseRosterJson(const std::string& text, const std::string& source) {
    const json root = json::parse(text, nullptr, false);
    if (root.is_discarded() || !root.is_object() || !root.contains("students") || !root["students"].is_array()) {
        return Result<RosterFeed>::Fail(source + ": expected {\"students\": [...]}");
    }
    RosterFeed feed;
    std::set<std::string> ids;
    int index = 0;
    for (const json& item : root["students"]) {
        ++index;
        const std::string where = "student " + std::to_string(index);
        if (!item.is_object()) { feed.skipped.push_back({where, "not an object"}); continue; }
        RosterStudent s;
        s.student_id = Trim(Str(item, "student_id"));
        s.display_name = Trim(Str(item, "display_name"));
        if (s.student_id.empty()) { feed.skipped.push_back({where, "no student_id"}); continue; }
        if (!ids.insert(s.student_id).second) { feed.skipped.push_back({where, "student_id used twice"}); continue; }
        if (item.contains("program_ids") && item["program_ids"].is_array()) {
            for (const json& id : item["program_ids"]) {
                if (id.is_string()) s.program_ids.push_back(id.get<std::string>());
            }
        }
        s.pickup_required = Flag(item, "pickup_required");
        s.grade = Trim(Str(item, "grade"));
        s.do_not_release = Trim(Str(item, "do_not_release"));
        if (item.contains("adults") && item["adults"].is_array()) {
            int n = 0;
            for (const json& a : item["adults"]) {
                const std::string adult_where = where + " (id " + s.student_id + ") adult " + std::to_string(++n);
                if (!a.is_object()) { feed.skipped.push_back({adult_where, "not an object"}); continue; }
                AddAdult(s, {Trim(Str(a, "adult_id")), Trim(Str(a, "display_name")), Trim(Str(a, "relationship")),
                             Trim(Str(a, "code_hash")), Trim(Str(a, "pickup_code"))},
                         adult_where, feed.skipped);
            }
        }
        feed.students.push_back(std::move(s));
    }
    return feed;
}

Result<RosterFeed> ParseRosterCsv(const std::string& text, const std::string& source) {
    bool ok = false;
    struct {
        std::vector<std::vector<std::string>> rows;
    } c{CsvRows(text, ok)};
    if (!ok) return Result<RosterFeed>::Fail(source + " is not a CSV file");
    std::vector<std::string> header = c.rows[0];
    for (auto& h : header) h = Trim(h);
    auto column = [&](const char* name) -> int {
        for (size_t i = 0; i < header.size(); ++i) if (header[i] == name) return static_cast<int>(i);
        return -1;
    };
    const int id_col = column("student_id"), name_col = column("display_name"), programs_col = column("program_ids");
    const int grade_col = column("grade"), pickup_col = column("pickup_required"), note_col = column("do_not_release");
    auto field = [](const std::vector<std::string>& row, int col) { return col >= 0 && col < static_cast<int>(row.size()) ? Trim(row[col]) : std::string(); };
    if (id_col < 0 || name_col < 0) {
        return Result<RosterFeed>::Fail(source + ": the header must name student_id and display_name (and program_ids)");
    }
    RosterFeed feed;
    std::set<std::string> ids;
    for (size_t r = 1; r < c.rows.size(); ++r) {
        const auto& row = c.rows[r];
        const std::string where = source + " row " + std::to_string(r + 1);
        if (row.size() == 1 && Trim(row[0]).empty()) continue;
        if (static_cast<int>(row.size()) <= std::max(id_col, name_col)) { feed.skipped.push_back({where, "too few fields"}); continue; }
        RosterStudent s;
        s.student_id = Trim(row[id_col]);
        s.display_name = Trim(row[name_col]);
        if (s.student_id.empty()) { feed.skipped.push_back({where, "no student_id"}); continue; }
        if (!ids.insert(s.student_id).second) { feed.skipped.push_back({where, "student_id used twice"}); continue; }
        if (programs_col >= 0 && programs_col < static_cast<int>(row.size())) {
            std::stringstream list(row[programs_col]);
            std::string id;
            while (std::getline(list, id, ';')) {
                id = Trim(id);
                if (!id.empty()) s.program_ids.push_back(id);
            }
        }
        s.grade = field(row, grade_col);
        s.pickup_required = FlagText(field(row, pickup_col));
        s.do_not_release = field(row, note_col);
        feed.students.push_back(std::move(s));
    }
    return feed;
}

Result<size_t> ParseAdultsCsv(const std::string& text, const std::string& source, RosterFeed& feed) {
    bool ok = false;
    const auto rows = CsvRows(text, ok);
    if (!ok) return Result<size_t>::Fail(source + " is not a CSV file");
    std::vector<std::string> header = rows[0];
    for (auto& h : header) h = Trim(h);
    auto column = [&](const char* name) -> int {
        for (size_t i = 0; i < header.size(); ++i) if (header[i] == name) return static_cast<int>(i);
        return -1;
    };
    const int student_col = column("student_id"), adult_col = column("adult_id"), name_col = column("display_name");
    const int relationship_col = column("relationship"), code_col = column("pickup_code");
    if (student_col < 0 || adult_col < 0 || name_col < 0 || code_col < 0) {
        return Result<size_t>::Fail(source + ": the header must name student_id, adult_id, display_name and pickup_code (and relationship)");
    }
    std::map<std::string, size_t> index;
    for (size_t i = 0; i < feed.students.size(); ++i) index[feed.students[i].student_id] = i;
    auto field = [](const std::vector<std::string>& row, int col) { return col >= 0 && col < static_cast<int>(row.size()) ? Trim(row[col]) : std::string(); };
    size_t added = 0;
    for (size_t r = 1; r < rows.size(); ++r) {
        const auto& row = rows[r];
        const std::string where = source + " row " + std::to_string(r + 1);
        if (row.size() == 1 && Trim(row[0]).empty()) continue;
        const std::string student_id = field(row, student_col);
        auto it = index.find(student_id);
        if (it == index.end()) {
            feed.skipped.push_back({where, student_id.empty() ? "no student_id" : "student " + student_id + " is not in the roster"});
            continue;
        }
        RosterStudent& student = feed.students[it->second];
        const size_t before = student.adults.size();
        AddAdult(student, {field(row, adult_col), field(row, name_col), field(row, relationship_col), {}, field(row, code_col)}, where,
                 feed.skipped);
        added += student.adults.size() - before;
    }
    return added;
}

Result<size_t> ReadAdultsFile(const std::string& path, RosterFeed& feed) {
    auto text = ReadText(path);
    if (!text) return Result<size_t>::Fail(text.Error());
    return ParseAdultsCsv(text.Value(), path, feed);
}

Result<RosterFeed> ReadRosterFile(const std::string& path) {
    auto text = ReadText(path);
    if (!text) return Result<RosterFeed>::Fail(text.Error());
    if (path.size() > 4 && path.substr(path.size() - 4) == ".csv") return ParseRosterCsv(text.Value(), path);
    return ParseRosterJson(text.Value(), path);
}

std::string RefuseEmptyImport(size_t valid, const std::vector<SkippedRecord>& skipped, const std::string& what,
                              const std::string& source, bool allow_empty) {
    if (valid > 0 || allow_empty) return {};
    std::string message = source + ": no valid " + what + " in it";
    if (!skipped.empty()) {
        message += " (" + std::to_string(skipped.size()) + " skipped, the first: " + skipped.front().where + ", " +
                   skipped.front().reason + ")";
    }
    return message + "; nothing was replaced. Every kiosk would be left with no " + what +
           ": to empty them on purpose, import again with --allow-empty";
}

Result<ProgramsFeed> ReadProgramsFile(const std::string& path) {
    auto text = ReadText(path);
    if (!text) return Result<ProgramsFeed>::Fail(text.Error());
    return ParsePrograms(text.Value(), path);
}

} // namespace storage
