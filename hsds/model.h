// The service directory as plain structs: the HSDS 3.0 subset a family needs, as parsed from
// a feed (reader.h) and as read back from the database (storage/directory_store.h).
// Threads: plain values, safe to copy between threads.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hsds {

struct Language {
    std::string code;        // lower-case ISO 639-1 where one exists ("es"), else as given
    std::string name;        // as the feed names it ("Spanish")
};

struct Phone {
    std::string id;
    std::string number;      // stray quotes and spaces trimmed
    std::string extension;
    std::string type;        // voice, text, fax, ...
    std::string description;
    std::vector<Language> languages;
};

// One HSDS schedule: an RFC 5545-style recurrence with opening hours.
struct Schedule {
    std::string id;
    std::string freq;        // WEEKLY, DAILY, MONTHLY (upper case); empty = every day
    std::string byday;       // "MO,WE" or "1MO" for MONTHLY
    std::string bymonthday;  // "1,15"
    int interval = 1;
    std::string opens_at;    // "HH:MM" (seconds dropped)
    std::string closes_at;   // "HH:MM"
    std::string valid_from;  // "YYYY-MM-DD" or empty
    std::string valid_to;    // "YYYY-MM-DD" or empty
    std::string dtstart;     // first occurrence, for intervals > 1
    std::string description; // free text ("Closed on public holidays")
    std::string location_id; // set when the schedule belongs to one location of the service
};

struct Address {
    std::string address_1;
    std::string address_2;
    std::string city;
    std::string region;
    std::string state_province;
    std::string postal_code;
    std::string country;
    std::string address_type; // physical, postal, virtual
};

struct Location {
    std::string id;
    std::string name;
    std::string alternate_name;
    std::string description;
    std::string transportation;
    std::optional<double> latitude;
    std::optional<double> longitude;
    std::vector<Address> addresses;
    std::vector<Language> languages;
    std::vector<Phone> phones;
    std::vector<Schedule> schedules;
};

struct Organization {
    std::string id;
    std::string name;
    std::string alternate_name;
    std::string description;
    std::string email;
    std::string website;
    std::vector<Phone> phones;
};

struct TaxonomyTerm {
    std::string id;
    std::string code;
    std::string name;
    std::string description;
    std::string parent_id;
    std::string taxonomy;
};

struct Service {
    std::string id;
    std::string organization_id;
    std::string name;
    std::string alternate_name;
    std::string description;
    std::string url;
    std::string email;
    std::string status;                  // only "active" services are ever shown
    std::string eligibility_description;
    std::optional<int> minimum_age;
    std::optional<int> maximum_age;
    std::string fees_description;
    std::string application_process;
    std::string interpretation_services;
    std::string alert;
    std::string assured_date;            // "YYYY-MM-DD"
    std::string last_modified;           // RFC 3339 as given
    std::vector<Phone> phones;           // the service's own and its locations'
    std::vector<Schedule> schedules;     // the service's own and per location
    std::vector<Language> languages;     // languages the service itself is offered in
    std::vector<std::string> location_ids;
    std::vector<std::string> term_ids;   // categories (HSDS attributes -> taxonomy terms)
    // The whole record as HSDS 3.0 JSON (hsds/document.h): every field the feed gave, valid
    // against the 3.0 schema; the fields above are read from it. "" for a record stored
    // before documents were kept.
    std::string document;
    // In a translation feed: fields whose translation its publisher marks as out of date
    // (x_translation_stale), shown in the source language with a note.
    std::vector<std::string> stale_fields;
};

// A record the importer passed over, and why, in words a district IT person can act on.
struct SkippedRecord {
    std::string where;   // "service 12 (id abc-123)", "services.csv row 7"
    std::string reason;  // "no name", "id used twice"
};

// One table of a CSV package: how many rows it had, how many the directory keeps, and why the
// rest were not (never a silent loss).
struct TableReport {
    std::string file;                    // "regular_schedules.csv"
    std::string maps_to;                 // "schedules", or "" when not kept
    int rows = 0;
    int mapped = 0;
    int not_mapped = 0;
    std::string note;                    // why rows were not mapped, or how they were
};

struct ImportReport {
    std::string source;                  // file or URL it came from
    std::string format;                  // "HSDS JSON service", "HSDS list envelope", "NDJSON", "HSDS CSV package"
    int services = 0;
    int inactive_services = 0;           // imported, never shown
    int organizations = 0;
    int locations = 0;
    int taxonomy_terms = 0;
    std::vector<SkippedRecord> skipped;
    std::vector<std::string> warnings;   // field-level oddities that were accepted
    std::vector<TableReport> tables;     // CSV packages: every table, accounted for
    std::string Summary() const;         // a few lines for a terminal
};

// A whole feed for one locale, ready to be stored.
struct DirectoryFeed {
    std::vector<Service> services;
    std::map<std::string, Organization> organizations;
    std::map<std::string, Location> locations;
    std::map<std::string, TaxonomyTerm> terms;
    ImportReport report;
};

} // namespace hsds
