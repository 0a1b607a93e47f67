// Cuts an NDJSON body into lines as its chunks arrive (a line may span chunks).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace ollama {

class line_splitter {
  public:
    // A line longer than this is a protocol error: no answer line of Ollama's comes near it,
    // and a server that never sends a newline must not fill the memory.
    static constexpr std::size_t default_max_line = 4u << 20;

    explicit line_splitter(std::size_t max_line = default_max_line) noexcept
        : max_line_(max_line) {}

    // Calls on_line for each complete line of `chunk` (without its "\n" or "\r\n"; blank lines
    // skipped). Throws evo::error(EVO_ERR_PROTOCOL) when a line grows past the cap.
    void feed(std::string_view chunk, const std::function<void(std::string_view)>& on_line);

    // What is left after the last newline: a final line without one, or a line cut short.
    const std::string& rest() const noexcept { return partial_; }

  private:
    std::size_t max_line_;
    std::string partial_;
};

} // namespace ollama
