#include "heartbeat.hpp"

#include <algorithm>
#include <chrono>

namespace redis_streams {

heartbeat::heartbeat(const settings& s) : s_(s), thread_([this] { loop(); }) {}

heartbeat::~heartbeat() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

heartbeat::holding::holding(heartbeat& beat, std::string consumer, std::string entry_id)
    : beat_(beat), entry_id_(std::move(entry_id)) {
    std::lock_guard lock(beat_.mutex_);
    beat_.held_[entry_id_] = std::move(consumer);
}

heartbeat::holding::~holding() {
    std::lock_guard lock(beat_.mutex_);
    beat_.held_.erase(entry_id_);
}

void heartbeat::loop() {
    const auto period = std::max(s_.claim_after / 3, std::chrono::milliseconds(1));
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, period, [this] { return stopping_; })) {
        if (held_.empty()) continue;
        std::map<std::string, std::string> held = held_;
        lock.unlock();
        beat(held);
        lock.lock();
    }
}

// Failures are left to the workers' own connections to report: a missed beat at worst lets
// a live worker's task run twice, which at-least-once execution allows.
void heartbeat::beat(const std::map<std::string, std::string>& held) {
    try {
        if (!link_ || link_->broken()) link_.emplace(s_);
        for (const auto& [entry_id, consumer] : held)
            link_->command("XCLAIM %b %b %b 0 %b JUSTID", s_.stream.data(), s_.stream.size(),
                           s_.group.data(), s_.group.size(), consumer.data(), consumer.size(),
                           entry_id.data(), entry_id.size());
    } catch (const evo::error&) {
        link_.reset();
    }
}

} // namespace redis_streams
