// Guardian pickup: the roster's authorized adults (codes only as hashes), the pickup flow at
// the kiosk (code, children here now, release), the lockout, and the rule that a child who
// must be picked up never checks themselves out.
#include <doctest/doctest.h>

#include "base/secret_hash.h"
#include "kiosk/app/checkin_flow.h"
#include "kiosk/app/pickup_flow.h"
#include "storage/database.h"
#include "storage/migrations.h"
#include "storage/program_import.h"
#include "tests/test_support.h"

using kiosk::PickupFlow;
using kiosk::PickupStep;
using namespace storage;

namespace {

constexpr int64_t kMonday1530 = 1795447800;  // 2026-11-23 15:30 UTC
constexpr int kIterations = 20000;

struct Fixture {
    test::ScratchDir dir;
    Database db{dir / "kiosk.db"};
    CheckinStore store{db, kMonday1530 - 86400 * 30};
    kiosk::UiInbox inbox;
    std::string salt = base::NewSalt();
    Fixture() {
        setenv("TZ", "UTC", 1);
        tzset();
        Migrate(db);
        Program robotics{"robotics", "Robotics Club", "Trailblazers", "Room 12", "", {{"MO,TU,WE,TH,FR", "15:00", "17:30"}}};
        Program art{"art", "Art Studio", "Trailblazers", "Room 3", "", {{"MO,TU,WE,TH,FR", "15:00", "17:30"}}};
        REQUIRE(store.ReplacePrograms({robotics, art}, "v1").Ok());
        // Maria and Lucas are siblings: their mother Ana may collect both, their grandfather
        // only Lucas. Minh (grade 8) goes home on his own.
        RosterStudent maria{"100", "Maria G.", {"robotics"}, true, "2", {Adult("ana", "Ana Garcia", "mother", "4821")}, ""};
        RosterStudent lucas{"101", "Lucas G.", {"art"}, true, "K",
                            {Adult("ana", "Ana Garcia", "mother", "4821"), Adult("jose", "José Garcia", "grandfather", "7730")},
                            "Not to his uncle (court order on file)"};
        RosterStudent minh{"102", "Minh T.", {"robotics"}, false, "8", {}, ""};
        REQUIRE(store.ReplaceRoster({maria, lucas, minh}, "v1").Ok());
    }
    AuthorizedAdult Adult(const char* id, const char* name, const char* relationship, const char* code) {
        return {id, name, relationship, base::HashSecret(code, kIterations, salt), {}};
    }
    static ClockReading Clock(int64_t t) { return {t, 0}; }
    void CheckIn(const std::string& student, const std::string& program, int64_t t = kMonday1530 - 1800) {
        REQUIRE(store.Record(student, program, CheckinKind::In, true, Clock(t)).Ok());
    }
    // Until the flow's answer (the hash, or the writes) has come back through the inbox.
    void Settle(PickupFlow& flow) {
        for (int i = 0; i < 200 && (flow.Step() == PickupStep::Checking || flow.Step() == PickupStep::Saving); ++i) {
            if (inbox.WaitForPost(0.1)) inbox.Drain();
        }
    }
    void Enter(PickupFlow& flow, const std::string& code, int64_t t = kMonday1530) {
        flow.Begin();
        for (char c : code) flow.Type(c);
        flow.Submit(Clock(t), 0);
        Settle(flow);
    }
};

} // namespace

TEST_CASE("one code shows every child it may collect who is here now; the release records the adult, never the code") {
    Fixture f;
    f.CheckIn("100", "robotics");
    f.CheckIn("101", "art");
    PickupFlow flow(f.db, f.store, f.inbox);
    CHECK(flow.Available());
    f.Enter(flow, "4821");
    REQUIRE(flow.Step() == PickupStep::Choose);
    CHECK(flow.AdultName() == "Ana Garcia");
    REQUIRE(flow.Children().size() == 2);
    CHECK(flow.Children()[0].name == "Lucas G.");
    CHECK(flow.Children()[0].program_name == "Art Studio");
    CHECK(flow.Children()[0].location == "Room 3");
    CHECK(flow.Children()[1].name == "Maria G.");
    CHECK(flow.Children()[1].program_name == "Robotics Club");
    // Two children: the adult taps each one going home; nothing is chosen for them.
    CHECK(flow.Selected() == 0);
    flow.Release(Fixture::Clock(kMonday1530), 1);
    CHECK(flow.Step() == PickupStep::Choose);  // nobody chosen: nothing released
    flow.Toggle(0);
    flow.Toggle(1);
    flow.Release(Fixture::Clock(kMonday1530), 1);
    f.Settle(flow);
    REQUIRE(flow.Step() == PickupStep::Done);
    CHECK(flow.ReleasedNames() == std::vector<std::string>{"Lucas G.", "Maria G."});
    for (const char* id : {"100", "101"}) {
        const auto last = f.store.LastRecordOf(id);
        REQUIRE(last.has_value());
        CHECK(last->kind == CheckinKind::Out);
        CHECK(last->collected_by == "ana");
        CHECK(last->released_by.empty());
    }
    // What the sync sends: the adult's id; the code is nowhere in the outbox.
    for (const auto& r : f.store.Pending(100)) {
        CHECK(r.collected_by.find("4821") == std::string::npos);
    }
    auto& s = f.db.Cached("SELECT count(*) FROM checkin_outbox WHERE instr(COALESCE(collected_by,'') || COALESCE(released_by,'') || "
                          "COALESCE(release_reason,''), '4821') > 0");
    s.Step();
    CHECK(s.Int(0) == 0);
    s.Reset();
    // Released children are no longer here: the same code now finds nobody to collect.
    f.Enter(flow, "4821");
    REQUIRE(flow.Step() == PickupStep::Choose);
    CHECK(flow.Children().empty());
    CHECK(flow.Message().find("None of the children") == 0);
}

TEST_CASE("a grandfather's code collects only the grandchild he is authorized for, and one child needs no choosing") {
    Fixture f;
    f.CheckIn("100", "robotics");
    f.CheckIn("101", "art");
    PickupFlow flow(f.db, f.store, f.inbox);
    f.Enter(flow, "7730");
    REQUIRE(flow.Step() == PickupStep::Choose);
    CHECK(flow.AdultName() == "José Garcia");
    REQUIRE(flow.Children().size() == 1);
    CHECK(flow.Children()[0].name == "Lucas G.");
    CHECK(flow.Children()[0].selected);
    flow.Release(Fixture::Clock(kMonday1530), 1);
    f.Settle(flow);
    REQUIRE(flow.Step() == PickupStep::Done);
    CHECK(f.store.LastRecordOf("101")->collected_by == "jose");
    CHECK(f.store.LastRecordOf("100")->kind == CheckinKind::In);  // Maria stays
    // The staff-only note is never part of what the adult sees.
    for (const auto& child : flow.Children()) CHECK(child.name.find("uncle") == std::string::npos);
}

TEST_CASE("wrong codes count toward a lockout that survives a restart; a code that is not 4 to 8 digits is not tried") {
    Fixture f;
    f.CheckIn("100", "robotics");
    {
        PickupFlow flow(f.db, f.store, f.inbox);
        f.Enter(flow, "12");
        CHECK(flow.Step() == PickupStep::EnterCode);
        CHECK(flow.Message() == "A pickup code is 4 to 8 digits.");
        for (int i = 0; i < 4; ++i) {
            f.Enter(flow, "0000");
            CHECK(flow.Step() == PickupStep::EnterCode);
        }
        CHECK(flow.Message().find("One more wrong code") != std::string::npos);
        f.Enter(flow, "1111");
        CHECK(flow.Message() == "Too many wrong codes. Please ask a staff member.");
    }
    // A new flow (the kiosk restarted): still locked, even with the right code.
    PickupFlow flow(f.db, f.store, f.inbox);
    CHECK(flow.SecondsLocked(kMonday1530) > 0);
    f.Enter(flow, "4821");
    CHECK(flow.Step() == PickupStep::EnterCode);
    CHECK(flow.Message() == "Too many wrong codes. Please ask a staff member.");
    // After the lock, the right code works and resets the count.
    f.Enter(flow, "4821", kMonday1530 + 3600);
    CHECK(flow.Step() == PickupStep::Choose);
}

TEST_CASE("a child whose pickup is required cannot check themselves out; an older student can") {
    Fixture f;
    f.CheckIn("100", "robotics");
    f.CheckIn("102", "robotics");
    kiosk::CheckinFlow checkin(f.store, {});
    const LocalTime monday{2026, 11, 23, 1, 15 * 60 + 30};
    checkin.Type("100");
    checkin.Submit(Fixture::Clock(kMonday1530), monday, 0);
    CHECK(checkin.Step() == kiosk::CheckinStep::Already);
    CHECK(checkin.Message() == "A grown-up picks you up today. Please wait here, or ask a staff member.");
    CHECK(f.store.LastRecordOf("100")->kind == CheckinKind::In);  // nothing recorded
    checkin.Reset();
    checkin.Type("102");
    checkin.Submit(Fixture::Clock(kMonday1530), monday, 0);
    REQUIRE(checkin.Step() == kiosk::CheckinStep::ChooseProgram);
    CHECK(checkin.Leaving());
}

TEST_CASE("staff release a child without a code only with their name and a reason; a release names one or the other") {
    Fixture f;
    f.CheckIn("100", "robotics");
    CHECK_FALSE(f.store.Release("100", "robotics", {"", "Ms. Lee", ""}, true, Fixture::Clock(kMonday1530)).Ok());
    CHECK_FALSE(f.store.Release("100", "robotics", {"ana", "Ms. Lee", "code forgotten"}, true, Fixture::Clock(kMonday1530)).Ok());
    CHECK_FALSE(f.store.Release("100", "robotics", {}, true, Fixture::Clock(kMonday1530)).Ok());
    auto released = f.store.Release("100", "robotics", {"", "Ms. Lee", "mother forgot the code; ID checked"}, true, Fixture::Clock(kMonday1530));
    REQUIRE(released.Ok());
    const auto last = f.store.LastRecordOf("100");
    CHECK(last->kind == CheckinKind::Out);
    CHECK(last->released_by == "Ms. Lee");
    CHECK(last->release_reason == "mother forgot the code; ID checked");
    CHECK(last->collected_by.empty());
}

TEST_CASE("a kiosk never stores a pickup code in the clear: such a roster is refused and the old one kept") {
    Fixture f;
    RosterStudent sneaky{"100", "Maria G.", {"robotics"}, true, "", {{"ana", "Ana Garcia", "mother", "", "4821"}}, ""};
    auto replaced = f.store.ReplaceRoster({sneaky}, "v2");
    CHECK_FALSE(replaced.Ok());
    CHECK(replaced.Error().find("no hashed pickup code") != std::string::npos);
    CHECK(f.store.RosterSize() == 3);  // the old roster
    CHECK(f.store.FindStudent("101")->adults.size() == 2);
    CHECK(f.store.PickupHashPrefixes().size() == 1);  // one salt for the roster: one hash a try
    // A kiosk's roster is wiped whole, adults included.
    REQUIRE(f.store.ReplaceRoster({}, "").Ok());
    auto& s = f.db.Cached("SELECT count(*) FROM roster_adult");
    s.Step();
    CHECK(s.Int(0) == 0);
    s.Reset();
}

TEST_CASE("roster files carry pickup: JSON adults, a CSV of adults, and bad adults skipped with a reason") {
    auto json = ParseRosterJson(R"({"students": [
        {"student_id": "100", "display_name": "Maria Garcia", "program_ids": ["robotics"], "grade": "2",
         "pickup_required": true, "do_not_release": "Not to her uncle",
         "adults": [{"adult_id": "ana", "display_name": "Ana Garcia", "relationship": "mother", "pickup_code": "4821"},
                    {"adult_id": "bad", "display_name": "Bad Code", "pickup_code": "12ab"},
                    {"adult_id": "none", "display_name": "No Code"},
                    {"adult_id": "ana", "display_name": "Ana Again", "pickup_code": "9999"}]}]})", "test.json");
    REQUIRE(json.Ok());
    REQUIRE(json->students.size() == 1);
    const RosterStudent& maria = json->students[0];
    CHECK(maria.pickup_required);
    CHECK(maria.grade == "2");
    CHECK(maria.do_not_release == "Not to her uncle");
    REQUIRE(maria.adults.size() == 1);
    CHECK(maria.adults[0].pickup_code == "4821");
    REQUIRE(json->skipped.size() == 3);
    CHECK(json->skipped[0].reason == "the pickup_code is not 4 to 8 digits");
    CHECK(json->skipped[1].reason == "no pickup_code");
    CHECK(json->skipped[2].reason.find("already authorized") != std::string::npos);

    auto csv = ParseRosterCsv("student_id,display_name,program_ids,grade,pickup_required\n100,Maria Garcia,robotics,2,yes\n"
                              "101,Lucas Garcia,art,K,\n",
                              "roster.csv");
    REQUIRE(csv.Ok());
    CHECK(csv->students[0].pickup_required);
    CHECK_FALSE(csv->students[1].pickup_required);
    auto added = ParseAdultsCsv("student_id,adult_id,display_name,relationship,pickup_code\n100,ana,Ana Garcia,mother,4821\n"
                                "101,ana,Ana Garcia,mother,4821\n999,x,Nobody,,1234\n101,jose,José Garcia,grandfather,123\n",
                                "adults.csv", csv.Value());
    REQUIRE(added.Ok());
    CHECK(added.Value() == 2);
    CHECK(csv->students[1].adults.size() == 1);
    REQUIRE(csv->skipped.size() == 2);
    CHECK(csv->skipped[0].reason == "student 999 is not in the roster");
    CHECK(csv->skipped[1].reason == "the pickup_code is not 4 to 8 digits");
    CHECK_FALSE(ParseAdultsCsv("student_id,name\n1,x\n", "a.csv", csv.Value()).Ok());
}

TEST_CASE("a child is late from the end of the session they checked in to: yesterday's, past midnight, or one they came early for") {
    constexpr int kMonday = 1, kTuesday = 2, kSaturday = 6;
    const std::vector<ProgramSession> weekdays{{"MO,TU,WE,TH,FR", "15:00", "17:00"}};
    // Monday: in at 15:10 or early at 14:00, the session ends at 17:00 (minute 1020).
    CHECK(SessionEnd(weekdays, 15 * 60 + 10, kMonday) == 1020);
    CHECK(SessionEnd(weekdays, 14 * 60, kMonday) == 1020);
    // Three hours early is not this session; Saturday has none.
    CHECK_FALSE(SessionEnd(weekdays, 12 * 60, kMonday).has_value());
    CHECK_FALSE(SessionEnd(weekdays, 15 * 60 + 10, kSaturday).has_value());
    // Checked in yesterday (Monday) at 15:10, still here Tuesday: yesterday's 17:00, 1440 before today's midnight.
    CHECK(SessionEnd(weekdays, 15 * 60 + 10 - 1440, kTuesday) == 1020 - 1440);
    // In at 17:30 with every session over: late from when they came.
    CHECK(SessionEnd(weekdays, 17 * 60 + 30, kMonday) == 17 * 60 + 30);
    // Friday's late session 22:00-02:00: in at 22:15 Friday, asked Saturday at 03:00, it ended at
    // 02:00 today (minute 120); in at 01:00 Saturday, the same session.
    const std::vector<ProgramSession> late_night{{"FR", "22:00", "02:00"}};
    CHECK(SessionEnd(late_night, 22 * 60 + 15 - 1440, kSaturday) == 120);
    CHECK(SessionEnd(late_night, 60, kSaturday) == 120);
    // Two sessions a day: the one the check-in falls in, else the next to begin.
    const std::vector<ProgramSession> two{{"MO", "08:00", "09:00"}, {"MO", "15:00", "17:00"}};
    CHECK(SessionEnd(two, 8 * 60 + 30, kMonday) == 9 * 60);
    CHECK(SessionEnd(two, 14 * 60 + 30, kMonday) == 1020);

    // Through the store as the staff panel asks: Ana checked in to Friday's late session at
    // 22:15; at 03:00 on Saturday she is 60 minutes late (before, only Saturday's sessions counted).
    Fixture f;
    REQUIRE(f.store.ReplacePrograms({{"night", "Midnight Basketball", "Trailblazers", "Gym", "", late_night}}, "p2").Ok());
    REQUIRE(f.store.ReplaceRoster({{"700", "Ana L.", {"night"}, true, "8", {}, ""}}, "r2").Ok());
    const int64_t saturday_3am = kMonday1530 + 4 * 86400 + 41400;  // 2026-11-28 03:00 UTC
    f.CheckIn("700", "night", saturday_3am - (4 * 60 + 45) * 60);
    LocalTime now;
    now.weekday = kSaturday;
    now.minute_of_day = 180;
    const auto waiting = f.store.AwaitingPickups(saturday_3am, now, 16);
    REQUIRE(waiting.size() == 1);
    CHECK(waiting[0].minutes_late == 60);
}
