#pragma once
// Stand-in for the hosted LLM: a call takes RR_LLM_LATENCY_MS milliseconds
// (default 100), so the suite has realistic durations and wide race windows.
#include <chrono>
#include <cstdlib>
#include <thread>

namespace registry {

inline int llm_latency_ms() {
    const char* value = std::getenv("RR_LLM_LATENCY_MS");
    if (value == nullptr || *value == '\0') return 100;
    return std::atoi(value);
}

inline void simulate_llm_call() {
    std::this_thread::sleep_for(std::chrono::milliseconds(llm_latency_ms()));
}

// What one extraction call costs, in USD.
inline constexpr double kExtractionCostUsd = 0.0125;

}  // namespace registry
