#include <evo/bench/scratch_cache_home.hpp>

#include <stdlib.h>

namespace evo::bench {

scratch_cache_home::scratch_cache_home(const std::string& prefix) : dir_(prefix) {
    if (const char* old = getenv("XDG_CACHE_HOME")) previous_ = old;
    setenv("XDG_CACHE_HOME", dir_.path().c_str(), 1);
}

scratch_cache_home::~scratch_cache_home() {
    if (previous_)
        setenv("XDG_CACHE_HOME", previous_->c_str(), 1);
    else
        unsetenv("XDG_CACHE_HOME");
}

} // namespace evo::bench
