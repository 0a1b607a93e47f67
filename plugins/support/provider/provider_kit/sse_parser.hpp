// Incremental Server-Sent Events framing: bytes in, the data of each complete event out.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace provider_kit {

// Follows the WHATWG event-stream rules that matter for chat streams: lines end in LF, CRLF
// or CR (a CRLF may be split across chunks), "data:" lines of one event join with LF, a blank
// line dispatches the event, comments (":...") and other fields are ignored. An event still
// open when the stream ends is never dispatched.
class sse_parser {
  public:
    using data_fn = std::function<void(std::string_view data)>;

    // A line longer than this is refused: a server that never ends a line must not eat memory.
    static constexpr std::size_t max_line_bytes = 8u << 20;

    // Whether a comment or an SSE field (data, event, id, retry) was seen: the body is an
    // event stream, not, say, a JSON document.
    bool seen_stream_line() const noexcept { return seen_stream_line_; }

    // Consumes one chunk, calling on_data for every event it completes. Throws evo::error
    // (EVO_ERR_PROTOCOL) for a line over max_line_bytes.
    void feed(std::string_view bytes, const data_fn& on_data);

  private:
    void take_line(std::string_view line, const data_fn& on_data);

    std::string line_; // the unfinished line carried to the next chunk
    std::string data_; // the data of the event being built
    bool has_data_ = false;
    bool after_cr_ = false; // the last chunk ended in CR: a leading LF belongs to it
    bool seen_stream_line_ = false;
};

} // namespace provider_kit
