// libFuzzer target: the provider kit's event-stream parser (every HTTP provider's) reads
// whatever a server sends, cut into chunks wherever the network cuts it. The first input byte
// picks a chunk size; the events must be the same whether the rest arrives in such chunks or
// in one piece.
#include "provider_kit/sse_parser.hpp"

#include <evo/plugin.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace {

struct outcome {
    std::vector<std::string> events;
    bool refused = false; // a line over max_line_bytes
    bool stream = false;
};

outcome parse(std::string_view body, std::size_t chunk) {
    outcome out;
    provider_kit::sse_parser parser;
    auto collect = [&](std::string_view data) { out.events.emplace_back(data); };
    try {
        for (std::size_t at = 0; at < body.size(); at += chunk)
            parser.feed(body.substr(at, chunk), collect);
    } catch (const evo::error&) {
        out.refused = true;
    }
    out.stream = parser.seen_stream_line();
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const std::size_t chunk = data[0] % 16 + 1;
    std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
    outcome whole = parse(body, body.size() + 1);
    outcome pieces = parse(body, chunk);
    if (whole.events != pieces.events || whole.refused != pieces.refused ||
        whole.stream != pieces.stream)
        std::abort(); // chunking changed what the stream means
    return 0;
}
