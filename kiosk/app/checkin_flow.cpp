// Check-in flow. See checkin_flow.h.
#include "kiosk/app/checkin_flow.h"

#include "storage/schedule.h"

#include <algorithm>
#include <cstdio>
#include <ctime>

namespace kiosk {

namespace {

bool RunningNow(const storage::Program& p, const storage::LocalTime& local, int early_minutes) {
    for (const auto& s : p.sessions) {
        const auto opens = storage::MinutesOfDay(s.opens_at), closes = storage::MinutesOfDay(s.closes_at);
        if (!opens || !closes) continue;  // a session whose times cannot be read is never "now"
        if (local.minute_of_day >= *opens - early_minutes && local.minute_of_day < *closes) return true;
    }
    return false;
}

} // namespace

const char* StepName(CheckinStep step) {
    switch (step) {
        case CheckinStep::EnterId: return "enter-id";
        case CheckinStep::UnknownId: return "unknown-id";
        case CheckinStep::ChooseProgram: return "choose-program";
        case CheckinStep::Saving: return "saving";
        case CheckinStep::Confirmed: return "confirmed";
        case CheckinStep::Already: return "already";
        case CheckinStep::Problem: return "problem";
    }
    return "unknown";
}

std::string LocalClock(int64_t unix_seconds) {
    const std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    localtime_r(&t, &tm);
    char out[8];
    std::snprintf(out, sizeof out, "%02d:%02d", tm.tm_hour, tm.tm_min);
    return out;
}

CheckinFlow::CheckinFlow(storage::CheckinStore& store, CheckinRules rules)
    : m_store(store), m_rules(std::move(rules)), m_pattern(m_rules.student_id_pattern) {}

void CheckinFlow::Type(const std::string& text) {
    if (m_step != CheckinStep::EnterId) return;
    // Everything typed is kept (up to a cap) and judged on Enter: dropping letters quietly
    // would turn "12a45" into a valid-looking "1245".
    for (char c : text) {
        if (static_cast<unsigned char>(c) < 0x20 || m_typed.size() >= 64) continue;
        m_typed += c;
    }
    m_message.clear();
}

void CheckinFlow::Keyboard(const std::string& text, bool enter, const storage::ClockReading& clock,
                           const storage::LocalTime& local, double now) {
    for (char c : text) {
        if (m_keyboard.size() < 64) m_keyboard += c;
    }
    m_keyboard_enter = m_keyboard_enter || enter;
    if (m_step == CheckinStep::Saving) return;  // the record first, then the next person
    std::string typed;
    typed.swap(m_keyboard);
    const bool submit = m_keyboard_enter;
    m_keyboard_enter = false;
    if (!typed.empty()) {
        if (m_step != CheckinStep::EnterId) Reset();
        Type(typed);
        std::fill(typed.begin(), typed.end(), '\0');
    }
    if (submit) Submit(clock, local, now);
}

void CheckinFlow::Erase() {
    if (!m_typed.empty()) m_typed.pop_back();
}

void CheckinFlow::Submit(const storage::ClockReading& clock, const storage::LocalTime& local, double now) {
    if (m_step != CheckinStep::EnterId) return;  // a second Enter from a double scan does nothing
    const std::string id = m_typed;
    std::fill(m_typed.begin(), m_typed.end(), '\0');
    m_typed.clear();
    m_detail.clear();
    if (id.empty()) {
        m_message = "Type your student ID, then press Enter.";
        return;
    }
    if (!std::regex_match(id, m_pattern)) {
        m_message = "That is not a student ID. Please try again, or ask a staff member.";
        return;
    }
    m_message.clear();
    m_student_id = id;
    ++m_lookups;
    try {
        const auto student = m_store.FindStudent(id);
        m_verified = student.has_value();
        m_display_name = student ? student->display_name : std::string();
        m_short_name = student ? storage::ShortName(m_display_name) : std::string();

        const auto last = m_store.LastRecordOf(id);
        if (last && clock.unix_seconds >= last->at_unix &&
            clock.unix_seconds - last->at_unix < m_rules.duplicate_window_seconds) {
            m_step = CheckinStep::Already;
            m_message = last->kind == storage::CheckinKind::In ? "Already checked in at {time}." : "Already checked out at {time}.";
            m_detail = LocalClock(last->at_unix);
            m_message_time = last->at_unix;
            m_shown_at = now;
            return;
        }
        if (!student) {
            // A mistyped number must not become someone's record without a second look; a
            // roster hit never asks.
            m_step = CheckinStep::UnknownId;
            m_shown_at = now;
            return;
        }
        Offer(student, last, clock, local, now);
    } catch (const std::exception& error) {
        m_step = CheckinStep::Problem;
        m_message = "Something went wrong. Please tell a staff member.";
        m_detail = error.what();
        m_shown_at = now;
    }
}

void CheckinFlow::CheckNumber() {
    if (m_step != CheckinStep::UnknownId) return;
    m_step = CheckinStep::EnterId;
    m_typed = m_student_id;  // to correct, not to type again
    m_student_id.clear();
    m_message.clear();
}

void CheckinFlow::CheckInAnyway(const storage::ClockReading& clock, const storage::LocalTime& local, double now) {
    if (m_step != CheckinStep::UnknownId) return;  // a double tap goes on once
    try {
        Offer(std::nullopt, m_store.LastRecordOf(m_student_id), clock, local, now);
    } catch (const std::exception& error) {
        m_step = CheckinStep::Problem;
        m_message = "Something went wrong. Please tell a staff member.";
        m_detail = error.what();
        m_shown_at = now;
    }
}

void CheckinFlow::Offer(const std::optional<storage::RosterStudent>& student, const std::optional<storage::CheckinRecord>& last,
                        const storage::ClockReading& clock, const storage::LocalTime& local, double now) {
    const std::vector<storage::Program> today = m_store.ProgramsOn(local);
    std::vector<storage::Program> choices;
    if (student) {
        for (const auto& p : today) {
            if (std::find(student->program_ids.begin(), student->program_ids.end(), p.id) != student->program_ids.end()) {
                choices.push_back(p);
            }
        }
    }
    const bool own_programs = !choices.empty();
    if (!own_programs) choices = today;  // not on the roster, or none of theirs today: any program today

    m_options.clear();
    const bool here = last && last->kind == storage::CheckinKind::In && clock.unix_seconds - last->at_unix < 16 * 3600;
    if (here && student && student->pickup_required) {
        // A young child goes home only with an adult the family authorized (or staff): their
        // own id never checks them out, and nothing is recorded.
        m_step = CheckinStep::Already;
        m_message = "A grown-up picks you up today. Please wait here, or ask a staff member.";
        m_shown_at = now;
        return;
    }
    // Checked in earlier today and not out yet: check-out comes first.
    if (here) {
        if (auto program = m_store.FindProgram(last->program_id)) {
            m_options.push_back({*program, storage::CheckinKind::Out, RunningNow(*program, local, m_rules.early_minutes)});
        }
    }
    std::vector<CheckinOption> ins;
    for (const auto& p : choices) {
        if (!m_options.empty() && m_options.front().program.id == p.id) continue;  // already in it: only leaving is offered
        ins.push_back({p, storage::CheckinKind::In, RunningNow(p, local, m_rules.early_minutes)});
    }
    std::stable_sort(ins.begin(), ins.end(), [](const CheckinOption& a, const CheckinOption& b) { return a.running_now > b.running_now; });
    m_options.insert(m_options.end(), ins.begin(), ins.end());
    if (!own_programs && m_verified) m_verified = false;  // enrolled, but not in what they pick: staff review it

    m_shown_at = now;
    if (m_options.empty()) {
        m_step = CheckinStep::Already;
        m_message = "There are no programs here today. Please ask a staff member.";
        return;
    }
    const long running_ins = std::count_if(m_options.begin(), m_options.end(), [](const CheckinOption& o) {
        return o.kind == storage::CheckinKind::In && o.running_now;
    });
    if (m_verified && !Leaving() && running_ins == 1) {
        RecordChoice(m_options.front(), clock, now);  // exactly one running now: no extra tap
        return;
    }
    m_step = CheckinStep::ChooseProgram;
}

void CheckinFlow::Choose(size_t index, const storage::ClockReading& clock, double now) {
    if (m_step != CheckinStep::ChooseProgram || index >= m_options.size()) return;  // a double tap records once
    RecordChoice(m_options[index], clock, now);
}

void CheckinFlow::RecordChoice(const CheckinOption& option, const storage::ClockReading& clock, double now) {
    if (m_writer) {
        const uint64_t ticket = ++m_ticket;
        RecordRequest request;
        request.student_id = m_student_id;
        request.program_id = option.program.id;
        request.kind = option.kind;
        request.verified = m_verified;
        request.clock = clock;
        m_writer->Submit(std::move(request), [this, ticket](const RecordOutcome& outcome) { Written(ticket, outcome); });
        m_saving = option;
        m_step = CheckinStep::Saving;
        m_shown_at = now;
        return;
    }
    auto record = m_store.Record(m_student_id, option.program.id, option.kind, m_verified, clock);
    if (record) Finish(record.Value(), {}, option, now);
    else Finish(std::nullopt, record.Error(), option, now);
}

void CheckinFlow::Written(uint64_t ticket, const RecordOutcome& outcome) {
    if (m_step == CheckinStep::Saving && ticket == m_ticket) {
        Finish(outcome.record, outcome.error, m_saving, m_now ? m_now() : 0.0);
    } else if (outcome.record && m_on_recorded) {
        m_on_recorded(*outcome.record);  // the session ended meanwhile: nothing to show, but the record syncs
    }
}

void CheckinFlow::Finish(const std::optional<storage::CheckinRecord>& record, const std::string& error,
                         const CheckinOption& option, double now) {
    m_shown_at = now;
    if (!record) {
        m_step = CheckinStep::Problem;
        m_message = "Your check-in could not be saved. Please tell a staff member.";
        m_detail = error;
        return;
    }
    m_confirmation.name = m_short_name;  // a roster student, even one checking in to a program not theirs
    m_confirmation.program_name = option.program.name;
    m_confirmation.location = option.program.location;
    m_confirmation.kind = option.kind;
    m_confirmation.verified = m_verified;
    m_confirmation.at_unix = record->at_unix;
    m_step = CheckinStep::Confirmed;
    ++m_confirmations;
    if (m_on_recorded) m_on_recorded(*record);
}

bool CheckinFlow::Expired(double now) const {
    const bool notice = m_step == CheckinStep::Confirmed || m_step == CheckinStep::Already || m_step == CheckinStep::Problem;
    const bool choice = m_step == CheckinStep::ChooseProgram || m_step == CheckinStep::UnknownId;
    return (notice && now - m_shown_at >= m_rules.confirmation_seconds) || (choice && now - m_shown_at >= m_rules.choice_seconds);
}

void CheckinFlow::Reset() {
    m_step = CheckinStep::EnterId;
    std::fill(m_keyboard.begin(), m_keyboard.end(), '\0');
    m_keyboard.clear();
    m_keyboard_enter = false;
    std::fill(m_typed.begin(), m_typed.end(), '\0');
    m_typed.clear();
    m_student_id.clear();
    m_display_name.clear();
    m_short_name.clear();
    m_message_time = 0;
    m_verified = false;
    m_options.clear();
    m_message.clear();
    m_detail.clear();
    m_confirmation = {};
}

} // namespace kiosk
