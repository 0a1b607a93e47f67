// The environment a child process starts with: never the host's whole environ (it holds API
// keys and tokens), only what programs need to run plus what the caller grants.
#pragma once

#include <string>
#include <vector>

namespace evo::host {

// "NAME=value" entries: PATH, HOME, TMPDIR, LANG and LC_* from the host's environment, then
// each granted name that is set.
std::vector<std::string> child_environment(const std::vector<std::string>& granted);

} // namespace evo::host
