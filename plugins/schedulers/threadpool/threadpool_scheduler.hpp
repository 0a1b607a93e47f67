#pragma once

#include "adaptive_limiter.hpp"

#include <evo/plugin.hpp>

#include <functional>
#include <memory>
#include <string>

namespace threadpool {

inline constexpr const char* config_schema = R"({
  "type": "object",
  "properties": {
    "threads": {"type": "integer", "minimum": 1, "maximum": 4096,
                "description": "workers when the batch sets no bound; default: the number of CPUs"},
    "adaptive": {"type": "boolean", "default": true,
                 "description": "run fewer workers while the machine is loaded or short of memory"},
    "max_load_per_cpu": {"type": "number", "minimum": 0, "default": 1.5},
    "min_free_mb": {"type": "integer", "minimum": 0, "default": 256}
  },
  "additionalProperties": false
})";

// Where the pool says what it changed: the host's log, or nowhere.
using log_fn = std::function<void(evo_log_level, const std::string&)>;

// Runs a batch on up to N threads (the batch's bound, else `threads`, never more than tasks),
// the calling thread being one of them. With an adaptive limiter, workers beyond what it
// permits wait before taking their next task. Whatever the limiter, tasks that end rate
// limited (a provider's 429) shrink the number that may run at once and successes widen it
// again (rate_limit_window), each change logged: info when it shrinks, debug when it grows.
class threadpool_scheduler final : public evo::scheduler {
  public:
    static constexpr evo::plugin_info info{"threadpool", "1.0.0",
                                           "runs tasks on a bounded, load-adaptive thread pool",
                                           config_schema, EVO_FLAG_THREAD_SAFE};

    threadpool_scheduler(evo::host_services host, const boost::json::object& config);
    // `limiter` may be null: no adaptation to the machine's load.
    threadpool_scheduler(unsigned threads, std::unique_ptr<adaptive_limiter> limiter,
                         log_fn log = {});

    void run(const evo::call& c, const evo::task_batch& batch) override;

  private:
    unsigned threads_;
    std::unique_ptr<adaptive_limiter> limiter_;
    log_fn log_;
};

} // namespace threadpool
