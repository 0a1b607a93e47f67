// Errors the host reports to the user, each mapped to one of the CLI's exit codes.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace evo::host {

enum class exit_code : int {
    ok = 0,
    validation_failed = 1,
    usage = 2,   // bad arguments, bad manifest, a plugin that cannot be loaded or created
    runtime = 3, // provider or runtime failure
};

// A position in a file the user wrote; line and column are 1-based, 0 when unknown.
struct source_location {
    std::string file;
    unsigned line = 0;
    unsigned column = 0;

    std::string str() const;
};

// Bad configuration: a manifest, a plugin that will not load, a config that fails its schema.
class config_error : public std::runtime_error {
public:
    explicit config_error(const std::string& message) : std::runtime_error(message) {}
    config_error(const source_location& where, const std::string& message)
        : std::runtime_error(where.str() + ": " + message) {}
};

// A failure while running: provider unreachable, sandbox failure, I/O error.
class runtime_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Plugins may wrap or end their reasons with newlines; every error the user sees is one line.
std::string one_line(std::string_view text);

} // namespace evo::host
