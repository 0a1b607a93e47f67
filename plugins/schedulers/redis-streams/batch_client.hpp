// run(): the process that owns a batch puts its tasks, described, into the stream and collects
// the results that workers (`evo worker`, serve()) record, reporting each task exactly once.
#pragma once

#include "settings.hpp"

#include <evo/plugin.hpp>

namespace redis_streams {

// Runs `batch` through the workers of s.stream. Every task is reported through on_complete
// exactly once, also when the run fails (with the failure's status) or is cancelled
// (EVO_ERR_CANCELLED); then it throws evo::error for a failed or cancelled run.
void run_batch(const settings& s, const evo::host_services& host, const evo::call& call,
               const evo_task_batch* batch);

} // namespace redis_streams
