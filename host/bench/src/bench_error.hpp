#pragma once

#include <stdexcept>

namespace evo::bench {

// A measurement that could not be made: a process that would not start or failed, a Python
// without the shipped programs, a saved result that is not one. The message is for the user.
class bench_error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

} // namespace evo::bench
