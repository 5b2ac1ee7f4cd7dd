// The HSDS 3.0 document of a record: what a feed said about a service (or an organization, a
// location...), made valid against Open Referral's compiled 3.0 schema without losing anything.
// The district server serves these documents as they are; the kiosk keeps them beside the
// fields it shows, so a record imported from a feed, served, and imported again is the same.
// Threads: pure functions, any thread.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <unordered_set>
#include <unordered_map>
#include <string>
#include <string_view>

namespace hsds {

// How a feed's ids become HSDS 3.0 ids, which are UUIDs.
struct IdPolicy {
    // The namespace of every id derived for this feed (FeedNamespace).
    std::string id_namespace;
    // HSDS 1.x and 2.0 packages number their records ("1", "2", ...). With this set, such an
    // id becomes the version 5 UUID of "<kind>:<id>" in the feed's namespace, every reference
    // to it (organization_id, service_id, link_id...) follows, and the original is kept in
    // the record as `x_source_id`. Off for 3.x feeds, whose ids are kept exactly as given.
    bool derive_from_source_ids = false;
    // Derived ids already worked out ("<kind>:<source id>" -> UUID), shared by every record of
    // one feed so that a reference met in every service is derived once. Optional.
    std::unordered_map<std::string, std::string>* derived = nullptr;
};

// The UUID namespace of the feed named `name` (a package's name, else its folder's name).
// The same name gives the same namespace, so re-importing a feed keeps every derived id.
std::string FeedNamespace(std::string_view name);

// What had to change to make documents valid, by kind of change, with the records it
// touched (each counted once, however often it is met), for the import report
// ("47 language records had no id: ...").
struct DocumentNotes {
    std::map<std::string, std::unordered_set<size_t>> records;  // what -> hashes of the record ids
    void Add(const std::string& what, const std::string& record_id) { records[what].insert(std::hash<std::string>{}(record_id)); }
};

// Makes `record`, an HSDS record of `kind` ("service", "organization", "location",
// "service_at_location", "taxonomy_term", "taxonomy", ...) as a feed gave it, a document
// valid against HSDS 3.0's schema for that kind, recursively through every nested record:
//  - ids: a nested record with no id gets the UUIDv5 of its place (its parent's id, the list
//    it is in, its position), the same at every import; source ids per `policy`.
//  - numbers given as text ("12", " 37.77") become numbers; text that is not a number moves
//    to `x_<field>` (an extension field, which HSDS allows) instead of being dropped.
//  - enumerations are matched without regard to case ("Active" -> "active"); a value HSDS
//    does not have moves to `x_<field>` and the field gets the nearest valid value
//    (status -> "inactive", so it is never shown as open; freq DAILY -> WEEKLY on every day).
//  - a web address with no scheme gets "https://"; characters a URI cannot hold are
//    percent-encoded (RFC 3987 section 3.1); an email with no "@" moves to `x_email`.
//  - a required field the feed did not give is present and empty (""), never invented;
//    a location's type follows from its addresses.
//  - null means absent and is left out; fields HSDS does not define are kept as they are.
void MakeValid(nlohmann::json& record, std::string_view kind, const IdPolicy& policy, DocumentNotes& notes);

// The kind of record a nested key holds ("phones" -> "phone", "taxonomy_detail" ->
// "taxonomy"), or "" for a key that holds no records.
std::string_view KindOfKey(std::string_view key);

} // namespace hsds
