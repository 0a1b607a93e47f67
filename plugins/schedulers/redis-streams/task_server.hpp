// serve(): a worker takes tasks from the stream through the consumer group, runs each through
// the host's run_described(), records the result for the batch's owner, and takes over the
// tasks of workers that died with one in hand.
#pragma once

#include "settings.hpp"

#include <evo/plugin.hpp>

namespace redis_streams {

// Serves with worker->concurrency threads, each with its own connection, until the call is
// cancelled; a task in hand is finished first. Redis away is retried with backoff (logged
// once), never an error.
void serve_tasks(const settings& s, const evo::host_services& host, const evo::call& call,
                 const evo_task_worker* worker);

} // namespace redis_streams
