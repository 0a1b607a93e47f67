#include "test_host.hpp"

#include <evo/host/http.hpp>

namespace provider_kit_test {

test_host::test_host() {
    api_.struct_size = sizeof api_;
    api_.abi_major = EVO_ABI_VERSION_MAJOR;
    api_.abi_minor = EVO_ABI_VERSION_MINOR;
    api_.host_data = this;
    api_.log = &log;
    api_.http = &http;
    call_.struct_size = sizeof call_;
    call_.is_cancelled = &is_cancelled;
    call_.host_data = this;
}

std::vector<std::string> test_host::warnings() const {
    std::lock_guard lock(mutex_);
    return warnings_;
}

void test_host::log(void* self, int32_t level, evo_str message) {
    auto& host = *static_cast<test_host*>(self);
    if (level != EVO_LOG_WARN) return;
    std::lock_guard lock(host.mutex_);
    host.warnings_.emplace_back(evo::view(message));
}

int32_t test_host::is_cancelled(const evo_call* call) {
    return static_cast<const test_host*>(call->host_data)->cancelled_ ? 1 : 0;
}

// As the host's own service (host/core/src/services.cpp) does it.
evo_status test_host::http(void*, const evo_call* call, const evo_http_request* request,
                           int32_t* http_status, evo_header_fn on_header, void* header_ctx,
                           evo_write_fn on_body, void* body_ctx) {
    evo::host::http_spec spec;
    spec.method = std::string(evo::view(request->method));
    spec.url = std::string(evo::view(request->url));
    for (uint32_t i = 0; i < request->header_count; ++i)
        spec.headers.emplace_back(evo::view(request->headers[i]));
    spec.body = evo::view(request->body);
    if (request->connect_timeout_ms) spec.connect_timeout_ms = request->connect_timeout_ms;
    if (request->stall_timeout_ms) spec.stall_timeout_ms = request->stall_timeout_ms;
    auto headers = [&](std::string_view n, std::string_view v) {
        return !on_header || on_header(header_ctx, evo::str(n), evo::str(v)) == EVO_OK;
    };
    auto body = [&](std::string_view chunk) {
        return !on_body || on_body(body_ctx, evo::str(chunk)) == EVO_OK;
    };
    evo::host::http_outcome outcome = evo::host::http_request(spec, call, headers, body);
    if (http_status) *http_status = static_cast<int32_t>(outcome.status);
    return outcome.code;
}

} // namespace provider_kit_test
