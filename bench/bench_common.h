// Shared by the benchmark programs: a clock, percentiles, the machine, and one JSON line per
// figure on standard output (scripts/bench gathers them into bench/results.json and a table).
// These are benchmarks, not tests: they print what they measure and never fail on a slow
// machine. Threads: main thread only.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

namespace bench {

inline double NowSeconds() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

inline double Percentile(std::vector<double> values, double p) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    const double rank = p / 100.0 * static_cast<double>(values.size() - 1);
    const size_t lo = static_cast<size_t>(rank);
    const size_t hi = std::min(lo + 1, values.size() - 1);
    return values[lo] + (values[hi] - values[lo]) * (rank - static_cast<double>(lo));
}

inline double Median(std::vector<double> values) { return Percentile(std::move(values), 50); }

// CPU time of this process (user + system), seconds.
inline double ProcessCpuSeconds() {
    return static_cast<double>(std::clock()) / CLOCKS_PER_SEC;
}

inline std::string CpuModel() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
    }
    return "unknown";
}

// One figure. `goal_met` is judged by the program against the goal, never adjusted.
struct Figure {
    int number = 0;
    std::string name;
    double value = 0;
    std::string unit;
    double reference = 0;              // measured in the same run; 0 = none
    std::string reference_name;
    std::string ratio_text;            // how value compares with the reference
    std::string goal;
    bool goal_met = false;
    nlohmann::json details = nlohmann::json::object();  // p50/p99, runs, sizes...
};

inline void Emit(const Figure& f) {
    nlohmann::json j = {{"figure", f.number}, {"name", f.name}, {"value", f.value}, {"unit", f.unit},
                        {"reference", f.reference}, {"reference_name", f.reference_name}, {"ratio", f.ratio_text},
                        {"goal", f.goal}, {"goal_met", f.goal_met}, {"details", f.details},
                        {"machine", {{"cores", std::thread::hardware_concurrency()}, {"cpu", CpuModel()}}}};
    std::printf("%s\n", j.dump().c_str());
    std::fflush(stdout);
}

inline std::string Ratio(double a, double b, const char* suffix = "x") {
    if (b <= 0) return "n/a";
    char text[64];
    std::snprintf(text, sizeof text, "%.2f%s", a / b, suffix);
    return text;
}

// --smoke (CI) shrinks every size so that the programs only prove they still run.
inline bool Smoke(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        if (std::string(argv[i]) == "--smoke") return true;
    }
    return false;
}

inline std::string Arg(int argc, char** argv, const std::string& name, const std::string& fallback = "") {
    for (int i = 1; i + 1 < argc; ++i) {
        if (argv[i] == name) return argv[i + 1];
    }
    return fallback;
}

} // namespace bench
