// Check-in: the outbox, programs and roster (storage/checkin_store.h, program_import.h) and
// the flow a student walks through (kiosk/checkin_flow.h), driven without a GPU.
#include <doctest/doctest.h>

#include <atomic>
#include <mutex>
#include <chrono>
#include <csignal>
#include <random>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>
#include <ctime>
#include <set>
#include <thread>

#include "kiosk/app/checkin_flow.h"
#include "kiosk/app/checkin_writer.h"
#include "storage/checkin_store.h"
#include "storage/database.h"
#include "storage/migrations.h"
#include "storage/program_import.h"
#include "test_support.h"

using namespace storage;
using namespace hsds;
using kiosk::CheckinFlow;
using kiosk::CheckinStep;

namespace {

// Monday 2026-11-23 at 15:30 local (the test runs in UTC: TZ is set below).
constexpr int64_t kMonday1530 = 1795447800;

struct Fixture {
    test::ScratchDir dir;
    Database db{dir / "kiosk.db"};
    CheckinStore store{db, /*build time*/ kMonday1530 - 86400 * 30};
    Fixture() {
        setenv("TZ", "UTC", 1);
        tzset();
        Migrate(db);
        auto programs = ReadProgramsFile(test::SourceDir() + "/assets/checkin/programs.json");
        REQUIRE(programs.Ok());
        REQUIRE(store.ReplacePrograms(programs->programs, "v1").Ok());
        auto roster = ReadRosterFile(test::SourceDir() + "/assets/checkin/roster.csv");
        REQUIRE(roster.Ok());
        REQUIRE(roster->skipped.empty());
        REQUIRE(store.ReplaceRoster(roster->students, "v1").Ok());
    }
    static ClockReading Clock(int64_t t) { return {t, 0}; }
    static LocalTime Local(int64_t t) {
        const std::time_t tt = static_cast<std::time_t>(t);
        std::tm tm{};
        gmtime_r(&tt, &tm);
        return {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_wday, tm.tm_hour * 60 + tm.tm_min};
    }
    int64_t Rows() {
        auto& s = db.Cached("SELECT count(*) FROM checkin_outbox");
        s.Step();
        const int64_t n = s.Int(0);
        s.Reset();
        return n;
    }
};

void Scan(CheckinFlow& flow, const std::string& id, int64_t t) {
    flow.Type(id);
    flow.Submit(Fixture::Clock(t), Fixture::Local(t), static_cast<double>(t));
}

} // namespace

TEST_CASE("the sample data is the fixture's Monday") {
    CHECK(Fixture::Local(kMonday1530).weekday == 1);
    CHECK(Fixture::Local(kMonday1530).minute_of_day == 15 * 60 + 30);
}

TEST_CASE("a roster student with exactly one program running now is checked in at once") {
    Fixture f;
    CheckinFlow flow(f.store, {});
    Scan(flow, "100200", kMonday1530);  // Maria Garcia: math only (TU,TH) -> not today
    CHECK(flow.Step() == CheckinStep::ChooseProgram);
    CHECK_FALSE(flow.Verified());  // none of her programs today: she picks, staff review
    flow.Reset();
    // 100221: find one with exactly one program today that is running at 15:30.
    auto maria = f.store.FindStudent("100200");
    REQUIRE(maria.has_value());
    CHECK(maria->display_name == "Maria Garcia");

    // Liam Hernandez: art (FR) and homework (MO-TH 15:00-18:00): homework runs now.
    Scan(flow, "100207", kMonday1530);
    REQUIRE(flow.Step() == CheckinStep::Confirmed);
    CHECK(flow.Confirmed().name == "Liam H.");
    CHECK(flow.Confirmed().program_name == "Homework Help Club");
    CHECK(flow.Confirmed().location == "Library");
    CHECK(f.Rows() == 1);
    const auto record = f.store.LastRecordOf("100207");
    REQUIRE(record.has_value());
    CHECK(record->kind == CheckinKind::In);
    CHECK(record->verified);
    CHECK(record->clock_trusted);
    CHECK(record->at == "2026-11-23T15:30:00+00:00");
    CHECK(record->id.size() == 36);
    CHECK(record->state == "pending");
}

TEST_CASE("several programs: big buttons, the one running now first") {
    Fixture f;
    CheckinFlow flow(f.store, {});
    // Ana Lopez: coding (WE,FR), reading (SA), robotics (MO,WE 15:15): only robotics today.
    Scan(flow, "100214", kMonday1530);
    REQUIRE(flow.Step() == CheckinStep::Confirmed);
    CHECK(flow.Confirmed().program_name == "Robotics Club");
    // On a Wednesday at 15:20 both coding and robotics run: she chooses.
    const int64_t wednesday = kMonday1530 + 2 * 86400 - 600;
    flow.Reset();
    Scan(flow, "100214", wednesday);
    REQUIRE(flow.Step() == CheckinStep::ChooseProgram);
    REQUIRE(flow.Options().size() >= 2);
    CHECK(flow.Options()[0].running_now);
    flow.Choose(1, Fixture::Clock(wednesday), wednesday);
    CHECK(flow.Step() == CheckinStep::Confirmed);
    flow.Choose(0, Fixture::Clock(wednesday), wednesday);  // a double tap
    CHECK(f.Rows() == 2);
}

TEST_CASE("a student not on the roster, or with no roster at all, still gets checked in, unverified") {
    Fixture f;
    REQUIRE(f.store.ReplaceRoster({}, "empty").Ok());
    CheckinFlow flow(f.store, {});
    Scan(flow, "999111", kMonday1530);
    // Not on the roster: a mistyped number must not become a record without a second look.
    REQUIRE(flow.Step() == CheckinStep::UnknownId);
    CHECK(flow.StudentId() == "999111");
    CHECK(f.Rows() == 0);
    flow.CheckInAnyway(Fixture::Clock(kMonday1530), Fixture::Local(kMonday1530), kMonday1530);
    REQUIRE(flow.Step() == CheckinStep::ChooseProgram);
    CHECK(flow.Name().empty());
    CHECK(flow.Options().size() == 3);  // every program today: homework, robotics, soccer
    flow.Choose(0, Fixture::Clock(kMonday1530), kMonday1530);
    REQUIRE(flow.Step() == CheckinStep::Confirmed);
    CHECK(flow.Confirmed().name.empty());  // no name to show
    const auto record = f.store.LastRecordOf("999111");
    REQUIRE(record.has_value());
    CHECK_FALSE(record->verified);
    CHECK(f.store.Counts().unverified == 1);
}

TEST_CASE("an unknown id: Check the number goes back to the keypad with the number to correct; a roster hit never asks") {
    Fixture f;
    CheckinFlow flow(f.store, {});
    Scan(flow, "999999", kMonday1530);
    REQUIRE(flow.Step() == CheckinStep::UnknownId);
    flow.CheckNumber();
    REQUIRE(flow.Step() == CheckinStep::EnterId);
    CHECK(flow.Typed() == "999999");
    flow.Erase();
    flow.Type("1");  // 999991: still unknown
    flow.Erase();
    flow.Erase();
    flow.Erase();
    flow.Erase();
    flow.Erase();
    flow.Type("00207");  // 100207, Liam: on the roster
    CHECK(flow.Typed() == "900207");
    flow.Reset();
    Scan(flow, "100207", kMonday1530);
    CHECK(flow.Step() == CheckinStep::Confirmed);  // never asked
    CHECK(f.Rows() == 1);
}

TEST_CASE("the student's first name and initial are on every step, and an untouched choice goes away recording nothing") {
    Fixture f;
    kiosk::CheckinRules rules;
    rules.choice_seconds = 20;
    CheckinFlow flow(f.store, rules);
    const int64_t wednesday = kMonday1530 + 2 * 86400 - 600;  // Ana: coding and robotics both run
    Scan(flow, "100214", wednesday);
    REQUIRE(flow.Step() == CheckinStep::ChooseProgram);
    CHECK(flow.Name() == "Ana L.");
    CHECK_FALSE(flow.Expired(wednesday + 19));
    CHECK(flow.Expired(wednesday + 20));
    flow.Reset();
    CHECK(flow.Name().empty());
    CHECK(f.Rows() == 0);
    // The unknown-id question times out the same way.
    Scan(flow, "999999", wednesday);
    REQUIRE(flow.Step() == CheckinStep::UnknownId);
    CHECK(flow.Expired(wednesday + 20));
}

TEST_CASE("leaving is its own question: check-out first, and the program left is not offered again to check in to") {
    Fixture f;
    CheckinFlow flow(f.store, {});
    Scan(flow, "100207", kMonday1530);  // Liam: homework
    flow.Reset();
    Scan(flow, "100207", kMonday1530 + 3600);
    REQUIRE(flow.Step() == CheckinStep::ChooseProgram);
    CHECK(flow.Leaving());
    CHECK(flow.Name() == "Liam H.");
    for (size_t i = 1; i < flow.Options().size(); ++i) CHECK(flow.Options()[i].program.id != "homework");
    flow.Choose(0, Fixture::Clock(kMonday1530 + 3600), kMonday1530 + 3600);
    CHECK(flow.Confirmed().kind == CheckinKind::Out);
    CHECK(flow.Confirmed().name == "Liam H.");
}

TEST_CASE("a scan within the duplicate window records nothing and says when") {
    Fixture f;
    CheckinFlow flow(f.store, {});
    Scan(flow, "100207", kMonday1530);
    REQUIRE(flow.Step() == CheckinStep::Confirmed);
    flow.Reset();
    Scan(flow, "100207", kMonday1530 + 90);
    CHECK(flow.Step() == CheckinStep::Already);
    CHECK(flow.Message() == "Already checked in at {time}.");
    CHECK(flow.MessageDetail() == "15:30");
    CHECK(flow.MessageTime() == kMonday1530);  // the screen says it in the session's language
    CHECK(flow.Name() == "Liam H.");
    CHECK(f.Rows() == 1);
}

TEST_CASE("after the window a checked-in student is offered check-out first") {
    Fixture f;
    CheckinFlow flow(f.store, {});
    Scan(flow, "100207", kMonday1530);
    flow.Reset();
    const int64_t later = kMonday1530 + 3600;
    Scan(flow, "100207", later);
    REQUIRE(flow.Step() == CheckinStep::ChooseProgram);
    REQUIRE_FALSE(flow.Options().empty());
    CHECK(flow.Options()[0].kind == CheckinKind::Out);
    CHECK(flow.Options()[0].program.id == "homework");
    flow.Choose(0, Fixture::Clock(later), later);
    REQUIRE(flow.Step() == CheckinStep::Confirmed);
    CHECK(flow.Confirmed().kind == CheckinKind::Out);
    CHECK(f.store.LastRecordOf("100207")->kind == CheckinKind::Out);
}

TEST_CASE("invalid ids give a clear message and never a record") {
    Fixture f;
    CheckinFlow flow(f.store, {});
    for (const char* junk : {"", "12", "1234567890123", "abc", "12a45", "'; DROP TABLE checkin_outbox; --", "😀😀😀"}) {
        CAPTURE(junk);
        flow.Type(junk);
        flow.Submit(Fixture::Clock(kMonday1530), Fixture::Local(kMonday1530), 0);
        CHECK(flow.Step() == CheckinStep::EnterId);
        CHECK_FALSE(flow.Message().empty());
        CHECK(flow.Typed().empty());
    }
    CHECK(f.Rows() == 0);
}

TEST_CASE("a barcode burst (digits and Enter at once) checks in exactly once") {
    Fixture f;
    CheckinFlow flow(f.store, {});
    flow.Type("100207");
    flow.Submit(Fixture::Clock(kMonday1530), Fixture::Local(kMonday1530), 0);
    flow.Submit(Fixture::Clock(kMonday1530), Fixture::Local(kMonday1530), 0);  // a second Enter
    flow.Type("100207");  // the scanner fires again while the confirmation shows
    CHECK(flow.Step() == CheckinStep::Confirmed);
    CHECK(f.Rows() == 1);
}

TEST_CASE("a clock earlier than one already seen, or than the build, marks records untrusted") {
    Fixture f;
    CHECK(f.store.Record("100207", "homework", CheckinKind::In, true, Fixture::Clock(kMonday1530)).Value().clock_trusted);
    // The power was cut and the clock came back a day behind: recorded, but untrusted.
    auto behind = f.store.Record("100214", "robotics", CheckinKind::In, true, Fixture::Clock(kMonday1530 - 86400));
    REQUIRE(behind.Ok());
    CHECK_FALSE(behind->clock_trusted);
    // Before this software was even built: untrusted.
    auto ancient = f.store.Record("100221", "soccer", CheckinKind::In, true, Fixture::Clock(946684800));
    REQUIRE(ancient.Ok());
    CHECK_FALSE(ancient->clock_trusted);
    CHECK(f.store.NewestTimeSeen() == kMonday1530);
}

TEST_CASE("a full disk gives the please-tell-staff screen, and what was queued stays") {
    Fixture f;
    CheckinFlow flow(f.store, {});
    Scan(flow, "100207", kMonday1530);
    REQUIRE(f.Rows() == 1);
    flow.Reset();
    f.db.Exec("CREATE TEMP TRIGGER full BEFORE INSERT ON checkin_outbox BEGIN SELECT RAISE(FAIL, 'database or disk is full'); END");
    Scan(flow, "100214", kMonday1530);
    CHECK(flow.Step() == CheckinStep::Problem);
    CHECK(flow.Message().find("staff member") != std::string::npos);
    CHECK(flow.Expired(kMonday1530 + 6));  // and the kiosk moves on by itself
    f.db.Exec("DROP TRIGGER full");
    CHECK(f.Rows() == 1);
    CHECK(f.store.Pending(10).size() == 1);
}

TEST_CASE("acknowledged records are purged after the retention period; pending ones never") {
    Fixture f;
    const auto old_pending = f.store.Record("100207", "homework", CheckinKind::In, true, Fixture::Clock(kMonday1530)).Value();
    const auto acked = f.store.Record("100214", "robotics", CheckinKind::In, true, Fixture::Clock(kMonday1530)).Value();
    const auto rejected = f.store.Record("100221", "soccer", CheckinKind::In, true, Fixture::Clock(kMonday1530)).Value();
    f.store.MarkAcknowledged({acked.id}, kMonday1530);
    f.store.MarkRejected(rejected.id, "unknown program");
    CHECK(f.store.PurgeAcknowledged(30, kMonday1530 + 29 * 86400) == 0);
    CHECK(f.store.PurgeAcknowledged(30, kMonday1530 + 31 * 86400) == 1);
    CHECK(f.store.PurgeAcknowledged(30, kMonday1530 + 400 * 86400) == 0);
    CHECK(f.Rows() == 2);  // the pending one and the rejected one, however old
    CHECK(f.store.Counts().pending == 1);
    CHECK(f.store.Counts().rejected == 1);
    CHECK(old_pending.seq < acked.seq);
}

TEST_CASE("check-ins written while another connection marks records synced lose nothing") {
    Fixture f;
    std::atomic<bool> done{false};
    std::atomic<int> sync_errors{0};
    std::thread sync([&] {
        Database db(f.dir / "kiosk.db");
        CheckinStore store(db);
        while (!done) {
            try {
                std::vector<std::string> ids;
                for (const auto& r : store.Pending(50)) ids.push_back(r.id);
                if (!ids.empty()) store.MarkAcknowledged(ids, kMonday1530);
            } catch (const DbError&) {
                ++sync_errors;
            }
        }
    });
    std::set<std::string> written;
    for (int i = 0; i < 400; ++i) {
        auto r = f.store.Record(std::to_string(100000 + i), "homework", CheckinKind::In, true, Fixture::Clock(kMonday1530 + i));
        REQUIRE_MESSAGE(r.Ok(), r.Error());  // never SQLITE_BUSY for the student
        written.insert(r->id);
    }
    done = true;
    sync.join();
    CHECK(sync_errors == 0);
    CHECK(f.Rows() == 400);
    CHECK(f.store.Since(0).size() == 400);
}

TEST_CASE("ShortName shows the first name and the last initial only") {
    CHECK(ShortName("Maria Garcia") == "Maria G.");
    CHECK(ShortName("Minh Anh Nguyen") == "Minh N.");
    CHECK(ShortName("Ánh Đỗ") == "Ánh Đ.");
    CHECK(ShortName("Cher") == "Cher");
    CHECK(ShortName("  ") == "");
}

TEST_CASE("programs and roster files: bad records skipped with a reason, junk refused") {
    auto programs = ParsePrograms(R"({"programs": [{"id": "a", "name": "Art"}, {"id": "a", "name": "Again"}, {"name": "No id"}, 5]})", "p");
    REQUIRE(programs.Ok());
    CHECK(programs->programs.size() == 1);
    CHECK(programs->skipped.size() == 3);
    CHECK_FALSE(ParsePrograms("not json", "p").Ok());
    auto roster = ParseRosterCsv("student_id,display_name,program_ids\n1001,Ana Lopez,art;math\n,Nobody,\n1001,Twice,\n", "r.csv");
    REQUIRE(roster.Ok());
    REQUIRE(roster->students.size() == 1);
    CHECK(roster->students[0].program_ids == std::vector<std::string>{"art", "math"});
    CHECK(roster->skipped.size() == 2);
    CHECK_FALSE(ParseRosterCsv("name,age\nx,1\n", "r.csv").Ok());
}

TEST_CASE("a kiosk killed at a random moment keeps every check-in it confirmed") {
    Fixture f;
    std::mt19937 random(20261123);
    for (int round = 0; round < 25; ++round) {
        CAPTURE(round);
        int pipe_fds[2];
        REQUIRE(pipe(pipe_fds) == 0);
        const pid_t child = fork();
        REQUIRE(child >= 0);
        if (child == 0) {
            // The "kiosk": records in a loop, and reports each id only once Record returned,
            // i.e. once the confirmation would have been shown.
            close(pipe_fds[0]);
            try {
                Database db(f.dir / "kiosk.db");
                CheckinStore store(db);
                for (int i = 0;; ++i) {
                    auto r = store.Record(std::to_string(200000 + i), "homework", CheckinKind::In, true,
                                          Fixture::Clock(kMonday1530 + i));
                    if (!r) _exit(2);
                    const std::string line = r->id + "\n";
                    if (write(pipe_fds[1], line.data(), line.size()) != static_cast<ssize_t>(line.size())) _exit(3);
                }
            } catch (...) {
                _exit(4);
            }
        }
        close(pipe_fds[1]);
        // Wait for the first confirmation (on a busy machine opening the database can take a
        // while), then kill the writer at a random moment after it.
        std::string confirmed;
        char buffer[4096];
        ssize_t n;
        while (confirmed.find('\n') == std::string::npos && (n = read(pipe_fds[0], buffer, 1)) > 0) {
            confirmed.append(buffer, static_cast<size_t>(n));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(random() % 150));
        kill(child, SIGKILL);
        int status = 0;
        waitpid(child, &status, 0);
        CHECK((WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL));
        while ((n = read(pipe_fds[0], buffer, sizeof buffer)) > 0) confirmed.append(buffer, static_cast<size_t>(n));
        close(pipe_fds[0]);

        Database db(f.dir / "kiosk.db");  // as the kiosk does when it starts again
        auto& check = db.Cached("PRAGMA integrity_check");
        REQUIRE(check.Step());
        CHECK(check.Text(0) == "ok");
        check.Reset();
        std::istringstream lines(confirmed);
        std::string id;
        int count = 0;
        while (std::getline(lines, id)) {
            auto& find = db.Cached("SELECT count(*) FROM checkin_outbox WHERE id = ?1");
            find.Bind(1, id);
            REQUIRE(find.Step());
            CHECK_MESSAGE(find.Int(0) == 1, "confirmed check-in " << id << " was lost");
            find.Reset();
            ++count;
        }
        CHECK(count > 0);
    }
}

TEST_CASE("with the writer thread the confirmation waits for the commit, and nothing submitted is lost") {
    Fixture f;
    int wakes = 0;
    std::mutex wake_lock;
    kiosk::UiInbox inbox([&] {
        std::lock_guard<std::mutex> guard(wake_lock);
        ++wakes;
    });
    int written = 0;
    {
        kiosk::CheckinWriter writer(f.dir / "kiosk.db", 0, inbox);
        CheckinFlow flow(f.store, {});
        flow.UseWriter(&writer, [] { return 0.0; });
        Scan(flow, "100207", kMonday1530);
        CHECK(flow.Step() == CheckinStep::Saving);
        flow.Type("100207");  // a second scan while saving is ignored
        flow.Submit(Fixture::Clock(kMonday1530), Fixture::Local(kMonday1530), 0);
        // The outcome arrives through the inbox, as the loop drains it.
        for (int i = 0; i < 100 && flow.Step() == CheckinStep::Saving; ++i) {
            if (inbox.WaitForPost(0.1)) inbox.Drain();
        }
        REQUIRE(flow.Step() == CheckinStep::Confirmed);
        CHECK(flow.Confirmed().name == "Liam H.");
        CHECK(f.Rows() == 1);
        // Submitted just before the kiosk shuts down: still written.
        for (int i = 0; i < 20; ++i) {
            kiosk::RecordRequest request;
            request.student_id = std::to_string(300000 + i);
            request.program_id = "homework";
            request.clock = Fixture::Clock(kMonday1530 + i);
            writer.Submit(std::move(request), [&written](const kiosk::RecordOutcome& outcome) { written += outcome.record ? 1 : 0; });
        }
    }
    CHECK(f.Rows() == 21);
    CHECK(inbox.Drain() == 20);  // every outcome was posted, even those written while stopping
    CHECK(written == 20);
    std::lock_guard<std::mutex> guard(wake_lock);
    CHECK(wakes == 21);
}

TEST_CASE("the next student's scan is never dropped: over a notice, over a choice, or while a record saves") {
    Fixture f;
    const auto clock = Fixture::Clock(kMonday1530);
    const auto local = Fixture::Local(kMonday1530);
    kiosk::UiInbox inbox([] {});
    kiosk::CheckinWriter writer(f.dir / "kiosk.db", 0, inbox);
    CheckinFlow flow(f.store, {});
    flow.UseWriter(&writer, [] { return 0.0; });
    auto settle = [&] {
        for (int i = 0; i < 100 && flow.Step() == CheckinStep::Saving; ++i) {
            if (inbox.WaitForPost(0.1)) inbox.Drain();
        }
    };
    // Liam's scan, then the next student's id and Enter arrive while Liam's record is saving.
    flow.Keyboard("100207", true, clock, local, 0);
    REQUIRE(flow.Step() == CheckinStep::Saving);
    flow.Keyboard("1002", false, clock, local, 0);
    flow.Keyboard("00", true, clock, local, 0);
    CHECK(flow.Step() == CheckinStep::Saving);  // Liam's confirmation first
    settle();
    REQUIRE(flow.Step() == CheckinStep::Confirmed);
    CHECK(flow.Confirmed().name == "Liam H.");
    flow.Keyboard("", false, clock, local, 0);  // the next frame: Maria's scan, kept, goes on
    CHECK(flow.Step() == CheckinStep::ChooseProgram);
    CHECK(flow.Name() == "Maria G.");
    // Maria walks away from her choice; the next student's keys come in two frames.
    flow.Keyboard("1002", false, clock, local, 1);
    CHECK(flow.Step() == CheckinStep::EnterId);  // the choice went, recording nothing
    flow.Keyboard("07", true, clock, local, 1);
    CHECK(flow.Step() == CheckinStep::Already);  // Liam again, inside the window
    // Over the "already" notice, a third student.
    flow.Keyboard("100200", true, clock, local, 2);
    CHECK(flow.Step() == CheckinStep::ChooseProgram);
    CHECK(flow.Name() == "Maria G.");
    // A stray Enter alone records nothing and leaves the choice up.
    flow.Keyboard("", true, clock, local, 3);
    CHECK(flow.Step() == CheckinStep::ChooseProgram);
    CHECK(f.Rows() == 1);
}

TEST_CASE("staff actions: a record the server rejected is corrected as a new record at its time, the original voided; actions act once and never on actions") {
    Fixture f;
    const auto original = f.store.Record("100207", "chess-club", CheckinKind::In, true, Fixture::Clock(kMonday1530)).Value();
    f.store.MarkRejected(original.id, "unknown program \"chess-club\"");
    REQUIRE(f.store.ForReview(true, 10).size() == 1);
    CHECK(f.store.Counts().rejected == 1);
    CHECK_FALSE(f.store.ActOn(original.id, storage::StaffAction::Correct, "100207", "no-such-program", Fixture::Clock(kMonday1530 + 600)).Ok());
    CHECK_FALSE(f.store.ActOn(original.id, storage::StaffAction::Correct, "100207", "chess-club", Fixture::Clock(kMonday1530 + 600)).Ok());
    auto fixed = f.store.ActOn(original.id, storage::StaffAction::Correct, "100207", "homework", Fixture::Clock(kMonday1530 + 600));
    REQUIRE_MESSAGE(fixed.Ok(), fixed.Error());
    CHECK(fixed->kind == CheckinKind::In);          // attendance anew: the server never had the original
    CHECK(fixed->at == original.at);                // at the time the student really came
    CHECK(fixed->corrects.empty());
    CHECK(f.store.ForReview(true, 10).empty());
    CHECK(f.store.Counts().rejected == 0);
    CHECK(f.store.FindRecord(original.id)->reviewed);
    // The original stays as it was; a void naming it was queued after the new record.
    const auto pending = f.store.Pending(10);
    REQUIRE(pending.size() == 2);
    CHECK(pending[0].id == fixed->id);
    CHECK(pending[1].kind == CheckinKind::Void);
    CHECK(pending[1].corrects == original.id);
    CHECK(f.store.FindRecord(original.id)->program_id == "chess-club");
    // No second action on the same record; no action on an action.
    CHECK_FALSE(f.store.ActOn(original.id, storage::StaffAction::Void, "", "", Fixture::Clock(kMonday1530 + 700)).Ok());
    CHECK_FALSE(f.store.ActOn(pending[1].id, storage::StaffAction::Void, "", "", Fixture::Clock(kMonday1530 + 700)).Ok());
    CHECK_FALSE(f.store.ActOn("no-such-id", storage::StaffAction::Confirm, "", "", Fixture::Clock(kMonday1530 + 700)).Ok());
    // A voided check-in is not "already checked in": the student can check in again.
    CheckinFlow flow(f.store, {});
    Scan(flow, "100207", kMonday1530 + 800);
    CHECK(flow.Step() == CheckinStep::ChooseProgram);  // checked in (the corrected record): leaving is offered
    CHECK(flow.Leaving());
}

TEST_CASE("staff confirm an unknown student: the record leaves the review list and is sent as a confirm") {
    Fixture f;
    const auto unknown = f.store.Record("999111", "homework", CheckinKind::In, false, Fixture::Clock(kMonday1530)).Value();
    CHECK(f.store.Counts().unverified == 1);
    auto confirmed = f.store.ActOn(unknown.id, storage::StaffAction::Confirm, "", "", Fixture::Clock(kMonday1530 + 60));
    REQUIRE(confirmed.Ok());
    CHECK(confirmed->kind == CheckinKind::Confirm);
    CHECK(confirmed->corrects == unknown.id);
    CHECK(f.store.Counts().unverified == 0);
    CHECK(f.store.ForReview(false, 10).empty());
}
