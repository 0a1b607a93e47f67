// Host HTTP: loads the curl module (http_module.cpp) on first use; start-up never pays for curl.
#include <evo/host/http.hpp>

#include <evo/host/runtime.hpp>

#include <dlfcn.h>

#include <cstdlib>
#include <cstring>
#include <mutex>

namespace evo::host {
namespace {

using module_fn = void (*)(const http_spec*, const evo_call*, const header_fn*, const body_fn*, http_outcome*);

module_fn load_module(std::string& error) {
    static std::once_flag once;
    static module_fn fn = nullptr;
    static std::string load_error;
    std::call_once(once, [] {
        auto path = locate_installation().host_lib_dir / "evo-http.so";
        // RTLD_LAZY: libcurl pulls in some 30 libraries (TLS, LDAP, Kerberos, SSH, RTMP...)
        // of which a request to a loopback http:// URL calls a handful; binding only what is
        // called saved ~0.8 ms of symbol lookups per evo gen (bench/providers). The libraries
        // built with -z now still bind at once; evo-http.so itself links with --no-undefined.
        void* handle = dlopen(path.c_str(), RTLD_LAZY | RTLD_LOCAL);
        if (!handle) {
            const char* why = dlerror();
            load_error = "cannot load " + path.string() + ": " + (why ? why : "unknown error");
            return;
        }
        fn = reinterpret_cast<module_fn>(dlsym(handle, "evo_http_module_request"));
        if (!fn) load_error = path.string() + " lacks evo_http_module_request";
    });
    error = load_error;
    return fn;
}

} // namespace

bool remote_http_allowed() {
    const char* v = std::getenv("EVO_ALLOW_REMOTE_HTTP");
    return v && std::strcmp(v, "1") == 0;
}

http_outcome http_request(const http_spec& spec, const evo_call* call, const header_fn& on_header,
                          const body_fn& on_body) {
    http_outcome outcome;
    module_fn fn = load_module(outcome.error);
    if (!fn) {
        outcome.code = EVO_ERR_UNAVAILABLE;
        return outcome;
    }
    fn(&spec, call, &on_header, &on_body, &outcome);
    return outcome;
}

} // namespace evo::host
