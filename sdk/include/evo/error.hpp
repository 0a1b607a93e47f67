// evo::error: a failure with the evo_status it stands for. Plugin code throws it to fail a call
// with that status (the C++ layer turns it into the return value and last_error()); the test
// host (evo/testhost.hpp) throws it when a plugin fails one.
#pragma once

#include <evo/plugin.h>

#include <stdexcept>
#include <string>

namespace evo {

class error : public std::runtime_error {
public:
    error(evo_status status, const std::string& message)
        : std::runtime_error(message), status_(status) {}
    evo_status status() const noexcept { return status_; }

private:
    evo_status status_;
};

} // namespace evo
