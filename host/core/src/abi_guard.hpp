// Every function whose address the host hands to a plugin (host services, the call's
// is_cancelled, scheduler batch callbacks, write callbacks) is called from C: an exception
// leaving it would unwind through plugin frames that have no idea of C++ (undefined
// behaviour, at best std::terminate). `abi_guarded<Fn>` is Fn behind a noexcept wall that logs
// the exception and returns a status instead:
//
//     api.cache_get = abi_guarded<service_cache_get>;             // a throw: EVO_ERR_INTERNAL
//     raw.is_cancelled = abi_guarded<is_cancelled, int32_t{1}>;   // a throw: "stop"
#pragma once

#include <evo/plugin.h>

#include <type_traits>

namespace evo::host {

// Logs the exception being handled, as one error line; never throws.
void report_exception_at_abi_boundary() noexcept;

template <auto Fn, auto OnThrow>
struct abi_guard;

template <class R, class... Args, R (*Fn)(Args...), auto OnThrow>
struct abi_guard<Fn, OnThrow> {
    static R call(Args... args) noexcept {
        try {
            return Fn(args...);
        } catch (...) {
            report_exception_at_abi_boundary();
            if constexpr (!std::is_void_v<R>) return static_cast<R>(OnThrow);
        }
    }
};

// Fn as a C-callable function pointer that never throws; OnThrow is what it returns instead
// (ignored for functions returning void).
template <auto Fn, auto OnThrow = EVO_ERR_INTERNAL>
inline constexpr auto abi_guarded = &abi_guard<Fn, OnThrow>::call;

} // namespace evo::host
