// The embedded CPython 3.11 compiler, as the worker uses it.
#pragma once

#include "protocol.hpp"

#include <string>

namespace evo::python_syntax {

class python_compiler {
  public:
    // Initialises the interpreter once; throws std::runtime_error when Python cannot start.
    python_compiler();
    python_compiler(const python_compiler&) = delete;
    python_compiler& operator=(const python_compiler&) = delete;

    // The verdict of compile(source, filename, 'exec', dont_inherit=True) on the bytes of
    // `source`, which, as every std::string, is followed by a NUL the compiler relies on.
    verdict compile(const std::string& source, const std::string& filename);
};

} // namespace evo::python_syntax
