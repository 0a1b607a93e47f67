#include "provider_kit/call_budget.hpp"

#include <algorithm>
#include <cstring>
#include <thread>

namespace provider_kit {

int64_t now_unix_ms() noexcept {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

call_budget::call_budget(const evo::call& outer, std::chrono::milliseconds timeout) noexcept {
    // A copy of the host's call keeps its cancellation check (which reads the call it is given)
    // while the deadline below is narrowed.
    if (const evo_call* host_call = outer.raw())
        std::memcpy(&raw_, host_call, std::min<std::size_t>(host_call->struct_size, sizeof raw_));
    raw_.struct_size = sizeof raw_;
    int64_t own_deadline = now_unix_ms() + timeout.count();
    limited_by_timeout_ = raw_.deadline_unix_ms == 0 || own_deadline < raw_.deadline_unix_ms;
    if (limited_by_timeout_) raw_.deadline_unix_ms = own_deadline;
}

std::chrono::milliseconds call_budget::remaining() const noexcept {
    return std::chrono::milliseconds(std::max<int64_t>(0, raw_.deadline_unix_ms - now_unix_ms()));
}

void call_budget::sleep(std::chrono::milliseconds delay) const {
    constexpr std::chrono::milliseconds slice{20};
    auto until = std::chrono::steady_clock::now() + delay;
    for (;;) {
        call().throw_if_cancelled();
        auto left = until - std::chrono::steady_clock::now();
        if (left <= std::chrono::steady_clock::duration::zero()) return;
        std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(left, slice));
    }
}

} // namespace provider_kit
