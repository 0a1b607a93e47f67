// One HTTP request under the kit's four time limits, and the failure its transport error means.
#pragma once

#include "provider_kit/call_budget.hpp"
#include "provider_kit/failure.hpp"
#include "provider_kit/http_settings.hpp"

#include <evo/plugin.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace provider_kit {

// One HTTP request with the kit's four limits: connect through the request's
// connect_timeout_ms, idle through its stall timeout, first token through the call's
// deadline until text_arrived() lifts it (the host reads the deadline while the transfer
// runs), total through the budget. One exchange per attempt; not thread-safe.
class exchange {
  public:
    // `budget` must outlive the exchange.
    exchange(const evo::host_services& host, const call_budget& budget,
             const limits& limits) noexcept;
    exchange(const exchange&) = delete;
    exchange& operator=(const exchange&) = delete;

    struct outcome {
        int http_status = 0; // 0: no response
        std::vector<std::pair<std::string, std::string>> headers;
        std::optional<evo_status> transport_error; // the host's status when the transfer failed
    };

    // Sends the request; the body streams to on_body as it arrives. Never throws for a
    // transport failure (see outcome.transport_error); what on_body throws stops the transfer
    // and comes back as a transport error too, so keep it where you can find it.
    outcome post(std::string_view url, const std::vector<std::string>& headers,
                 std::string_view body, const evo::sink& on_body);

    // Call from the body sink when text first reaches the caller: the first-token limit is
    // met, the call's deadline goes back to the total one.
    void text_arrived() noexcept;

    // Bytes of the body received so far.
    std::size_t bytes_received() const noexcept { return bytes_received_; }

    // The failure for a transport error, naming which limit fired ("no connection to URL
    // within 10000 ms (connect_timeout_ms)", "no first token from URL within ... ms
    // (first_token_timeout_ms)", "no data from URL for ... ms (idle_timeout_ms)", "no answer
    // within ... ms (timeout_ms)", "cannot reach URL", "the answer was cut off after N bytes",
    // "cancelled", the host's policy refusal).
    failure transport_failure(evo_status status, std::string_view endpoint,
                              std::size_t bytes_received, bool text_streamed) const;

  private:
    static evo_status receive(void* self, evo_str chunk) noexcept;
    static evo_status take_header(void* self, evo_str name, evo_str value) noexcept;

    evo::host_services host_; // a copy: it is only a pointer to the host's table
    const call_budget& budget_;
    limits limits_;
    evo_call call_{}; // the budget's call with the first-token deadline until text arrives
    int64_t first_token_deadline_ms_ = 0;
    int64_t started_ms_ = 0;
    bool text_arrived_ = false;
    bool headers_seen_ = false;
    std::size_t bytes_received_ = 0;
    const evo::sink* on_body_ = nullptr;
    outcome* outcome_ = nullptr;
};

} // namespace provider_kit
