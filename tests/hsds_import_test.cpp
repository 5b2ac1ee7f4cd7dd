// storage/hsds_import.h: every accepted form, messy values, structural errors, refusals.
#include <doctest/doctest.h>

#include <algorithm>

#include "base/uuid.h"
#include "hsds/document.h"
#include "hsds/reader.h"
#include "storage/schedule.h"
#include "test_support.h"

using namespace storage;
using namespace hsds;

namespace {

constexpr char kService[] = R"({
  "id": "svc-1", "name": "Homework Help", "status": "active", "description": "Help with homework",
  "minimum_age": "6", "maximum_age": 14.0,
  "phones": [{"id": "p1", "number": "\"(541) 555-0100\"", "languages": [{"code": "spa", "name": "Spanish"}]}],
  "schedules": [{"id": "sch1", "freq": "weekly", "byday": "MO,WE", "opens_at": "15:00:00", "closes_at": "18:00",
                 "timezone": 3}],
  "organization": {"id": "org-1", "name": "BrightPath"},
  "attributes": [{"taxonomy_term": {"id": "t1", "name": "Tutoring", "code": "tutoring"}}],
  "unknown_field": {"nested": [1, 2, 3]}
})";

const SkippedRecord* FindSkip(const DirectoryFeed& feed, const std::string& reason_part) {
    for (const auto& s : feed.report.skipped) {
        if (s.reason.find(reason_part) != std::string::npos) return &s;
    }
    return nullptr;
}

} // namespace

TEST_CASE("one fully nested service is read with its phones, hours, languages and category") {
    auto feed = ParseHsdsText(kService, "test");
    REQUIRE(feed.Ok());
    REQUIRE(feed->services.size() == 1);
    const Service& s = feed->services[0];
    CHECK(s.name == "Homework Help");
    CHECK(s.minimum_age == 6);       // a number given as a string
    CHECK(s.maximum_age == 14);      // a whole number given as a float
    REQUIRE(s.phones.size() == 1);
    CHECK(s.phones[0].number == "(541) 555-0100");  // stray quotes removed
    REQUIRE(s.phones[0].languages.size() == 1);
    CHECK(s.phones[0].languages[0].code == "es");   // ISO 639-3 mapped to 639-1
    REQUIRE(s.schedules.size() == 1);
    CHECK(s.schedules[0].freq == "WEEKLY");
    CHECK(s.schedules[0].opens_at == "15:00");
    CHECK(s.organization_id == "org-1");
    CHECK(feed->organizations.at("org-1").name == "BrightPath");
    CHECK(s.term_ids == std::vector<std::string>{"t1"});
    CHECK(feed->report.format == "HSDS JSON record");
}

TEST_CASE("an array, a list envelope and NDJSON of the same services read the same") {
    const std::string one = kService;
    std::string two = one;
    two.replace(two.find("svc-1"), 5, "svc-2");
    two.replace(two.find("Homework Help"), 13, "Reading Club");
    auto array = ParseHsdsText("[" + one + "," + two + "]", "array");
    auto envelope = ParseHsdsText(R"({"total_items": 2, "total_pages": 1, "page_number": 1, "size": 2, "first_page": true,
        "last_page": true, "empty": false, "contents": [)" + one + "," + two + "]}", "envelope");
    std::string flat_one = one, flat_two = two;
    std::replace(flat_one.begin(), flat_one.end(), '\n', ' ');
    std::replace(flat_two.begin(), flat_two.end(), '\n', ' ');
    auto ndjson = ParseHsdsText(flat_one + "\n\n" + flat_two + "\n", "ndjson");
    for (auto* feed : {&array, &envelope, &ndjson}) {
        REQUIRE(feed->Ok());
        CHECK((*feed)->services.size() == 2);
        CHECK((*feed)->report.services == 2);
        CHECK((*feed)->services[1].name == "Reading Club");
    }
    CHECK(array->report.format == "HSDS JSON array");
    CHECK(envelope->report.format == "HSDS list envelope");
    CHECK(ndjson->report.format == "NDJSON");
}

TEST_CASE("structurally wrong records are skipped with a reason and the rest imported") {
    auto feed = ParseHsdsText(R"([
      {"name": "No id here", "status": "active"},
      {"id": "a", "status": "active"},
      {"id": "b", "name": 42, "status": "active"},
      {"id": {"x": 1}, "name": "Object id"},
      "just a string",
      {"id": "c", "name": "Good one", "status": "active"},
      {"id": "c", "name": "Same id again", "status": "active"},
      {"id": 17, "name": "Numeric id", "status": "ACTIVE"}
    ])", "test");
    REQUIRE(feed.Ok());
    CHECK(feed->services.size() == 2);
    CHECK(feed->services[0].name == "Good one");
    CHECK(feed->services[1].id == "17");
    CHECK(feed->services[1].status == "active");
    CHECK(feed->report.skipped.size() == 6);
    CHECK(FindSkip(feed.Value(), "no id"));
    CHECK(FindSkip(feed.Value(), "no name"));
    CHECK(FindSkip(feed.Value(), "its name is a number"));
    CHECK(FindSkip(feed.Value(), "not a string or a number"));
    CHECK(FindSkip(feed.Value(), "found a string"));
    CHECK(FindSkip(feed.Value(), "already used by an earlier record"));
    const std::string summary = feed->report.Summary();
    CHECK(summary.find("skipped 6 records") != std::string::npos);
}

TEST_CASE("messy values are accepted field by field") {
    auto feed = ParseHsdsText(R"({"id": "m", "name": "  Messy  ", "status": " Active ",
      "minimum_age": "twelve", "maximum_age": [1], "assured_date": "not a date",
      "phones": [{"number": ""}, {"number": 5550100}, "junk"],
      "schedules": [{"opens_at": "25:99", "closes_at": "1800", "byday": "mo, tu"}],
      "languages": ["Spanish", {"code": "VIE"}, {"name": ""}]})", "test");
    REQUIRE(feed.Ok());
    REQUIRE(feed->services.size() == 1);
    const Service& s = feed->services[0];
    CHECK(s.name == "Messy");
    CHECK(s.status == "active");
    CHECK_FALSE(s.minimum_age.has_value());
    CHECK_FALSE(s.maximum_age.has_value());
    CHECK(s.assured_date.empty());
    REQUIRE(s.phones.size() == 1);
    CHECK(s.phones[0].number == "5550100");
    REQUIRE(s.schedules.size() == 1);
    CHECK(s.schedules[0].opens_at.empty());
    CHECK(s.schedules[0].closes_at == "18:00");
    REQUIRE(s.languages.size() == 2);
    CHECK(s.languages[0].code == "es");
    CHECK(s.languages[1].code == "vi");
    CHECK_FALSE(feed->report.warnings.empty());
}

TEST_CASE("a file that is not JSON, NDJSON or a CSV package is refused with one clear line") {
    test::ScratchDir dir;
    test::WriteFile(dir / "notes.txt", "Dear families,\nthe pantry is open on Tuesdays.\n");
    auto text = ReadHsdsPath(dir / "notes.txt");
    REQUIRE_FALSE(text.Ok());
    CHECK(text.Error().find("is not HSDS JSON or NDJSON") != std::string::npos);
    CHECK(text.Error().find('\n') == std::string::npos);

    test::WriteFile(dir / "empty.json", "   \n");
    auto empty = ReadHsdsPath(dir / "empty.json");
    REQUIRE_FALSE(empty.Ok());

    test::WriteFile(dir / "binary.json", std::string("\x89PNG\r\n\x1a\n\0\0\0", 11));
    CHECK_FALSE(ReadHsdsPath(dir / "binary.json").Ok());

    auto missing = ReadHsdsPath(dir / "nope.json");
    REQUIRE_FALSE(missing.Ok());
    CHECK(missing.Error().find("no such file") != std::string::npos);

    test::WriteFile(dir / "folder/readme.txt", "hi");
    auto folder = ReadHsdsPath(dir / "folder");
    REQUIRE_FALSE(folder.Ok());
    CHECK(folder.Error().find("no datapackage.json") != std::string::npos);

    test::WriteFile(dir / "services.csv", "id,name\n1,x\n");
    auto lone_csv = ReadHsdsPath(dir / "services.csv");
    REQUIRE_FALSE(lone_csv.Ok());
    CHECK(lone_csv.Error().find("datapackage.json") != std::string::npos);
}

TEST_CASE("NDJSON with one broken line keeps every other line") {
    auto feed = ParseHsdsText("{\"id\":\"a\",\"name\":\"A\",\"status\":\"active\"}\n{\"id\":\"b\",\"name\n"
                              "{\"id\":\"c\",\"name\":\"C\",\"status\":\"active\"}\n", "test");
    REQUIRE(feed.Ok());
    CHECK(feed->services.size() == 2);
    REQUIRE(feed->report.skipped.size() == 1);
    CHECK(feed->report.skipped[0].where == "line 2");
}

TEST_CASE("a UTF-8 byte order mark is ignored") {
    auto feed = ParseHsdsText("\xEF\xBB\xBF[{\"id\":\"a\",\"name\":\"Tutoría\",\"status\":\"active\"}]", "test");
    REQUIRE(feed.Ok());
    CHECK(feed->services.at(0).name == "Tutoría");
}

TEST_CASE("the tabular form (CSV package) is read into nested services") {
    test::ScratchDir dir;
    test::WriteFile(dir / "pkg/datapackage.json", R"({"name": "t", "resources": [
        {"name": "organization", "path": "organizations.csv"}, {"name": "service", "path": "services.csv"},
        {"name": "phone", "path": "phones.csv"}, {"name": "schedule", "path": "schedules.csv"},
        {"name": "language", "path": "languages.csv"}, {"name": "location", "path": "locations.csv"},
        {"name": "address", "path": "addresses.csv"}, {"name": "service_at_location", "path": "service_at_location.csv"},
        {"name": "taxonomy_term", "path": "taxonomy_terms.csv"}, {"name": "attribute", "path": "attributes.csv"},
        {"name": "funding", "path": "funding.csv"}]})");
    test::WriteFile(dir / "pkg/organizations.csv", "id,name\norg1,\"Harbor, Inc.\"\n");
    test::WriteFile(dir / "pkg/services.csv",
                    "id,organization_id,name,status,description,minimum_age\n"
                    "s1,org1,Teen Counselling,active,\"Talk to someone.\nConfidential.\",13\n"
                    "s2,org1,Old Service,inactive,,\n"
                    "s3,org1,Too,many,fields,here,oops\n");
    test::WriteFile(dir / "pkg/phones.csv", "id,service_id,number\np1,s1,\"\"\"555-0101\"\"\"\n");
    test::WriteFile(dir / "pkg/schedules.csv", "id,service_id,freq,byday,opens_at,closes_at\nh1,s1,WEEKLY,\"MO,TU\",09:00,17:00\n");
    test::WriteFile(dir / "pkg/languages.csv", "id,service_id,phone_id,name,code\nl1,s1,,Spanish,es\nl2,,p1,Somali,so\n");
    test::WriteFile(dir / "pkg/locations.csv", "id,name\nloc1,Harbor Office\n");
    test::WriteFile(dir / "pkg/addresses.csv", "id,location_id,address_1,city\na1,loc1,42 Quay Road,Riverbend\n");
    test::WriteFile(dir / "pkg/service_at_location.csv", "id,service_id,location_id\nsal1,s1,loc1\n");
    test::WriteFile(dir / "pkg/taxonomy_terms.csv", "id,name,code\nt1,Counselling,counselling\n");
    test::WriteFile(dir / "pkg/attributes.csv", "id,link_id,taxonomy_term_id\nat1,s1,t1\n");
    auto feed = ReadHsdsPath(dir / "pkg");
    REQUIRE(feed.Ok());
    CHECK(feed->report.format == "HSDS CSV package");
    REQUIRE(feed->services.size() == 2);
    const Service& s = feed->services[0];
    // The package numbers its records as HSDS 1.x did: each id became the UUIDv5 of the
    // source id in the package's namespace ("t"), and the source id is kept.
    auto uuid = [](const char* kind, const char* id) { return base::UuidV5(hsds::FeedNamespace("t"), std::string(kind) + ":" + id); };
    CHECK(s.id == uuid("service", "s1"));
    CHECK(s.document.find("\"x_source_id\":\"s1\"") != std::string::npos);
    CHECK(s.name == "Teen Counselling");
    CHECK(s.description == "Talk to someone.\nConfidential.");
    CHECK(s.minimum_age == 13);
    CHECK(feed->organizations.at(uuid("organization", "org1")).name == "Harbor, Inc.");
    CHECK(s.organization_id == uuid("organization", "org1"));
    REQUIRE(s.phones.size() == 1);
    CHECK(s.phones[0].number == "555-0101");
    REQUIRE(s.phones[0].languages.size() == 1);
    CHECK(s.phones[0].languages[0].code == "so");
    CHECK(s.languages.at(0).code == "es");
    CHECK(s.schedules.at(0).byday == "MO,TU");
    CHECK(s.location_ids == std::vector<std::string>{uuid("location", "loc1")});
    CHECK(feed->locations.at(uuid("location", "loc1")).addresses.at(0).address_1 == "42 Quay Road");
    CHECK(s.term_ids == std::vector<std::string>{uuid("taxonomy_term", "t1")});
    CHECK(feed->report.services == 1);
    CHECK(feed->report.inactive_services == 1);
    REQUIRE(feed->report.skipped.size() == 1);
    CHECK(feed->report.skipped[0].where == "services.csv row 4");
    // funding.csv is listed but absent: noted, not fatal.
    CHECK_FALSE(feed->report.warnings.empty());
}

TEST_CASE("language codes and names are normalised") {
    CHECK(NormalizeLanguageCode("spa") == "es");
    CHECK(NormalizeLanguageCode("Spanish") == "es");
    CHECK(NormalizeLanguageCode(" ES-mx ") == "es");
    CHECK(NormalizeLanguageCode("vie") == "vi");
    CHECK(NormalizeLanguageCode("xx") == "xx");
}

TEST_CASE("the project's sample directory is complete enough for a family") {
    auto en = ReadHsdsPath(test::SampleDirectory("en"));
    auto es = ReadHsdsPath(test::SampleDirectory("es"));
    REQUIRE(en.Ok());
    REQUIRE(es.Ok());
    CHECK(en->report.skipped.empty());
    CHECK(en->report.services >= 40);
    CHECK(en->organizations.size() >= 20);
    CHECK(en->terms.size() >= 10);
    REQUIRE(es->services.size() == en->services.size());
    for (size_t i = 0; i < en->services.size(); ++i) {
        const Service& s = en->services[i];
        CAPTURE(s.name);
        CHECK(es->services[i].id == s.id);
        CHECK(es->services[i].name != s.name);     // every service has Spanish text
        CHECK_FALSE(s.phones.empty());
        CHECK_FALSE(s.schedules.empty());
        CHECK_FALSE(s.location_ids.empty());
        CHECK_FALSE(s.languages.empty());
        CHECK_FALSE(s.eligibility_description.empty());
        for (const Phone& p : s.phones) CHECK(p.number.find("555-01") != std::string::npos);
    }
}

TEST_CASE("a schedule whose RRULE ended (until) is not open now, however its days and hours match") {
    auto feed = ParseHsdsText(R"({"id": "s1", "name": "Winter Shelter", "status": "active",
        "schedules": [{"id": "h1", "freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR,SA,SU", "opens_at": "00:00", "closes_at": "23:59",
                       "until": "2025-03-31T00:00:00Z"}]})", "test");
    REQUIRE(feed.Ok());
    REQUIRE(feed->services.size() == 1);
    REQUIRE(feed->services[0].schedules.size() == 1);
    CHECK(feed->services[0].schedules[0].valid_to == "2025-03-31");
    CHECK(EvaluateOpenState(feed->services[0].schedules, *ParseLocalTime("2026-11-24 16:00")) == OpenState::Closed);
    CHECK(EvaluateOpenState(feed->services[0].schedules, *ParseLocalTime("2025-03-20 16:00")) == OpenState::Open);
}
