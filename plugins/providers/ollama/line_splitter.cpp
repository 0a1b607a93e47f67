#include "line_splitter.hpp"

#include <evo/plugin.hpp>

namespace ollama {
namespace {

void deliver(std::string_view line, const std::function<void(std::string_view)>& on_line) {
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line.find_first_not_of(" \t") != std::string_view::npos) on_line(line);
}

} // namespace

void line_splitter::feed(std::string_view chunk,
                         const std::function<void(std::string_view)>& on_line) {
    for (;;) {
        const std::size_t end = chunk.find('\n');
        const std::size_t piece = end == std::string_view::npos ? chunk.size() : end;
        if (partial_.size() + piece > max_line_)
            throw evo::error(EVO_ERR_PROTOCOL,
                             "an NDJSON line longer than " + std::to_string(max_line_) + " bytes");
        if (end == std::string_view::npos) {
            partial_.append(chunk);
            return;
        }
        if (partial_.empty()) {
            deliver(chunk.substr(0, end), on_line);
        } else {
            std::string line = std::move(partial_);
            partial_.clear();
            line.append(chunk.substr(0, end));
            deliver(line, on_line);
        }
        chunk.remove_prefix(end + 1);
    }
}

} // namespace ollama
