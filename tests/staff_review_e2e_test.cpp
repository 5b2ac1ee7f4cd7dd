// The staff review flow end to end, as people do it: a student with a mistyped id checks in at
// the real kiosk (KioskApp driven through its loop, headless), staff open the panel, correct
// the record with the keypad and the program buttons, press Sync now; the kiosk's own sync
// thread carries it over HTTPS to the real district server on loopback, whose attendance
// report then counts the corrected student in the corrected program, once.
#include <doctest/doctest.h>

#include "kiosk_harness.h"
#include "live_server.h"
#include "server/report.h"
#include "sync/https_client.h"

using test::Harness;
using test::HarnessOptions;
using namespace kiosk;

namespace {

const bool kCurlReady = [] {
    netsync::GlobalInit();  // before the test threads start
    return true;
}();

} // namespace

TEST_CASE("a mistyped id corrected from the staff panel reaches the district report, once") {
    (void)kCurlReady;
    test::LiveServer server;
    server.Start();
    const std::string token = server.Enroll("lobby-1", "Lincoln Elementary");
    HarnessOptions options;
    options.staff_pin_hash = HashPin("2468", 100000);
    options.server_url = server.Url();
    options.ca_file = test::Cert("ca.pem");
    options.token = token;
    Harness h(options);
    // The programs and roster the kiosk works with come from the server (the first sync).
    for (int i = 0; i < 500 && h.app->SyncRuns() == 0; ++i) h.app->WaitForDelivery(h.platform, h.view, 0.1);
    REQUIRE(h.app->SyncRuns() >= 1);
    REQUIRE(h.checkins.FindProgram("homework").has_value());
    REQUIRE(h.checkins.FindStudent("100214").has_value());  // Ana Lopez, on the district roster

    // Ana mistypes her id: 100241 is nobody. She checks in anyway, to Homework Help.
    h.Scan("100241");
    REQUIRE(h.flow->Step() == CheckinStep::UnknownId);
    h.Tap("checkin.anyway");
    REQUIRE(h.flow->Step() == CheckinStep::ChooseProgram);
    size_t homework = h.flow->Options().size();
    for (size_t i = 0; i < h.flow->Options().size(); ++i) {
        if (h.flow->Options()[i].program.id == "homework") homework = i;
    }
    REQUIRE(homework < h.flow->Options().size());  // homework runs any day but Sunday? see below
    h.Tap("checkin.option." + std::to_string(homework));
    h.WaitForSave();
    REQUIRE(h.flow->Step() == CheckinStep::Confirmed);
    h.Tap("checkin.done");

    // Staff: the panel, the record, Correct: 100214, Homework Help; Save; Sync now.
    h.OpenStaffPanel();
    h.Frame();
    h.Tap("review.unverified.0");
    h.Tap("review.correct");
    for (int i = 0; i < 6; ++i) h.Tap("review.key.erase");
    for (const char* key : {"review.key.1", "review.key.0", "review.key.0", "review.key.2", "review.key.1", "review.key.4"}) h.Tap(key);
    h.Tap("review.save");
    while (h.app->Review().IsOpen()) h.WaitForWorker();
    const int runs = h.app->SyncRuns();
    h.Frame();
    h.Tap("staff.sync_now");
    for (int i = 0; i < 500 && h.app->SyncRuns() <= runs; ++i) h.app->WaitForDelivery(h.platform, h.view, 0.1);
    REQUIRE(h.app->SyncRuns() > runs);
    CHECK(h.checkins.Counts().pending == 0);
    CHECK(h.app->StaffStatusNow().last_error.empty());

    // The district's report: Ana, once, in Homework Help; the correction shown.
    const std::string day = base::Rfc3339(h.app->Clock().unix_seconds, h.app->Clock().utc_offset_seconds).substr(0, 10);
    const auto stored = server.store->CheckinsBetween(day, day);
    REQUIRE(stored.size() == 1);
    CHECK(stored[0].student_id == "100214");
    CHECK(stored[0].program_id == "homework");
    CHECK(stored[0].corrected_by_staff);
    CHECK(stored[0].verified);
    const auto report = district::Attendance(stored, server.store->Programs(), district::ReportBy::Program, day, day, 1);
    REQUIRE(report.rows.size() == 1);
    CHECK(report.rows[0].key == "homework");
    CHECK(report.rows[0].check_ins == 1);
    CHECK(report.rows[0].corrected_by_staff == 1);
    CHECK(report.rows[0].unverified == 0);
    CHECK(server.store->CheckinCount() == 2);  // the original and the correction, each once
}
