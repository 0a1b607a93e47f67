// A host for the kit's tests: the real host's HTTP stack (evo::host::http_request, curl in
// lib/evo/evo-http.so) behind an evo_host_api, and a log that keeps what it is told.
#pragma once

#include <evo/plugin.hpp>

#include <atomic>
#include <mutex>
#include <string>
#include <vector>

namespace provider_kit_test {

class test_host {
  public:
    test_host();
    test_host(const test_host&) = delete;
    test_host& operator=(const test_host&) = delete;

    evo::host_services services() const noexcept { return evo::host_services(&api_); }
    // A root call as the host gives one: no deadline unless set, cancelled once cancel().
    const evo_call* call() const noexcept { return &call_; }
    void cancel() noexcept { cancelled_ = true; }
    std::vector<std::string> warnings() const;

  private:
    static void log(void* self, int32_t level, evo_str message);
    static evo_status http(void* self, const evo_call* call, const evo_http_request* request,
                           int32_t* http_status, evo_header_fn on_header, void* header_ctx,
                           evo_write_fn on_body, void* body_ctx);
    static int32_t is_cancelled(const evo_call* call);

    evo_host_api api_{};
    evo_call call_{};
    std::atomic<bool> cancelled_{false};
    mutable std::mutex mutex_;
    std::vector<std::string> warnings_;
};

} // namespace provider_kit_test
