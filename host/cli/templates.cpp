#include "templates.hpp"

#include <evo/host/error.hpp>
#include <evo/host/regular_file.hpp>

#include <cctype>

namespace evo::cli {
namespace {

bool placeholder_char(char c) {
    return std::isupper(static_cast<unsigned char>(c)) ||
           std::isdigit(static_cast<unsigned char>(c)) || c == '_';
}

} // namespace

// One pass over the template, so a value that happens to hold "@KEY@" is never filled in again.
std::string filled_template(const std::filesystem::path& file, const template_values& values) {
    std::string text;
    const host::file_read read = host::read_regular_file(file, text);
    if (read.outcome != host::file_read::result::ok)
        throw host::runtime_error("cannot read the template " + file.string() + ": " + read.reason);
    std::string out;
    out.reserve(text.size());
    std::size_t at = 0;
    while (at < text.size()) {
        std::size_t end = at + 1;
        while (text[at] == '@' && end < text.size() && placeholder_char(text[end]))
            ++end;
        if (text[at] != '@' || end == at + 1 || end == text.size() || text[end] != '@') {
            out += text[at++];
            continue;
        }
        const auto value = values.find(text.substr(at + 1, end - at - 1));
        if (value == values.end())
            throw host::runtime_error(
                "the template " + file.string() + " has " + text.substr(at, end - at + 1) +
                ", which this evo does not fill in (is the installation from another version?)");
        out += value->second;
        at = end + 1;
    }
    return out;
}

} // namespace evo::cli
