#include "abi_guard.hpp"

#include <spdlog/spdlog.h>

#include <exception>

namespace evo::host {

void report_exception_at_abi_boundary() noexcept {
    try {
        throw;
    } catch (const std::exception& e) {
        try {
            spdlog::error("internal error in a host callback: {}", e.what());
        } catch (...) {
        }
    } catch (...) {
        try {
            spdlog::error("internal error in a host callback: unknown exception");
        } catch (...) {
        }
    }
}

} // namespace evo::host
