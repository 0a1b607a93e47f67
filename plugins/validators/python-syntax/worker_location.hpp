// Where the worker executable installed with this plugin is.
#pragma once

#include <string>

namespace evo::python_syntax {

// The build tree mirrors the install tree, so one relative path, computed by CMake, leads
// from the directory this plugin was loaded from to the worker in both.
std::string bundled_worker_path();

} // namespace evo::python_syntax
