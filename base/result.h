// Result<T>: a value or a message saying, in plain words, what went wrong.
// Used at every module boundary instead of exceptions; shared by every module (base/ has no
// SQLite, HTTP or ImGui). Threads: a plain value.
#pragma once

#include <optional>
#include <string>
#include <utility>

namespace base {

template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_value(std::move(value)) {}  // NOLINT: implicit by design
    static Result Fail(std::string error) {
        Result result;
        result.m_error = std::move(error);
        return result;
    }
    bool Ok() const { return m_value.has_value(); }
    explicit operator bool() const { return Ok(); }
    T& Value() { return *m_value; }
    const T& Value() const { return *m_value; }
    T* operator->() { return &*m_value; }
    const T* operator->() const { return &*m_value; }
    const std::string& Error() const { return m_error; }

private:
    Result() = default;
    std::optional<T> m_value;
    std::string m_error;
};

// Success, or what went wrong: a Result with no value.
class [[nodiscard]] Status {
public:
    static Status Success() { return Status(); }
    static Status Fail(std::string error) {
        Status status;
        status.m_failed = true;
        status.m_error = std::move(error);
        return status;
    }
    bool Ok() const { return !m_failed; }
    explicit operator bool() const { return Ok(); }
    const std::string& Error() const { return m_error; }

private:
    bool m_failed = false;
    std::string m_error;
};

} // namespace base
