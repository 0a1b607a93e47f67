#include "command_permissions.hpp"

#include <evo/host/error.hpp>

#include <boost/json.hpp>

namespace evo::cli {
namespace {

namespace json = boost::json;

template <typename T> void read_number(const json::object& o, std::string_view key, T& out) {
    if (const auto* v = o.if_contains(key)) out = v->to_number<T>();
}

} // namespace

std::string permissions_json(const command_permissions& p) {
    return json::serialize(json::object{{"network", p.network},
                                        {"writable", json::array{host::sandbox_work_dir}},
                                        {"environment", "clean"},
                                        {"memory_bytes", p.limits.memory_bytes},
                                        {"processes", p.limits.processes},
                                        {"open_files", p.limits.open_files},
                                        {"cpu_seconds", p.limits.cpu_seconds},
                                        {"file_size_bytes", p.limits.file_size_bytes},
                                        {"timeout_seconds", p.timeout_seconds}});
}

command_permissions parse_permissions(std::string_view text) {
    command_permissions p;
    if (text.empty()) return p;
    try {
        const json::object o = json::parse(text).as_object();
        read_number(o, "memory_bytes", p.limits.memory_bytes);
        read_number(o, "processes", p.limits.processes);
        read_number(o, "open_files", p.limits.open_files);
        read_number(o, "cpu_seconds", p.limits.cpu_seconds);
        read_number(o, "file_size_bytes", p.limits.file_size_bytes);
        read_number(o, "timeout_seconds", p.timeout_seconds);
    } catch (const std::exception& e) {
        throw host::runtime_error("the stored permissions are not readable: " +
                                  std::string(e.what()));
    }
    return p;
}

} // namespace evo::cli
