#include <evo/host/call.hpp>

#include "abi_guard.hpp"
#include "call_fields.hpp"

#include <algorithm>

namespace evo::host {
namespace {

int32_t is_cancelled(const evo_call* call) {
    return static_cast<const cancellation*>(call->host_data)->cancelled() ? 1 : 0;
}

} // namespace

cancellation& process_cancellation() noexcept {
    static cancellation c;
    return c;
}

int64_t now_unix_ms() noexcept {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

call_scope::call_scope(const cancellation& c, int64_t deadline_unix_ms) noexcept {
    raw_.struct_size = sizeof raw_;
    raw_.deadline_unix_ms = deadline_unix_ms;
    raw_.is_cancelled = abi_guarded<is_cancelled, int32_t{1}>; // cannot tell: stop
    raw_.host_data = const_cast<cancellation*>(&c);
}

int64_t call_scope::remaining_ms(int64_t fallback) const noexcept {
    if (!raw_.deadline_unix_ms) return fallback;
    return std::max<int64_t>(1, raw_.deadline_unix_ms - now_unix_ms());
}

bool call_cancelled(const evo_call* call) noexcept {
    return process_cancellation().cancelled() || declared_cancelled(call);
}

int64_t call_deadline(const evo_call* call) noexcept {
    return declared_deadline(call);
}

} // namespace evo::host
