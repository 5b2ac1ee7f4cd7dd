// What the district server keeps, behind an interface so that a statewide deployment can move
// it from SQLite (sqlite_district_store.h) to another database without touching the HTTP
// layer or the admin commands.
// Threads: every method may be called from any thread at the same time; an implementation
// serializes its writers itself and never lets a reader block the writer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/checkin_store.h"
#include "hsds/model.h"
#include "storage/directory_store.h"
#include "base/result.h"

namespace district {

struct KioskInfo {
    std::string name;
    std::string school;                 // for the attendance report by school
    std::string created_at;             // RFC 3339 UTC
    bool revoked = false;
    std::string last_seen;              // "" = never
    std::string app_version;
    int64_t queue_depth = 0;
    std::string oldest_pending_at;
    std::string directory_etag;
    int64_t clock_offset_seconds = 0;   // server clock minus kiosk clock at the last heartbeat
};

struct Heartbeat {
    std::string app_version;
    int64_t queue_depth = 0;
    std::string oldest_pending_at;
    std::string directory_etag;
    int64_t clock_offset_seconds = 0;
};

// One record of a POST kiosk/v1/checkins batch, validated by the HTTP layer.
struct IncomingCheckin {
    std::string id;
    std::string student_id;
    std::string program_id;
    std::string kind;                   // "in" / "out", or a staff action: "confirm", "correction", "void"
    std::string at;                     // as the kiosk wrote it (a staff action: when staff acted)
    int64_t at_unix = 0;
    int at_offset_seconds = 0;
    bool clock_trusted = true;
    bool verified = true;               // false: the student was not on the kiosk's roster
    std::string corrects;               // a staff action: the id of the record it acts on
    // A check-out releasing a child who must be picked up: the authorized adult's id, or the
    // staff member who released them and why.
    std::string collected_by{};
    std::string released_by{};
    std::string release_reason{};
};

struct CheckinBatch {
    std::string kiosk;
    std::string kiosk_time;             // as the kiosk wrote it
    int64_t clock_offset_seconds = 0;   // received_unix - kiosk_time
    int64_t received_unix = 0;
    std::vector<IncomingCheckin> records;
};

// A record the server refused, kept so the school's staff see it in the web console.
struct RejectedCheckin {
    std::string id;
    std::string kiosk;
    std::string school;
    std::string student_id;
    std::string program_id;
    std::string kind;
    std::string at;
    std::string reason;
    int64_t received_unix = 0;
};

struct CheckinResult {
    std::string id;
    std::string status;                 // accepted, duplicate, rejected
    std::string reason;                 // for rejected
};

// One stored check-in, for reports.
struct StoredCheckin {
    std::string id;
    std::string kiosk;
    std::string school;
    std::string student_id;
    std::string program_id;
    std::string kind;
    std::string at;
    int64_t corrected_unix = 0;         // `at`, shifted when the kiosk's clock was off
    std::string local_date;             // YYYY-MM-DD on the kiosk's wall (corrected)
    // Staff actions applied: student_id and program_id above are already the corrected ones.
    bool corrected_by_staff = false;
    bool voided = false;                // counts for nothing (reports show how many)
    bool verified = true;               // on the roster, or confirmed by staff since
    std::string collected_by{};         // a check-out releasing a child to this authorized adult
    std::string released_by{};          // or by this staff member, without a code
};

// An attendance report's question, answered in the database (SQL aggregation: a report over a
// year of a state's check-ins never loads the rows into the server).
struct AttendanceQuery {
    std::string from, to;                // local dates, YYYY-MM-DD, inclusive
    // Group by: each program id mapped to its group's key (the program itself, or its partner);
    // a program not in the map is left out. Empty with by_school: every program, by the
    // school of the kiosk that recorded the check-in.
    std::vector<std::pair<std::string, std::string>> groups;
    bool by_school = false;
    // Also the check-ins of programs not in `groups` (since removed from the district's list),
    // grouped under `unmapped_key`, or under their own program id when it is empty.
    bool keep_unmapped = false;
    std::string unmapped_key;
    int64_t week_zero_day = -1;          // >= 0: also split by week, weeks starting on this day (days since 1970-01-01)
};

// One group's figures (of one week, when split by week) before suppression.
struct AttendanceFigures {
    std::string key;
    int64_t week = 0;                    // weeks after week_zero_day; 0 when not split
    int64_t check_ins = 0;
    int64_t unique_students = 0;
    int64_t visits_with_checkout = 0;
    int64_t visit_seconds = 0;           // summed over those visits
    int64_t corrected_by_staff = 0;
    int64_t voided_by_staff = 0;
    int64_t unverified = 0;
    int64_t released_to_adults = 0;
    int64_t exception_releases = 0;
};

// A release (a check-out to an adult or by staff) with the check-in before it, for the late
// pickups, which need each program's sessions (storage::SessionEnd) and are counted in C++.
struct AttendanceRelease {
    std::string key;
    int64_t week = 0;
    std::string program_id;
    std::string at;
    int64_t corrected_unix = 0;
    std::optional<int64_t> checked_in_unix;
};

struct AttendanceAggregate {
    std::vector<AttendanceFigures> figures;
    std::vector<AttendanceRelease> releases;
};

// The web console's people (README "District web console"): district IT (admin), a partner
// organization's staff (partner, scope: the organization's name as the programs name it) and a
// school's staff (school, scope: the school's name as kiosks are enrolled with it).
struct ConsoleAccount {
    std::string username;
    std::string role;                   // admin, partner, school
    std::string scope;                  // partner: organization; school: school; admin: ""
    std::string password_hash;          // base/secret_hash.h: PBKDF2-HMAC-SHA256
    std::string created_at;
    int failures = 0;                   // wrong passwords since the last right one
    int64_t locked_until = 0;           // unix seconds; 0 = not locked
};

// A signed-in browser. Only a hash of the session id is kept (the id is the cookie).
struct ConsoleSession {
    std::string id_hash;
    std::string username;
    std::string csrf_token;             // sent back in X-CSRF-Token with every change
    int64_t created_unix = 0;
    int64_t last_seen_unix = 0;
};

struct AuditEntry {
    int64_t seq = 0;
    std::string at;                     // RFC 3339 UTC
    std::string who;                    // an account, or "command line"
    std::string action;                 // "kiosk.enrol", "account.create", ...
    std::string detail;
};

class DistrictStore {
public:
    virtual ~DistrictStore() = default;

    // `district-server db check`: what this store is ("SQLite /var/lib/...", "PostgreSQL 15.18 at
    // host=... dbname=...", never a password) and what its schema lacks against
    // server_schema.h (empty: nothing).
    virtual std::string Describe() = 0;
    virtual std::vector<std::string> CheckSchema() = 0;
    virtual int SchemaVersion() = 0;

    // Kiosks. Only a hash of each token is kept.
    virtual base::Result<bool> AddKiosk(const std::string& name, const std::string& school,
                                           const std::string& token_hash) = 0;
    virtual std::vector<KioskInfo> Kiosks() = 0;
    virtual bool RevokeKiosk(const std::string& name) = 0;           // false: no such kiosk
    // The enrolled, unrevoked kiosk this token hash belongs to.
    virtual std::optional<std::string> KioskForToken(const std::string& token_hash) = 0;
    virtual void RecordHeartbeat(const std::string& kiosk, const Heartbeat& heartbeat) = 0;

    // Check-ins: each record at most once, keyed by id, one transaction per batch.
    virtual std::vector<CheckinResult> StoreCheckins(const CheckinBatch& batch) = 0;
    virtual int64_t CheckinCount() = 0;
    // The records refused since `received_unix` (each refusal kept once per kiosk and id), newest first.
    virtual std::vector<RejectedCheckin> RejectedSince(int64_t received_unix) = 0;
    // Every check-in whose corrected local date is in [from, to] (YYYY-MM-DD); with `programs`,
    // only those of these programs (as staff corrections leave them), read through an index
    // so that a partner's few programs never cost the whole district's rows.
    virtual std::vector<StoredCheckin> CheckinsBetween(const std::string& from, const std::string& to,
                                                       const std::vector<std::string>* programs = nullptr) = 0;
    // The attendance figures of report.h, computed by the database with the same rules as
    // Attendance() applies to CheckinsBetween()'s rows (the tests hold the two to each other).
    virtual AttendanceAggregate AggregateAttendance(const AttendanceQuery& query) = 0;

    // Programs and roster, replaced whole.
    virtual base::Result<int> ReplacePrograms(const std::vector<storage::Program>& programs) = 0;
    virtual base::Result<int> ReplaceRoster(const std::vector<storage::RosterStudent>& students) = 0;
    virtual std::vector<storage::Program> Programs() = 0;
    virtual std::vector<storage::RosterStudent> Roster() = 0;
    virtual int64_t ProgramsVersion() = 0;   // changes whenever programs or roster change

    // The directory (HSDS), replaced whole; translations stored per locale.
    virtual base::Result<hsds::ImportReport> ReplaceDirectory(
        const hsds::DirectoryFeed& feed, const storage::ReplaceOptions& options) = 0;
    virtual base::Result<hsds::ImportReport> ImportTranslation(const hsds::DirectoryFeed& feed,
                                                                     const std::string& locale) = 0;
    virtual int64_t DirectoryVersion() = 0;  // changes whenever the directory changes
    // A consistent snapshot: the version and every active service in every locale.
    struct DirectorySnapshot {
        int64_t version = 0;
        storage::DirectoryInfo info;
        std::vector<std::pair<std::string, std::vector<storage::ServiceDetail>>> locales;  // default first
    };
    virtual DirectorySnapshot ReadDirectory() = 0;
    // The ids of the active services matching `text` (the kiosk's own full-text search: every
    // word a prefix, accents and case ignored), best first, searched in `locale` and the
    // default language.
    virtual std::vector<std::string> SearchServices(const std::string& text, const std::string& locale) = 0;
    // Translated fields whose source text has changed since they were translated: the
    // district's list of what to send for translation again.
    virtual std::vector<storage::StaleTranslation> StaleTranslations() = 0;

    // The web console: accounts, sessions and the audit log (append-only: no method changes
    // or removes an entry, and the SQLite store refuses it in the database itself).
    virtual base::Result<bool> AddAccount(const ConsoleAccount& account) = 0;  // false: the name is taken
    virtual std::optional<ConsoleAccount> FindAccount(const std::string& username) = 0;
    virtual std::vector<ConsoleAccount> Accounts() = 0;
    virtual void SetLoginState(const std::string& username, int failures, int64_t locked_until) = 0;
    virtual void CreateSession(const ConsoleSession& session) = 0;
    virtual std::optional<ConsoleSession> FindSession(const std::string& id_hash) = 0;
    virtual void TouchSession(const std::string& id_hash, int64_t now) = 0;
    virtual void DeleteSession(const std::string& id_hash) = 0;
    virtual void DeleteSessionsBefore(int64_t last_seen_unix) = 0;  // expired ones
    virtual void AppendAudit(const std::string& who, const std::string& action, const std::string& detail) = 0;
    virtual std::vector<AuditEntry> Audit(int limit) = 0;  // newest first
};

} // namespace district
