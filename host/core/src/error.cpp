#include <evo/host/error.hpp>

namespace evo::host {

std::string source_location::str() const {
    std::string out = file;
    if (line) {
        out += ':' + std::to_string(line);
        if (column) out += ':' + std::to_string(column);
    }
    return out;
}

} // namespace evo::host
