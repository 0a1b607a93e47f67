#pragma once

#include <evo/plugin.hpp>

namespace inline_scheduler {

// Runs every task in the calling thread, in index order. Once the call is cancelled no
// further task starts; those left are completed with EVO_ERR_CANCELLED and run() fails with
// EVO_ERR_CANCELLED.
class inline_scheduler final : public evo::scheduler {
  public:
    static constexpr evo::plugin_info info{"inline", "1.0.0",
                                           "runs tasks one after another in the calling thread",
                                           nullptr, EVO_FLAG_THREAD_SAFE};

    inline_scheduler(evo::host_services, const boost::json::object&) {}

    void run(const evo::call& c, const evo::task_batch& batch) override;
};

} // namespace inline_scheduler
