// inline: the scheduler that runs tasks one at a time in the calling thread.
#include "inline_scheduler.hpp"

EVO_SCHEDULER_PLUGIN(inline_scheduler::inline_scheduler)
