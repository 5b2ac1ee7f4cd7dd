// Conformance: Open Referral's own HSDS 3.0 examples (../shared/hsds-examples beside the
// checkout, CC BY-SA 4.0, never copied into the repo) import, and a family sees what they say.
// Without that folder this program exits 77, which ctest reports as skipped.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "storage/database.h"
#include "storage/directory_store.h"
#include "hsds/reader.h"
#include "storage/migrations.h"
#include "test_support.h"

using namespace storage;
using namespace hsds;

namespace {

std::string ExamplesDir() {
    if (const char* env = std::getenv("HSDS_EXAMPLES_DIR")) return env;
    return test::SourceDir() + "/../shared/hsds-examples";
}

std::string Example(const std::string& name) { return ExamplesDir() + "/" + name; }

// The counselling service every example describes, as a family would read it.
void CheckCounsellingService(const Service& s) {
    CHECK(s.id == "ac148810-d857-441c-9679-408f346de14b");
    CHECK(s.name == "Community Counselling");
    CHECK(s.status == "active");
    CHECK(s.eligibility_description.find("aged 12 and over") != std::string::npos);
    CHECK(s.minimum_age == 12);
    CHECK(s.maximum_age == 100);
    REQUIRE_FALSE(s.phones.empty());
    CHECK(s.phones[0].number == "+44 1234 234567");  // the stray quotes are gone
    CHECK(s.phones[0].extension == "100");
    REQUIRE_FALSE(s.phones[0].languages.empty());
    CHECK(s.phones[0].languages[0].code == "ur");
}

} // namespace

TEST_CASE("every example file is read, and none is refused") {
    int files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(ExamplesDir())) {
        if (entry.path().extension() != ".json") continue;
        ++files;
        CAPTURE(entry.path().filename().string());
        auto feed = ReadHsdsPath(entry.path().string());
        REQUIRE_MESSAGE(feed.Ok(), feed.Error());
        CHECK(feed->report.skipped.empty());
    }
    CHECK(files >= 8);
    auto csv = ReadHsdsPath(Example("csv"));
    REQUIRE_MESSAGE(csv.Ok(), csv.Error());
    CHECK(csv->report.skipped.empty());
}

TEST_CASE("the nested service: names, phones, hours, languages and categories") {
    auto feed = ReadHsdsPath(Example("service_full.json"));
    REQUIRE(feed.Ok());
    REQUIRE(feed->services.size() == 1);
    const Service& s = feed->services[0];
    CheckCounsellingService(s);
    CHECK(feed->organizations.at(s.organization_id).name == "Example Organization Inc.");
    REQUIRE(s.schedules.size() == 1);  // the same schedule repeated at the location is kept once
    CHECK(s.schedules[0].byday == "TH,FR");
    CHECK(s.schedules[0].opens_at == "10:00");
    CHECK(s.schedules[0].closes_at == "18:00");
    CHECK(s.languages.at(0).code == "ur");
    CHECK(s.location_ids == std::vector<std::string>{"3a19ff88-4620-4d17-9830-ac1d859eb5d5"});
    const Location& l = feed->locations.at(s.location_ids[0]);
    CHECK(l.name == "MyCity Civic Center");
    CHECK(l.addresses.at(0).address_1 == "1-30 Main Street");
    CHECK_FALSE(l.latitude.has_value());  // 100 is off the globe: not placed on a map
    REQUIRE(s.term_ids.size() == 1);
    CHECK(feed->terms.at(s.term_ids[0]).id == "3f7b145d-84af-42d7-8fae-eaca714b02b2");
}

TEST_CASE("the list envelope, the organization and the service_at_location give the same service") {
    for (const char* name : {"service_list.json", "organization_full.json", "service_at_location_full.json",
                             "service_at_location_list.json"}) {
        CAPTURE(name);
        auto feed = ReadHsdsPath(Example(name));
        REQUIRE(feed.Ok());
        REQUIRE(feed->services.size() == 1);
        CHECK(feed->services[0].name == "Community Counselling");
        CHECK(feed->services[0].organization_id == "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610");
    }
    auto organizations = ReadHsdsPath(Example("organization_list.json"));
    REQUIRE(organizations.Ok());
    CHECK(organizations->services.empty());
    CHECK(organizations->organizations.count("d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610") == 1);
    auto location = ReadHsdsPath(Example("location.json"));
    REQUIRE(location.Ok());
    CHECK(location->locations.at("3a19ff88-4620-4d17-9830-ac1d859eb5d5").phones.at(0).number == "+44 1234 234567");
    auto terms = ReadHsdsPath(Example("taxonomy_term_list.json"));
    REQUIRE(terms.Ok());
    CHECK(terms->terms.size() == 1);
}

TEST_CASE("the tabular form reads the same service as the JSON") {
    auto feed = ReadHsdsPath(Example("csv"));
    REQUIRE(feed.Ok());
    REQUIRE(feed->services.size() == 1);
    const Service& s = feed->services[0];
    CheckCounsellingService(s);
    CHECK(feed->organizations.at(s.organization_id).name == "Example Organization Inc.");
    CHECK(s.schedules.at(0).opens_at == "10:00");
    CHECK(s.schedules.at(0).byday == "TH,FR");
    CHECK(s.languages.at(0).code == "ur");
    CHECK(feed->locations.at(s.location_ids.at(0)).addresses.at(0).city == "MyCity");
}

TEST_CASE("imported into the kiosk database, the example is found and shown in full") {
    for (const char* name : {"service_full.json", "csv"}) {
        CAPTURE(name);
        test::ScratchDir dir;
        Database db(dir / "kiosk.db");
        Migrate(db);
        DirectoryStore store(db);
        auto feed = ReadHsdsPath(Example(name));
        REQUIRE(feed.Ok());
        REQUIRE(store.ReplaceDirectory(feed.Value(), {}).Ok());
        ServiceQuery query;
        query.text = "counsel";
        const auto found = store.Find(query);
        REQUIRE(found.size() == 1);
        CHECK(found[0].organization_name == "Example Organization Inc.");
        CHECK(found[0].languages == std::vector<std::string>{"ur"});
        // Its one schedule ended in 2005: it is shown as closed, not as open.
        CHECK(found[0].open_state == OpenState::Closed);
        auto detail = store.Get(found[0].id, "en");
        REQUIRE(detail.has_value());
        CHECK(detail->service.phones.at(0).number == "+44 1234 234567");
        CHECK(detail->locations.at(0).addresses.at(0).address_1 == "1-30 Main Street");
        query.text.clear();
        query.language = "ur";
        CHECK(store.Find(query).size() == 1);
    }
}

int main(int argc, char** argv) {
    if (!std::filesystem::is_directory(ExamplesDir())) {
        std::cout << "SKIPPED: the HSDS examples folder " << ExamplesDir()
                  << " is not there (it sits beside the checkout as shared/hsds-examples); "
                     "set HSDS_EXAMPLES_DIR to run the conformance tests\n";
        return 77;
    }
    doctest::Context context(argc, argv);
    return context.run();
}
