// The web console's JSON API under /admin/api/ (README "District web console"): sign-in with
// slow-hashed passwords and a lockout, sessions as Secure, HttpOnly, SameSite=Strict cookies
// expiring on the server, a CSRF token on every change, and every call authorized by role and
// scope here on the server. The pages (server/web/) are static files nginx serves.
//   POST /admin/api/login {username, password}   -> the account and a CSRF token; the cookie
//   POST /admin/api/logout                        -> ends the session
//   GET  /admin/api/me                            -> who is signed in, and the CSRF token
//   GET  /admin/api/kiosks                        -> admin: all; school: its own
//   POST /admin/api/kiosks {name, school}         -> admin: enrols; the token is in this answer only
//   POST /admin/api/kiosks/NAME/revoke            -> admin
//   GET  /admin/api/attendance?from&to[&program]  -> admin: every program; partner: its own (403 else)
//   GET  /admin/api/attendance.csv?...            -> the same as CSV
//   GET  /admin/api/accounts, POST /admin/api/accounts {username, role, scope, password} -> admin
//   GET  /admin/api/audit                         -> admin
//   GET  /admin/api/directory?months=12           -> admin: services not confirmed with their partner
//        (assured_date) in that long, per organization, and stale translations
//   GET  /admin/api/today                         -> school: its check-ins today per program and
//        the records of the last 14 days to review; admin: every school's
//   POST /admin/api/roster/preview {file_name, roster, adults?, pickup_grades?} -> admin: what
//        would be imported and the rows refused, replacing nothing
//   POST /admin/api/roster {the same}             -> admin: replaces the roster (never with none)
//   POST /admin/api/programs[/preview] {file_name, programs} -> admin: the same for programs
//   POST /admin/api/directory[/preview] {file_name, feed, locale?} -> admin: an HSDS feed's import
//        report and what it changes; then the directory replaced, or a language's translation
// Errors are JSON {"error": ...} as on the kiosk API; a parameter a call does not take is a 400.
// Threads: the handlers run on the HTTP server's workers; the store serializes itself.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "server/district_store.h"

namespace httplib {
class Server;
}

namespace district {

struct ConsoleOptions {
    int password_iterations = 600000;  // PBKDF2-HMAC-SHA256, OWASP's 2023 figure
    int64_t idle_seconds = 30 * 60;    // a session unused this long is over
    int64_t max_seconds = 8 * 3600;    // and any session after this long
    int free_attempts = 5;             // wrong passwords before the first lock
    int64_t first_lock_seconds = 30;   // then doubling, up to an hour
    int64_t max_lock_seconds = 3600;
    int min_students = 5;              // the report's small-count suppression
};

// Adds the console's routes to `server`.
void AddConsoleRoutes(httplib::Server& server, DistrictStore& store, ConsoleOptions options);

// The kiosk states the console shows (README): revoked; silent (never seen, or not for more
// than 15 minutes; flagged at the top during program hours); behind (its oldest pending record is more than an hour old, or
// its clock is more than 2 minutes off); else healthy. `now` is unix seconds.
std::string KioskState(const KioskInfo& kiosk, int64_t now);

// Whether a session of any of `programs` is on at `minute` of `weekday` (0 = Sunday), one
// running past midnight included: the hours in which a silent kiosk is flagged.
bool ProgramHours(const std::vector<storage::Program>& programs, int weekday, int minute);

// Checks an account before it is created: a username of 3 to 64 letters, digits, '.', '_' or
// '-'; a known role; a scope for partner and school accounts; a password of at least 12
// characters. "" when it is fine, else what is wrong.
std::string CheckNewAccount(const std::string& username, const std::string& role, const std::string& scope, const std::string& password);

} // namespace district
