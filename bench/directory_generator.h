// A generated district directory for benchmarks: N services in HSDS 3.0 JSON (nested
// organization, location with address, phone, schedule, languages, category), in English and
// in Spanish, with names and descriptions assembled from realistic word lists so that search
// sees real-looking text, accents included. Deterministic for a given seed.
// Threads: pure functions, any thread.
#pragma once

#include <cstdint>
#include <string>

namespace bench {

struct GeneratedDirectory {
    std::string english;   // a JSON array of services
    std::string spanish;   // the same services, Spanish text
};

// `categories`: how many of the 12 categories the services spread over (1 = all in Tutoring).
GeneratedDirectory GenerateDirectory(int services, uint32_t seed = 42, int categories = 12);

// Writes `english` (GenerateDirectory's JSON) into `folder` as the HSDS 1.x CSV package a 211
// exports: numbered ids, services.csv, organizations.csv, locations.csv,
// services_at_location.csv, physical_addresses.csv, phones.csv (with a language list),
// languages.csv, regular_schedules.csv (one row per weekday), eligibility.csv, taxonomy.csv,
// services_taxonomy.csv and datapackage.json. Returns the number of rows written.
size_t WriteHsds1Package(const std::string& english, const std::string& folder);

} // namespace bench
