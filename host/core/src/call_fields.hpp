// Reading an evo_call that a plugin passed: it may be NULL, or a copy made with an older (smaller)
// header, so each field is read only when its struct_size covers it. Header-only, so that the
// curl module, which links nothing of the host, reads calls the same way.
#pragma once

#include <evo/plugin.h>

#include <cstddef>
#include <cstdint>

namespace evo::host {

inline bool call_declares(const evo_call* call, std::size_t field_end) noexcept {
    return call && call->struct_size >= field_end;
}

// The call's deadline in Unix milliseconds; 0 when none (or not declared).
inline int64_t declared_deadline(const evo_call* call) noexcept {
    return call_declares(call, offsetof(evo_call, deadline_unix_ms) + sizeof(int64_t))
               ? call->deadline_unix_ms
               : 0;
}

// Whether the call's own is_cancelled says stop; false when it has none.
inline bool declared_cancelled(const evo_call* call) noexcept {
    return call_declares(call, offsetof(evo_call, is_cancelled) + sizeof(void*)) &&
           call->is_cancelled && call->is_cancelled(call) != 0;
}

} // namespace evo::host
