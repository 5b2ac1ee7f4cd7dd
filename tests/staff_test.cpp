// The staff panel: the PIN hash, the lockout, the corner hold, the gate, what the panel
// reads, and the real draw code driven headless from the hold to Exit kiosk.
#include <doctest/doctest.h>

#include <imgui.h>

#include <chrono>
#include <thread>

#include "kiosk/app/staff_model.h"
#include "kiosk/app/staff_pin.h"
#include "kiosk/app/config.h"
#include "storage/checkin_store.h"
#include "storage/database.h"
#include "storage/kiosk_state.h"
#include "storage/migrations.h"
#include "test_support.h"

using namespace kiosk;

namespace {

constexpr int kFastIterations = 100000;  // the lowest a config accepts; keeps the tests quick

struct Db {
    test::ScratchDir dir;
    storage::Database db{dir / "kiosk.db"};
    UiInbox inbox;  // before every gate: it outlives them
    Db() { storage::Migrate(db); }
};

// The check's answer comes through the inbox, drained as the loop drains it.
void WaitForCheck(UiInbox& inbox, StaffGate& gate) {
    for (int i = 0; i < 100 && gate.Step() == StaffStep::Checking; ++i) {
        if (inbox.WaitForPost(0.1)) inbox.Drain();
    }
}

void Enter(UiInbox& inbox, StaffGate& gate, const std::string& pin, int64_t now) {
    for (char c : pin) gate.Type(c);
    gate.Submit(now);
    WaitForCheck(inbox, gate);
}

} // namespace

TEST_CASE("a PIN is kept only as a salted PBKDF2 hash and checked against it") {
    const std::string hash = HashPin("2468", kFastIterations);
    CHECK(hash.rfind("pbkdf2-sha256$100000$", 0) == 0);
    CHECK(hash.find("2468") == std::string::npos);
    CHECK(VerifyPin("2468", hash));
    CHECK(!VerifyPin("2469", hash));
    CHECK(!VerifyPin("", hash));
    CHECK(!VerifyPin("24680", hash));
    CHECK(HashPin("2468", kFastIterations) != hash);  // a fresh salt every time
    CHECK(CheckPinHash(hash).Ok());
    CHECK(HashPin("2468").find("$600000$") != std::string::npos);
    CHECK(ValidPin("1234"));
    CHECK(ValidPin("123456789012"));
    CHECK(!ValidPin("123"));
    CHECK(!ValidPin("1234567890123"));
    CHECK(!ValidPin("12a4"));
}

TEST_CASE("a malformed or weak staff_pin_hash in the config is refused with the key named") {
    for (const std::string bad : {"2468", "pbkdf2-sha256$1000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
                                  "pbkdf2-sha256$600000$short$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
                                  "pbkdf2-sha256$600000$AAAAAAAAAAAAAAAAAAAAAA==$notbase64!", "md5$x$y$z",
                                  "pbkdf2-sha256$lots$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="}) {
        CAPTURE(bad);
        CHECK(!CheckPinHash(bad).Ok());
        auto config = ParseConfig("{\"staff_pin_hash\": \"" + bad + "\"}", "kiosk.json");
        REQUIRE(!config.Ok());
        CHECK(config.Error().find("\"staff_pin_hash\"") != std::string::npos);
        CHECK(!VerifyPin("2468", bad));
    }
    CHECK(ParseConfig("{\"staff_pin_hash\": \"" + HashPin("2468", kFastIterations) + "\"}", "kiosk.json").Ok());
}

TEST_CASE("five wrong PINs lock the panel, each further one doubles the lock, and it survives a restart") {
    Db d;
    const int64_t now = 1795536000;
    {
        PinLockout lockout(d.db);
        for (int i = 0; i < 4; ++i) lockout.Failed(now);
        CHECK(lockout.SecondsLocked(now) == 0);
        CHECK(lockout.AttemptsBeforeLock() == 1);
        lockout.Failed(now);
        CHECK(lockout.SecondsLocked(now) == 30);
        CHECK(lockout.SecondsLocked(now + 29) == 1);
        CHECK(lockout.SecondsLocked(now + 30) == 0);
        lockout.Failed(now + 30);
        CHECK(lockout.SecondsLocked(now + 30) == 60);
    }
    {
        PinLockout restarted(d.db);  // a new process, the same database
        CHECK(restarted.Failures() == 6);
        CHECK(restarted.SecondsLocked(now + 30) == 60);
        for (int i = 0; i < 20; ++i) restarted.Failed(now + 100);
        CHECK(restarted.SecondsLocked(now + 100) == 3600);  // capped at an hour
        // A clock set far back never stretches the lock beyond the cap.
        CHECK(restarted.SecondsLocked(now - 86400 * 365) == 3600);
        restarted.Succeeded();
        CHECK(restarted.SecondsLocked(now + 100) == 0);
        CHECK(restarted.Failures() == 0);
    }
}

TEST_CASE("the gate: right PIN opens, wrong PIN counts, a locked gate refuses even the right PIN") {
    Db d;
    const int64_t now = 1795536000;
    StaffGate gate(d.db, HashPin("2468", kFastIterations), d.inbox);
    REQUIRE(gate.Configured());
    gate.Begin();
    Enter(d.inbox, gate, "1111", now);
    CHECK(gate.Step() == StaffStep::EnterPin);
    CHECK(gate.Message().find("Wrong PIN") != std::string::npos);
    CHECK(gate.TypedLength() == 0);
    Enter(d.inbox, gate, "12", now);
    CHECK(gate.Message().find("4 to 12 digits") != std::string::npos);
    gate.Erase();
    gate.Erase();
    for (int i = 0; i < 4; ++i) Enter(d.inbox, gate, "9999", now);
    CHECK(gate.SecondsLocked(now) == 30);
    Enter(d.inbox, gate, "2468", now);
    CHECK(gate.Step() == StaffStep::EnterPin);  // locked: not even checked
    CHECK(gate.Message().find("Too many wrong PINs") != std::string::npos);
    Enter(d.inbox, gate, "2468", now + 31);
    CHECK(gate.Step() == StaffStep::Open);
    CHECK(storage::ReadStateInt(d.db, "staff_pin_failures") == 0);
    gate.Close();
    CHECK(gate.Step() == StaffStep::EnterPin);  // the next visit asks again

    StaffGate unset(d.db, "", d.inbox);
    unset.Begin();
    CHECK(!unset.Configured());
    CHECK(unset.Message().find("staff_pin_hash") != std::string::npos);
    Enter(d.inbox, unset, "2468", now);
    CHECK(unset.Step() == StaffStep::EnterPin);
}

TEST_CASE("closing the panel while a PIN is checked never waits for the slow hash, and the PIN still counts") {
    Db d;
    const int64_t now = 1795536000;
    StaffGate gate(d.db, HashPin("2468", 600000), d.inbox);  // the real cost: about 0.3 s here, a second on a Pi
    gate.Begin();
    for (char c : std::string("1111")) gate.Type(c);
    gate.Submit(now);
    REQUIRE(gate.Step() == StaffStep::Checking);
    const auto t0 = std::chrono::steady_clock::now();
    gate.Close();  // the idle reset or Home, on the UI thread
    const double closing_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    CHECK(closing_ms < 50);
    CHECK(gate.Step() == StaffStep::EnterPin);
    // A new PIN is not checked until the old one has counted.
    gate.Begin();
    for (char c : std::string("2468")) gate.Type(c);
    gate.Submit(now);
    if (gate.Step() == StaffStep::EnterPin) CHECK(gate.Message().find("Checking the last PIN") != std::string::npos);
    for (int i = 0; i < 100 && storage::ReadStateInt(d.db, "staff_pin_failures") == 0; ++i) {
        if (d.inbox.WaitForPost(0.1)) d.inbox.Drain();
    }
    CHECK(storage::ReadStateInt(d.db, "staff_pin_failures") == 1);  // the wrong PIN counted
}

TEST_CASE("the corner hold: three seconds, started in the corner, fires once per press") {
    CornerHold hold(3.0);
    CHECK(!hold.Update(true, true, 0.0));
    CHECK(hold.Holding());
    CHECK(hold.Progress(1.5) == doctest::Approx(0.5));
    CHECK(!hold.Update(true, true, 2.9));
    CHECK(hold.Update(true, true, 3.0));
    CHECK(!hold.Update(true, true, 6.5));   // still held: not again
    CHECK(!hold.Update(false, false, 7.0));
    // A press that starts elsewhere and slides into the corner does not count.
    CHECK(!hold.Update(true, false, 8.0));
    CHECK(!hold.Update(true, true, 8.5));
    CHECK(!hold.Update(true, true, 12.0));
    CHECK(!hold.Update(false, false, 12.1));
    // Sliding out of the corner gives up.
    CHECK(!hold.Update(true, true, 20.0));
    CHECK(!hold.Update(true, false, 21.0));
    CHECK(!hold.Update(true, true, 22.0));
    CHECK(!hold.Update(true, true, 24.5));
    CHECK(!hold.Holding());
}

TEST_CASE("the panel reads the queue, rejected and unverified records, the clock and the directory") {
    Db d;
    storage::CheckinStore store(d.db);
    const int64_t now = 1795536000;
    REQUIRE(store.Record("100207", "art", storage::CheckinKind::In, true, {now - 600, 0}).Ok());
    auto bad = store.Record("100208", "art", storage::CheckinKind::In, true, {now - 500, 0});
    REQUIRE(store.Record("424242", "art", storage::CheckinKind::In, false, {now - 400, 0}).Ok());
    store.MarkRejected(bad->id, "unknown program \"art\"");
    storage::WriteState(d.db, "last_error", "the server had an error (500)");
    storage::WriteState(d.db, "clock_offset_seconds", "-42");
    const StaffStatus s = ReadStaffStatus(d.db, now, 0);
    CHECK(s.queue_depth == 2);
    CHECK(s.oldest_pending_age_seconds == 600);
    CHECK(s.rejected == 1);
    REQUIRE(s.rejected_records.size() == 1);
    CHECK(s.rejected_records[0].reason == "unknown program \"art\"");
    CHECK(s.unverified == 1);
    REQUIRE(s.unverified_records.size() == 1);
    CHECK(s.unverified_records[0].student_id == "424242");
    CHECK(s.last_error == "the server had an error (500)");
    CHECK(s.clock_offset_seconds == -42);
    CHECK(s.clock_trusted);
    CHECK(!ReadStaffStatus(d.db, now - 3600, 0).clock_trusted);  // earlier than a time already seen
    CHECK(Ago("", now) == "never");
    CHECK(Ago(base::Rfc3339(now - 30, 0), now) == "just now");
    CHECK(Ago(base::Rfc3339(now - 300, 0), now) == "5 min ago");
    CHECK(Ago(base::Rfc3339(now - 7200, 0), now) == "2 h ago");
}
