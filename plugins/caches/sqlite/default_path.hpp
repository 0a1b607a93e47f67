#pragma once

#include <string>

namespace sqlite_cache {

// $XDG_CACHE_HOME/evo/cache.db, else $HOME/.cache/evo/cache.db; empty when neither is set.
std::string default_path();

// Creates the directories leading to `file` that are missing, each 0700 (a cache may hold
// prompts and answers). Throws std::system_error.
void create_parent_directories(const std::string& file);

} // namespace sqlite_cache
