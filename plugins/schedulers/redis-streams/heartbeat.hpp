// Keeps the tasks a worker is running from looking abandoned. A task idle for claim_after_ms
// in the group's pending list is reclaimed by another worker (XAUTOCLAIM); every
// claim_after_ms / 3 this re-claims the tasks in hand for their own consumer (XCLAIM ... 0
// JUSTID), which resets their idle time, so only a dead worker's tasks go idle that long.
#pragma once

#include "redis_link.hpp"

#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace redis_streams {

class heartbeat {
  public:
    explicit heartbeat(const settings& s);
    ~heartbeat();
    heartbeat(const heartbeat&) = delete;
    heartbeat& operator=(const heartbeat&) = delete;

    // While a task runs: `consumer` holds the stream entry `entry_id`.
    class holding {
      public:
        holding(heartbeat& beat, std::string consumer, std::string entry_id);
        ~holding();
        holding(const holding&) = delete;
        holding& operator=(const holding&) = delete;

      private:
        heartbeat& beat_;
        std::string entry_id_;
    };

  private:
    void loop();
    void beat(const std::map<std::string, std::string>& held);

    const settings& s_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::map<std::string, std::string> held_; // entry id -> consumer
    std::optional<redis_link> link_;          // the heartbeat's own, used by its thread only
    std::thread thread_;
};

} // namespace redis_streams
