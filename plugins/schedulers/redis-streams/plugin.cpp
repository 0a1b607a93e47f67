// redis-streams: a scheduler whose tasks run in other processes, on any machine that reaches
// the same Redis server. run() adds the batch's tasks, described, to a Redis stream and collects
// their results; `evo worker` (serve()) takes them through a consumer group. See
// docs/redis-streams.md.
#include "batch_client.hpp"
#include "settings.hpp"
#include "task_server.hpp"

#include <evo/plugin.hpp>

namespace {

class redis_streams_scheduler {
  public:
    // abi_minor 3: it needs accept_result (run) and is served through serve(), both of 1.3.
    static constexpr evo::plugin_info info{
        "redis-streams",
        "1.0.0",
        "runs tasks in `evo worker` processes through a Redis stream (hiredis)",
        redis_streams::config_schema,
        0,
        3};

    redis_streams_scheduler(evo::host_services host, const boost::json::object& config)
        : host_(host), settings_(redis_streams::configured(config)) {}

    void run(const evo::call& call, const evo_task_batch* batch) {
        redis_streams::run_batch(settings_, host_, call, batch);
    }
    void serve(const evo::call& call, const evo_task_worker* worker) {
        redis_streams::serve_tasks(settings_, host_, call, worker);
    }

  private:
    evo::host_services host_;
    redis_streams::settings settings_;
};

// The SDK's scheduler layer knows run() only; serve() (ABI 1.3) is wired here.
struct calls {
    static evo_status run(evo_instance* i, const evo_call* c, const evo_task_batch* b) noexcept {
        using namespace evo::detail;
        return guard([&] { self<redis_streams_scheduler>(i).run(evo::call(c), b); });
    }
    static evo_status serve(evo_instance* i, const evo_call* c, const evo_task_worker* w) noexcept {
        using namespace evo::detail;
        return guard([&] { self<redis_streams_scheduler>(i).serve(evo::call(c), w); });
    }
    static constexpr evo_scheduler_api api{sizeof(evo_scheduler_api), &run, &serve};
};

} // namespace

extern "C" EVO_PLUGIN_EXPORT const evo_plugin_descriptor*
evo_plugin_entry(uint32_t host_abi_major, uint32_t host_abi_minor) {
    (void)host_abi_minor;
    return evo::detail::descriptor<redis_streams_scheduler>(EVO_KIND_SCHEDULER, &calls::api,
                                                            host_abi_major);
}
