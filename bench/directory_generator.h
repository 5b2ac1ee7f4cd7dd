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

} // namespace bench
