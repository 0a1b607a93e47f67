// The evo_host_api given to each plugin instance: host services bound to the runtime.
#pragma once

#include <evo/host/runtime.hpp>

namespace evo::host {

struct runtime::binding {
    runtime* owner;
    std::string instance_id;
    evo_host_api api;

    binding(runtime* rt, std::string id);
};

} // namespace evo::host
