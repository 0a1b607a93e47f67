#include "stderr_line.hpp"

#include "output_style.hpp"

#include <boost/json/serialize.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>

namespace evo::cli {
namespace {

std::atomic<bool> json_format{false};

std::mutex& write_lock() {
    static std::mutex m;
    return m;
}

void write_whole(const std::string& line) {
    std::lock_guard lock(write_lock());
    std::fwrite(line.data(), 1, line.size(), stderr);
    std::fflush(stderr);
}

const char* level_name(line_level level) {
    switch (level) {
    case line_level::info:
        return "info";
    case line_level::warning:
        return "warning";
    case line_level::error:
        return "error";
    }
    return "info";
}

long long now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

} // namespace

void use_json_lines(bool json) {
    json_format = json;
}
bool json_lines() {
    return json_format;
}

void write_json_line(std::string_view level, long long ts_ms, std::string_view message,
                     boost::json::object fields) {
    // ts_ms, level and message first and always: fields cannot replace them.
    boost::json::object line{{"ts_ms", ts_ms}, {"level", level}, {"message", message}};
    for (auto& field : fields)
        if (!line.contains(field.key())) line.emplace(field.key(), std::move(field.value()));
    write_whole(boost::json::serialize(line) + '\n');
}

void stderr_line_as(std::string_view text, line_level level, std::string_view message,
                    boost::json::object fields) {
    if (level == line_level::info && quiet()) return; // -q: findings, warnings and errors only
    if (json_lines())
        write_json_line(level_name(level), now_ms(), message, std::move(fields));
    else
        write_whole(std::string(text) + '\n');
}

void stderr_line(line_level level, std::string_view message, boost::json::object fields) {
    stderr_line_as("evo: " + std::string(message), level, message, std::move(fields));
}

void stderr_error(std::string_view message, boost::json::object fields) {
    stderr_line_as("evo: error: " + std::string(message), line_level::error, message,
                   std::move(fields));
}

void stderr_warning(std::string_view message, boost::json::object fields) {
    stderr_line_as("evo: warning: " + std::string(message), line_level::warning, message,
                   std::move(fields));
}

} // namespace evo::cli
