// Logs go to stderr: coloured text on a terminal (unless NO_COLOR), or one JSON object a line.
#include "context.hpp"
#include "output_style.hpp"
#include "stderr_line.hpp"

#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <mutex>

namespace evo::cli {
namespace {

class json_lines_sink final : public spdlog::sinks::base_sink<std::mutex> {
protected:
    void sink_it_(const spdlog::details::log_msg& msg) override {
        auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(msg.time.time_since_epoch()).count();
        const auto level = spdlog::level::to_string_view(msg.level);
        write_json_line(std::string_view(level.data(), level.size()), ms,
                        std::string_view(msg.payload.data(), msg.payload.size()));
    }
    void flush_() override { std::fflush(stderr); }
};

} // namespace

void setup_logging(const context& ctx) {
    use_json_lines(ctx.log_format == "json");
    set_color_choice(color_choice_named(ctx.color));
    set_quiet(ctx.quiet);
    spdlog::sink_ptr sink;
    if (ctx.log_format == "json") {
        sink = std::make_shared<json_lines_sink>();
    } else {
        auto text = std::make_shared<spdlog::sinks::stderr_color_sink_mt>(
            color_enabled(STDERR_FILENO) ? spdlog::color_mode::always : spdlog::color_mode::never);
        text->set_pattern("evo: %^%l%$: %v");
        sink = text;
    }
    auto logger = std::make_shared<spdlog::logger>("evo", sink);
    logger->set_level(ctx.verbosity >= 2 ? spdlog::level::trace
                      : ctx.verbosity == 1 ? spdlog::level::debug
                                           : spdlog::level::warn);
    spdlog::set_default_logger(logger);
}

} // namespace evo::cli
