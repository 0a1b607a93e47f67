#include <evo/bench/scratch_cache_home.hpp>

#include <stdlib.h>

namespace evo::bench {

scratch_cache_home::scratch_cache_home(const std::string& prefix) : dir_(prefix) {
    if (const char* old = getenv("XDG_CACHE_HOME")) previous_ = old;
    setenv("XDG_CACHE_HOME", dir_.path().c_str(), 1);
    // Nor the user's attempt log (~/.local/share/evo/logs.db): a bench logs nothing.
    if (const char* old = getenv("EVO_LOG")) previous_log_ = old;
    setenv("EVO_LOG", "off", 1);
}

scratch_cache_home::~scratch_cache_home() {
    if (previous_)
        setenv("XDG_CACHE_HOME", previous_->c_str(), 1);
    else
        unsetenv("XDG_CACHE_HOME");
    if (previous_log_)
        setenv("EVO_LOG", previous_log_->c_str(), 1);
    else
        unsetenv("EVO_LOG");
}

} // namespace evo::bench
