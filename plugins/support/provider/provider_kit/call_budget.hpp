// The time a completion may take: the host's deadline, shortened to the provider's timeout.
#pragma once

#include <evo/plugin.hpp>

#include <chrono>
#include <cstdint>

namespace provider_kit {

class call_budget {
  public:
    // `outer` must outlive the budget; its cancellation keeps applying.
    call_budget(const evo::call& outer, std::chrono::milliseconds timeout) noexcept;
    call_budget(const call_budget&) = delete;
    call_budget& operator=(const call_budget&) = delete;

    // The call to hand to host services: the host's, with the earlier deadline.
    evo::call call() const noexcept { return evo::call(&raw_); }
    bool cancelled() const noexcept { return call().cancelled(); }
    std::chrono::milliseconds remaining() const noexcept;
    // Whether the deadline that applies is the provider's timeout_ms rather than the host's.
    bool limited_by_timeout() const noexcept { return limited_by_timeout_; }

    // Sleeps in short slices; throws evo::error(EVO_ERR_CANCELLED) once the host cancels.
    void sleep(std::chrono::milliseconds delay) const;

  private:
    evo_call raw_{};
    bool limited_by_timeout_ = false;
};

int64_t now_unix_ms() noexcept;

} // namespace provider_kit
