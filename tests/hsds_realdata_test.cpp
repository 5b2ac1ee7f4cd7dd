// Import of directory data written by others (../shared/hsds-realdata beside the checkout, see
// its SOURCES.md): Open Referral's HSDS 1.1 sample package, laid out as packages really arrive.
// Expectations are read from the source CSV files themselves, table by table. Without the
// folder this program exits 77, which ctest reports as skipped.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "storage/database.h"
#include "storage/directory_store.h"
#include "hsds/reader.h"
#include "storage/migrations.h"
#include "test_support.h"

using namespace storage;
using namespace hsds;
namespace fs = std::filesystem;

namespace {

std::string RealData() {
    if (const char* env = std::getenv("HSDS_REALDATA_DIR")) return env;
    return test::SourceDir() + "/../shared/hsds-realdata";
}

std::string Hsds11() { return RealData() + "/hsds1.1-sample-all_resources"; }

// A CSV file as rows of name -> value (RFC 4180: quoted fields may hold commas, doubled quotes
// and line breaks), read here independently of the importer's libcsv.
std::vector<std::map<std::string, std::string>> ReadRows(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<std::vector<std::string>> records(1, std::vector<std::string>(1));
    bool quoted = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                records.back().back() += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                records.back().back() += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            records.back().emplace_back();
        } else if (c == '\n') {
            records.emplace_back(1);
        } else if (c != '\r') {
            records.back().back() += c;
        }
    }
    if (records.back().size() == 1 && records.back()[0].empty()) records.pop_back();
    std::vector<std::map<std::string, std::string>> rows;
    for (size_t r = 1; r < records.size(); ++r) {
        std::map<std::string, std::string> row;
        for (size_t i = 0; i < records[0].size() && i < records[r].size(); ++i) row[records[0][i]] = records[r][i];
        rows.push_back(std::move(row));
    }
    return rows;
}

const Service* Find(const DirectoryFeed& feed, const std::string& id) {
    for (const Service& s : feed.services) {
        if (s.id == id) return &s;
    }
    return nullptr;
}

// The service's HSDS 3.0 document (what the district server serves), parsed.
nlohmann::json Document(const Service& service) {
    REQUIRE_FALSE(service.document.empty());
    return nlohmann::json::parse(service.document);
}

// Does `list` (an array of records) hold one whose `field` is `value`?
bool Holds(const nlohmann::json& list, const char* field, const std::string& value) {
    if (!list.is_array()) return false;
    return std::any_of(list.begin(), list.end(), [&](const nlohmann::json& r) {
        return r.is_object() && r.contains(field) && r[field].is_string() && r[field].get<std::string>() == value;
    });
}

// Where the tables the kiosk does not show went: each row, field by field, in the 3.0
// document of the service (or its organization, or location) it belongs to.
void CheckTablesInDocuments(const DirectoryFeed& feed, const std::string& folder) {
    auto document_of = [&](const std::string& service_id) {
        const Service* service = Find(feed, service_id);
        REQUIRE(service != nullptr);
        return Document(*service);
    };
    for (const auto& row : ReadRows(folder + "/contacts.csv")) {
        const auto doc = document_of(row.at("service_id"));
        CHECK(Holds(doc["contacts"], "name", row.at("name")));
        CHECK(Holds(doc["contacts"], "email", row.at("email")));
        CHECK(Holds(doc["contacts"], "title", row.at("title")));
        CHECK(Holds(doc["organization"]["contacts"], "name", row.at("name")));
    }
    for (const auto& row : ReadRows(folder + "/funding.csv")) {
        CHECK(Holds(document_of(row.at("service_id"))["funding"], "source", row.at("source")));
    }
    for (const auto& row : ReadRows(folder + "/holiday_schedules.csv")) {
        const auto doc = document_of(row.at("service_id"));
        CHECK(Holds(doc["schedules"], "valid_from", row.at("start_date")));
        CHECK(Holds(doc["schedules"], "valid_to", row.at("end_date")));
        // and at the service's location, through its service_at_location
        CHECK(Holds(doc["service_at_locations"], "id", row.at("service_at_location_id")));
    }
    for (const auto& row : ReadRows(folder + "/payments_accepted.csv")) {
        CHECK(Holds(document_of(row.at("service_id"))["payments_accepted"], "payment", row.at("payment")));
    }
    for (const auto& row : ReadRows(folder + "/required_documents.csv")) {
        CHECK(Holds(document_of(row.at("service_id"))["required_documents"], "document", row.at("document")));
    }
    for (const auto& row : ReadRows(folder + "/service_areas.csv")) {
        const auto doc = document_of(row.at("service_id"));
        CHECK(Holds(doc["service_areas"], "name", row.at("service_area")));
        CHECK(Holds(doc["service_areas"], "description", row.at("description")));
    }
    for (const auto& row : ReadRows(folder + "/programs.csv")) {
        bool found = false;
        for (const Service& service : feed.services) {
            const auto doc = Document(service);
            found = found || (doc.contains("program") && doc["program"].value("name", "") == row.at("name")) ||
                    (doc.contains("organization") && Holds(doc["organization"]["programs"], "name", row.at("name")));
        }
        CHECK(found);
    }
    for (const auto& row : ReadRows(folder + "/accessibility_for_disabilities.csv")) {
        bool found = false;
        for (const Service& service : feed.services) {
            const auto doc = Document(service);
            for (const auto& sal : doc["service_at_locations"]) {
                found = found || (sal.contains("location") && Holds(sal["location"]["accessibility"], "description", row.at("accessibility")));
            }
        }
        CHECK(found);
    }
    for (const auto& row : ReadRows(folder + "/metadata.csv")) {
        const auto doc = document_of(row.at("resource_id"));
        CHECK(Holds(doc["metadata"], "replacement_value", row.at("replacement_value")));
        CHECK(Holds(doc["metadata"], "updated_by", row.at("updated_by")));
    }
    for (const auto& row : ReadRows(folder + "/phones.csv")) {
        if (row.at("service_id").empty()) continue;
        CHECK(Holds(document_of(row.at("service_id"))["phones"], "number", row.at("number")));
    }
    // Services' own fields that the kiosk does not show are in their documents as given.
    for (const auto& row : ReadRows(folder + "/services.csv")) {
        const auto doc = document_of(row.at("id"));
        for (const char* field : {"wait_time", "accreditations", "licenses", "fees"}) {
            if (!row.at(field).empty()) CHECK(doc.value(field, "") == row.at(field));
        }
    }
}

// What the HSDS 1.1 sample says, checked against what the import kept.
void CheckHsds11(const DirectoryFeed& feed, const std::string& folder) {
    // Services: every row (active and not) accounted for.
    const auto services = ReadRows(folder + "/services.csv");
    CHECK(feed.report.services + feed.report.inactive_services == static_cast<int>(services.size()));
    // Weekly schedules: each regular_schedules row is a day and hours of its service.
    static const char* kDays[] = {"", "MO", "TU", "WE", "TH", "FR", "SA", "SU"};
    for (const auto& row : ReadRows(folder + "/regular_schedules.csv")) {
        CAPTURE(row.at("id"));
        const Service* service = Find(feed, row.at("service_id"));
        REQUIRE(service != nullptr);
        const std::string day = kDays[std::stoi(row.at("weekday"))];
        const bool found = std::any_of(service->schedules.begin(), service->schedules.end(), [&](const Schedule& s) {
            return s.byday == day && s.freq == "WEEKLY" && s.opens_at == row.at("opens_at").substr(0, 5) &&
                   s.closes_at == row.at("closes_at").substr(0, 5);
        });
        CHECK(found);
    }
    // Languages of services, by name.
    for (const auto& row : ReadRows(folder + "/languages.csv")) {
        CAPTURE(row.at("language"));
        const Service* service = Find(feed, row.at("service_id"));
        REQUIRE(service != nullptr);
        const std::string code = NormalizeLanguageCode(row.at("language"));
        CHECK(std::any_of(service->languages.begin(), service->languages.end(), [&](const Language& l) { return l.code == code; }));
    }
    // Addresses on their locations, physical and postal.
    for (const char* kind : {"physical", "postal"}) {
        for (const auto& row : ReadRows(folder + "/" + kind + "_addresses.csv")) {
            CAPTURE(row.at("id"));
            REQUIRE(feed.locations.count(row.at("location_id")) == 1);
            const auto& addresses = feed.locations.at(row.at("location_id")).addresses;
            CHECK(std::any_of(addresses.begin(), addresses.end(), [&](const Address& a) {
                return a.address_1 == row.at("address_1") && a.city == row.at("city") && a.address_type == kind;
            }));
        }
    }
    // Eligibility on its service.
    for (const auto& row : ReadRows(folder + "/eligibility.csv")) {
        const Service* service = Find(feed, row.at("service_id"));
        REQUIRE(service != nullptr);
        CHECK(service->eligibility_description.find(row.at("eligibility")) != std::string::npos);
    }
    // Categories from the taxonomy table.
    for (const auto& row : ReadRows(folder + "/taxonomy.csv")) CHECK(feed.terms.count(row.at("id")) == 1);
    // The report accounts for every row of every table in the package: kept, or not and why.
    std::map<std::string, const TableReport*> tables;
    for (const TableReport& t : feed.report.tables) tables[t.file] = &t;
    for (const auto& entry : fs::directory_iterator(folder)) {
        if (entry.path().extension() != ".csv") continue;
        const std::string file = entry.path().filename().string();
        CAPTURE(file);
        REQUIRE(tables.count(file) == 1);
        const TableReport& t = *tables[file];
        CHECK(t.rows == static_cast<int>(ReadRows(entry.path().string()).size()));
        CHECK(t.mapped + t.not_mapped == t.rows);
        if (t.not_mapped > 0) CHECK_FALSE(t.note.empty());
    }
    // Every table of the 1.1 sample has a 3.0 home (or an extension field) but the package's
    // description of itself: every row is kept.
    for (const auto& [file, t] : tables) {
        CAPTURE(file);
        if (file == "meta_table_descriptions.csv") CHECK(t->mapped == 0);
        else CHECK(t->mapped == t->rows);
    }
    CheckTablesInDocuments(feed, folder);
}

} // namespace

TEST_CASE("HSDS 1.1 sample package: schedules, languages, addresses, eligibility and categories reach the services; every table accounted for") {
    auto feed = ReadHsdsPath(Hsds11());
    REQUIRE_MESSAGE(feed.Ok(), feed.Error());
    CheckHsds11(feed.Value(), Hsds11());
    // And the kiosk then knows the hours: not "hours unknown".
    test::ScratchDir dir;
    Database db(dir / "kiosk.db");
    Migrate(db);
    DirectoryStore store(db);
    REQUIRE(store.ReplaceDirectory(feed.Value(), {}).Ok());
    const auto row = ReadRows(Hsds11() + "/regular_schedules.csv").front();
    const auto detail = store.Get(row.at("service_id"), "en");
    REQUIRE(detail.has_value());
    CHECK_FALSE(detail->service.schedules.empty());
}

TEST_CASE("the same package as exports arrive: tables in data/ beside the descriptor, or CSV files with no descriptor at all") {
    test::ScratchDir dir;
    const fs::path zipped = fs::path(dir / "zipped");
    fs::create_directories(zipped / "data");
    for (const auto& entry : fs::directory_iterator(Hsds11())) {
        if (entry.path().extension() == ".csv") fs::copy_file(entry.path(), zipped / "data" / entry.path().filename());
    }
    fs::copy_file(Hsds11() + "/datapackage.json", zipped / "datapackage.json");
    auto from_data = ReadHsdsPath(zipped.string());
    REQUIRE_MESSAGE(from_data.Ok(), from_data.Error());
    CheckHsds11(from_data.Value(), (zipped / "data").string());

    const fs::path bare = fs::path(dir / "bare");
    fs::create_directories(bare);
    for (const auto& entry : fs::directory_iterator(Hsds11())) {
        if (entry.path().extension() == ".csv") fs::copy_file(entry.path(), bare / entry.path().filename());
    }
    auto no_descriptor = ReadHsdsPath(bare.string());
    REQUIRE_MESSAGE(no_descriptor.Ok(), no_descriptor.Error());
    CheckHsds11(no_descriptor.Value(), bare.string());
    const auto& notes = no_descriptor->report.warnings;
    CHECK(std::any_of(notes.begin(), notes.end(), [](const std::string& n) { return n.find("no datapackage.json") != std::string::npos; }));

    // A folder with no tables at all is still refused, saying why.
    fs::create_directories(fs::path(dir / "empty"));
    auto nothing = ReadHsdsPath(dir / "empty");
    REQUIRE_FALSE(nothing.Ok());
    CHECK(nothing.Error().find("no CSV tables") != std::string::npos);
}

TEST_CASE("a pre-HSDS (Ohana) feed is refused as not HSDS, saying what it looks like") {
    auto feed = ReadHsdsPath(RealData() + "/sf211-ohana-subset.json");
    REQUIRE_FALSE(feed.Ok());
    CHECK(feed.Error().find("is not HSDS") != std::string::npos);
    CHECK(feed.Error().find("Ohana") != std::string::npos);
}

TEST_CASE("a feed whose records share one id keeps the first, and says each of the others was not imported and why") {
    const std::string path = RealData() + "/oruk-v3-service_list_data.json";
    auto feed = ReadHsdsPath(path);
    REQUIRE(feed.Ok());
    // Read the file independently: how many records, how many distinct ids.
    const nlohmann::json root = nlohmann::json::parse(std::ifstream(path));
    const auto& records = root.at("contents");
    std::set<std::string> ids;
    for (const auto& r : records) ids.insert(r.at("id").get<std::string>());
    CHECK(feed->services.size() == ids.size());
    CHECK(feed->report.skipped.size() == records.size() - ids.size());
    for (const auto& skipped : feed->report.skipped) CHECK(skipped.reason.find("already used by an earlier record") != std::string::npos);
    const auto& notes = feed->report.warnings;
    CHECK(std::any_of(notes.begin(), notes.end(), [](const std::string& n) { return n.find("share an id") != std::string::npos; }));
}

int main(int argc, char** argv) {
    if (!fs::is_directory(Hsds11())) {
        std::cout << "SKIPPED: " << Hsds11() << " is not there (the shared real-data folder sits beside the checkout as "
                  << "shared/hsds-realdata); set HSDS_REALDATA_DIR to run these tests\n";
        return 77;
    }
    doctest::Context context(argc, argv);
    return context.run();
}

TEST_CASE("HSDS 3.1 CSV package: every row of every table that names its service is in the service's document, field by field") {
    const std::string folder = RealData() + "/hsds3.1-dev-csv";
    auto feed = ReadHsdsPath(folder);
    REQUIRE_MESSAGE(feed.Ok(), feed.Error());
    REQUIRE(feed->services.size() == ReadRows(folder + "/services.csv").size());
    // The report: every table, with its rows read from the file here.
    std::map<std::string, const TableReport*> tables;
    for (const TableReport& t : feed->report.tables) tables[t.file] = &t;
    for (const auto& entry : fs::directory_iterator(folder)) {
        if (entry.path().extension() != ".csv") continue;
        const std::string file = entry.path().filename().string();
        CAPTURE(file);
        REQUIRE(tables.count(file) == 1);
        CHECK(tables[file]->rows == static_cast<int>(ReadRows(entry.path().string()).size()));
        if (tables[file]->not_mapped) CHECK_FALSE(tables[file]->note.empty());
    }
    // Tables nested in the service by service_id: each row's every value, under the 3.0 name.
    const std::map<std::string, std::string> nested = {
        {"phones.csv", "phones"}, {"schedules.csv", "schedules"}, {"contacts.csv", "contacts"}, {"funding.csv", "funding"},
        {"cost_options.csv", "cost_options"}, {"required_documents.csv", "required_documents"},
        {"service_areas.csv", "service_areas"}, {"languages.csv", "languages"}};
    int values = 0;
    for (const auto& [file, field] : nested) {
        for (const auto& row : ReadRows(folder + "/" + file)) {
            CAPTURE(file);
            if (row.count("service_id") == 0 || row.at("service_id").empty()) continue;
            const Service* service = Find(feed.Value(), row.at("service_id"));
            REQUIRE(service != nullptr);
            const auto doc = Document(*service);
            REQUIRE(doc.contains(field));
            const auto record = std::find_if(doc[field].begin(), doc[field].end(), [&](const nlohmann::json& r) { return r.value("id", "") == row.at("id"); });
            REQUIRE(record != doc[field].end());
            for (const auto& [column, value] : row) {
                if (value.empty()) continue;
                CAPTURE(column);
                REQUIRE(record->contains(column));
                const auto& served = (*record)[column];
                // Text as given; the schema's numbers as numbers of the same value.
                CHECK((served.is_string() ? served.get<std::string>() == value : std::stod(value) == served.get<double>()));
                ++values;
            }
        }
    }
    MESSAGE(values << " values of the package's tables compared with the documents");
    CHECK(values > 40);
}
