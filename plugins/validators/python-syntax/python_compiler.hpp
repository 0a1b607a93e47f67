// CPython 3.11's compiler, called from inside the interpreter that loaded the worker module.
#pragma once

#include "protocol.hpp"

#include <string>

namespace evo::python_syntax {

// The verdict of compile(source, filename, 'exec', dont_inherit=True) on the bytes of
// `source`, which, as every std::string, is followed by a NUL the compiler relies on.
// Leaves no exception set.
verdict compile_source(const std::string& source, const std::string& filename);

} // namespace evo::python_syntax
