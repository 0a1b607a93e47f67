// evo validate's (and evo batch's) progress: one line on stderr, redrawn at most every 100 ms, only on a terminal
// and with text logs (a line redrawn in place has no JSON form; the summary says how it ended).
#pragma once

#include "output_style.hpp"
#include "stderr_line.hpp"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>

namespace evo::cli {

class validate_progress {
  public:
    // "validating: 3/10 files"; batch says "generating" and "requests".
    explicit validate_progress(std::size_t total, const char* doing = "validating",
                               const char* items = "files")
        : total_(total), doing_(doing), items_(items), enabled_(isatty(STDERR_FILENO) && !json_lines() && !quiet()) {}
    validate_progress(const validate_progress&) = delete;
    validate_progress& operator=(const validate_progress&) = delete;
    void tick() {
        std::size_t done = ++done_;
        if (!enabled_) return;
        std::unique_lock lock(mutex_, std::try_to_lock);
        auto now = std::chrono::steady_clock::now();
        if (!lock || (now - last_ < std::chrono::milliseconds(100) && done != total_)) return;
        last_ = now;
        std::fprintf(stderr, "\r\033[K%s: %zu/%zu %s", doing_, done, total_, items_);
    }
    ~validate_progress() {
        if (enabled_) std::fputs("\r\033[K", stderr);
    }

  private:
    std::size_t total_;
    const char* doing_;
    const char* items_;
    bool enabled_;
    std::atomic<std::size_t> done_{0};
    std::mutex mutex_;
    std::chrono::steady_clock::time_point last_{};
};

} // namespace evo::cli
