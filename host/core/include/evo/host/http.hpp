// HTTP for plugins, over the host's single curl stack.
#pragma once

#include <evo/plugin.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace evo::host {

struct http_spec {
    std::string method = "GET";
    std::string url;
    std::vector<std::string> headers; // "Name: value"
    std::string_view body;
    long connect_timeout_ms = 5000;
    long stall_timeout_ms = 30000; // abort when no byte arrives for this long
    bool allow_remote = false;     // otherwise only loopback addresses may be contacted
};

struct http_outcome {
    long status = 0;         // 0 when no response arrived
    std::string error;       // why, when the transfer failed
    evo_status code = EVO_OK;
};

using header_fn = std::function<bool(std::string_view name, std::string_view value)>;
using body_fn = std::function<bool(std::string_view chunk)>; // false: stop the transfer

http_outcome http_request(const http_spec& spec, const evo_call* call, const header_fn& on_header,
                          const body_fn& on_body);

// Whether EVO_ALLOW_REMOTE_HTTP=1 lets plugins reach addresses beyond loopback.
bool remote_http_allowed();

} // namespace evo::host
