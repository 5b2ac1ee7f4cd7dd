// Guardian pickup at the kiosk. See pickup_flow.h.
#include "kiosk/app/pickup_flow.h"

#include <algorithm>
#include <chrono>

#include "base/secret_hash.h"
#include "storage/program_import.h"

namespace kiosk {

PickupFlow::PickupFlow(storage::Database& db, storage::CheckinStore& store, UiInbox& inbox, PickupRules rules, LockoutRules lockout)
    : m_db(db), m_store(store), m_inbox(inbox), m_rules(rules), m_lockout(db, lockout, "pickup_code") {}

PickupFlow::~PickupFlow() {
    for (auto& thread : m_threads) thread.wait();
}

bool PickupFlow::Available() { return !m_store.PickupHashPrefixes().empty(); }

void PickupFlow::Begin() {
    Reset();
}

void PickupFlow::Reset() {
    ++m_session;
    m_current = 0;  // a hash in flight goes on and, if the code was wrong, still counts
    m_step = PickupStep::EnterCode;
    std::fill(m_typed.begin(), m_typed.end(), '\0');
    m_typed.clear();
    m_message.clear();
    m_adult_name.clear();
    m_children.clear();
    m_released.clear();
    m_waiting = 0;
    m_failed = false;
}

void PickupFlow::Type(char digit) {
    if (m_step != PickupStep::EnterCode || digit < '0' || digit > '9' || m_typed.size() >= 8) return;
    m_typed += digit;
    m_message.clear();
}

void PickupFlow::Erase() {
    if (m_step == PickupStep::EnterCode && !m_typed.empty()) m_typed.pop_back();
}

void PickupFlow::Submit(const storage::ClockReading& clock, double now) {
    if (m_step != PickupStep::EnterCode) return;
    if (m_in_flight > 0) {  // the last adult's code still counts before a new one is tried
        m_message = "Checking the last code. Please try again in a moment.";
        return;
    }
    if (m_lockout.SecondsLocked(clock.unix_seconds) > 0) {
        std::fill(m_typed.begin(), m_typed.end(), '\0');
        m_typed.clear();
        m_message = "Too many wrong codes. Please ask a staff member.";
        return;
    }
    if (!storage::ValidPickupCode(m_typed)) {
        m_message = "A pickup code is 4 to 8 digits.";
        return;
    }
    const std::vector<std::string> prefixes = m_store.PickupHashPrefixes();
    m_step = PickupStep::Checking;
    m_message.clear();
    const uint64_t check = ++m_checks;
    m_current = check;
    ++m_in_flight;
    std::erase_if(m_threads, [](const std::future<void>& t) { return t.wait_for(std::chrono::seconds(0)) == std::future_status::ready; });
    // The hash is slow on purpose: never on the UI thread.
    m_threads.push_back(std::async(std::launch::async, [this, check, clock, now, prefixes, code = m_typed]() mutable {
        std::vector<std::string> hashes;
        for (const std::string& prefix : prefixes) {
            try {
                hashes.push_back(base::HashSecretLike(code, prefix));
            } catch (const std::exception&) {
                // A malformed hash in the roster matches nothing.
            }
        }
        std::fill(code.begin(), code.end(), '\0');
        m_inbox.Post([this, check, hashes = std::move(hashes), clock, now]() mutable { Checked(check, std::move(hashes), clock, now); });
    }));
    std::fill(m_typed.begin(), m_typed.end(), '\0');
    m_typed.clear();
}

void PickupFlow::Checked(uint64_t check, std::vector<std::string> hashes, const storage::ClockReading& clock, double now) {
    --m_in_flight;
    std::vector<storage::PickupMatch> matches;
    for (const std::string& hash : hashes) {
        for (auto& match : m_store.ChildrenForCode(hash)) matches.push_back(std::move(match));
    }
    if (matches.empty()) m_lockout.Failed(clock.unix_seconds);
    else m_lockout.Succeeded();
    if (check != m_current || m_step != PickupStep::Checking) return;  // the adult went away meanwhile
    m_current = 0;
    m_shown_at = now;
    if (matches.empty()) {
        m_step = PickupStep::EnterCode;
        const int left = m_lockout.AttemptsBeforeLock();
        if (m_lockout.SecondsLocked(clock.unix_seconds) > 0) m_message = "Too many wrong codes. Please ask a staff member.";
        else if (left == 1) m_message = "That code is not right. One more wrong code locks pickup for a while.";
        else m_message = "That code is not right. Please try again, or ask a staff member.";
        return;
    }
    m_adult_name = matches.front().adult.display_name;
    m_children.clear();
    for (const storage::PickupMatch& match : matches) {
        const auto last = m_store.LastRecordOf(match.student_id);
        if (!last || last->kind != storage::CheckinKind::In ||
            clock.unix_seconds - last->at_unix >= static_cast<int64_t>(m_rules.checked_in_hours) * 3600) {
            continue;  // not here now: nothing to release
        }
        PickupChild child;
        child.student_id = match.student_id;
        child.name = match.display_name;
        child.program_id = last->program_id;
        child.adult_id = match.adult.adult_id;
        if (auto program = m_store.FindProgram(last->program_id)) {
            child.program_name = program->name;
            child.location = program->location;
        } else {
            child.program_name = last->program_id;
        }
        m_children.push_back(std::move(child));
    }
    if (m_children.size() == 1) m_children.front().selected = true;  // one child: nothing to choose
    m_step = PickupStep::Choose;
    if (m_children.empty()) m_message = "None of the children for this code are checked in right now. Please ask a staff member.";
}

void PickupFlow::Toggle(size_t index) {
    if (m_step != PickupStep::Choose || index >= m_children.size()) return;
    m_children[index].selected = !m_children[index].selected;
}

size_t PickupFlow::Selected() const {
    return static_cast<size_t>(std::count_if(m_children.begin(), m_children.end(), [](const PickupChild& c) { return c.selected; }));
}

void PickupFlow::Release(const storage::ClockReading& clock, double now) {
    if (m_step != PickupStep::Choose || Selected() == 0) return;  // a double tap releases once
    m_step = PickupStep::Saving;
    m_released.clear();
    m_failed = false;
    m_waiting = Selected();
    const uint64_t session = m_session;
    for (const PickupChild& child : m_children) {
        if (!child.selected) continue;
        RecordRequest request;
        request.student_id = child.student_id;
        request.program_id = child.program_id;
        request.kind = storage::CheckinKind::Out;
        request.clock = clock;
        request.release = storage::ReleaseBy{child.adult_id, {}, {}};
        auto written = [this, session, name = child.name, now](const RecordOutcome& outcome) {
            if (outcome.record) ++m_release_count;
            if (session != m_session) return;
            if (outcome.record) m_released.push_back(name);
            else m_failed = true;
            if (--m_waiting > 0) return;
            m_step = PickupStep::Done;
            m_shown_at = m_now ? m_now() : now;
            if (m_failed) m_message = "Something went wrong. Please tell a staff member.";
        };
        if (m_writer) {
            m_writer->Submit(std::move(request), std::move(written));
        } else {
            auto result = m_store.Release(request.student_id, request.program_id, *request.release, true, clock);
            RecordOutcome outcome;
            if (result) outcome.record = result.Value();
            else outcome.error = result.Error();
            written(outcome);
        }
    }
}

bool PickupFlow::Expired(double now) const {
    if (m_step == PickupStep::Done) return now - m_shown_at >= m_rules.notice_seconds;
    if (m_step == PickupStep::Choose) return now - m_shown_at >= m_rules.choice_seconds;
    return false;
}

} // namespace kiosk
