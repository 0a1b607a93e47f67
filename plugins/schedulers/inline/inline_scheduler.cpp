#include "inline_scheduler.hpp"

#include <string>

namespace inline_scheduler {

void inline_scheduler::run(const evo::call& c, const evo::task_batch& batch) {
    uint64_t index = 0;
    for (; index < batch.size() && !c.cancelled(); ++index)
        batch.complete(index, batch.run(index));
    if (index == batch.size()) return;
    for (uint64_t unstarted = index; unstarted < batch.size(); ++unstarted)
        batch.complete(unstarted, EVO_ERR_CANCELLED);
    throw evo::error(EVO_ERR_CANCELLED, "cancelled with " + std::to_string(batch.size() - index) +
                                            " of " + std::to_string(batch.size()) +
                                            " tasks not started");
}

} // namespace inline_scheduler
