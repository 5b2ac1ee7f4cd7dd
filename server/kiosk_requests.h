// What a client sends the district server, read and checked with no HTTP library in sight:
// the kiosk endpoints' JSON bodies (docs/sync-protocol.md), the bearer credential, ETags and
// query numbers. Every refusal names the field at fault. Pure functions, so the fuzzer and the
// tests call exactly what the server runs. Threads: any.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "server/district_store.h"

namespace district {

// Why a request is refused: the status to answer, plain words, and the field at fault
// ("records[3].kind"; "" when it is the request as a whole).
struct RequestError {
    int status = 400;
    std::string message;
    std::string field;
};

// A POST kiosk/v1/checkins body, received at `received_unix`: at most `max_batch` records
// (else 413), each with every field of the contract. The kiosk is left for the caller.
bool ParseCheckinBatch(const std::string& body, int max_batch, int64_t received_unix, CheckinBatch& out, RequestError& error);

// A POST kiosk/v1/heartbeat body, received at `received_unix`.
bool ParseHeartbeat(const std::string& body, int64_t received_unix, Heartbeat& out, RequestError& error);

// The credentials of an `Authorization: Bearer TOKEN` header; the scheme is matched without
// regard to case (RFC 9110 11.1). "" when the header is not a bearer credential.
std::string BearerToken(const std::string& header);

// Whether an If-None-Match header names `etag` (or is "*").
bool EtagMatches(const std::string& if_none_match, const std::string& etag);

// A strictly positive whole number from a query parameter; nullopt when it is something else.
std::optional<int> WholeNumber(const std::string& text);

} // namespace district
