// Where the worker module installed with this plugin is, and which interpreter runs it.
#pragma once

#include <string>

namespace evo::python_syntax {

// The build tree mirrors the install tree, so one relative path, computed by CMake, leads
// from the directory this plugin was loaded from to the worker in both.
std::string bundled_worker_path();

// The python3.11 whose headers the worker module was built with.
std::string default_python();

} // namespace evo::python_syntax
