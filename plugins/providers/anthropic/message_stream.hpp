// Decoding a streamed Messages answer, event by event.
#pragma once

#include "api_error.hpp"

#include <evo/plugin.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace anthropic {

// Anthropic streams named events: message_start (model, input tokens), content_block_start,
// ping, content_block_delta (text_delta carries text; thinking and tool deltas carry none),
// content_block_stop, message_delta (stop_reason, output tokens), message_stop; an `error`
// event may come at any point and ends the answer as a failure. Unknown events are ignored,
// as Anthropic asks of clients.
class message_stream {
  public:
    // The text this event adds (often empty). `event` is the SSE event name; when the stream
    // gave none, the data's "type" names it. Throws evo::error(EVO_ERR_PROTOCOL) for data
    // that is not the JSON object the event should carry.
    std::string take(std::string_view event, std::string_view data);

    // message_stop arrived: the answer is whole.
    bool finished() const noexcept { return finished_; }
    // The `error` event's content, once one arrived (nothing is taken after it).
    const std::optional<api_error>& error() const noexcept { return error_; }
    const std::string& stop_reason() const noexcept { return stop_reason_; }
    std::size_t events() const noexcept { return events_; }
    const evo::completion& facts() const noexcept { return facts_; }

  private:
    void message_started(const boost::json::object& event, const std::string& where);
    void message_delta(const boost::json::object& event);

    evo::completion facts_;
    std::string stop_reason_;
    std::optional<api_error> error_;
    std::size_t events_ = 0;
    bool finished_ = false;
};

} // namespace anthropic
