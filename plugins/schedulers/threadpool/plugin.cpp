// threadpool: the scheduler that runs tasks on a bounded, load-adaptive thread pool.
#include "threadpool_scheduler.hpp"

EVO_SCHEDULER_PLUGIN(threadpool::threadpool_scheduler)
