// evo log [-n N] [--json] [TEXT...]: the attempt log (attempt_log.hpp), newest first; TEXT
// finds the calls whose prompt, response or error has every word of it (SQLite FTS5).
#include "../context.hpp"
#include "../output_style.hpp"

#include <evo/host/attempt_log.hpp>

#include <boost/json.hpp>

#include <unistd.h>

#include <ctime>
#include <iostream>

namespace evo::cli {
namespace {

namespace json = boost::json;

struct log_options {
    std::size_t count = 20;
    bool as_json = false;
    std::vector<std::string> words;
};

// COLUMNS or the terminal's (output_style.hpp); 100 into a pipe, as the prompt is cut anyway.
std::size_t line_width() {
    const std::size_t width = output_width(STDOUT_FILENO);
    return width ? width : 100;
}

std::string local_time(int64_t unix_ms) {
    const std::time_t seconds = static_cast<std::time_t>(unix_ms / 1000);
    std::tm local{};
    localtime_r(&seconds, &local);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &local);
    return text;
}

// One line of `text` at most `width` bytes, cut between UTF-8 characters.
std::string one_line(std::string text, std::size_t width) {
    for (char& c : text)
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    if (text.size() <= width) return text;
    std::size_t cut = width >= 3 ? width - 3 : 0;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        --cut;
    return text.substr(0, cut) + "...";
}

std::string summary(const host::logged_attempt& a, std::size_t width) {
    const std::string who = a.provider.empty()
                                ? std::string("(cache hit)")
                                : a.provider + "/" + (a.model.empty() ? "?" : a.model);
    std::string line = local_time(a.time_ms) + "  " + who + "  " + a.outcome + "  " +
                       std::to_string(a.prompt_tokens) + "+" + std::to_string(a.completion_tokens) +
                       " tokens  " + std::to_string(a.milliseconds) + " ms  ";
    const std::size_t room = line.size() + 10 < width ? width - line.size() : 10;
    return line + one_line(a.prompt, room);
}

json::value findings_value(const std::string& text) {
    boost::system::error_code ec;
    json::value v = json::parse(text, ec);
    return ec ? json::value(json::string(text)) : v;
}

json::object attempt_json(const host::logged_attempt& a) {
    return {{"id", a.id},
            {"time_ms", a.time_ms},
            {"run", a.run},
            {"command", a.command},
            {"prompt", a.prompt},
            {"language", a.language},
            {"round", a.round},
            {"provider", a.provider},
            {"model", a.model},
            {"prompt_tokens", a.prompt_tokens},
            {"completion_tokens", a.completion_tokens},
            {"milliseconds", a.milliseconds},
            {"first_text_milliseconds", a.first_text_milliseconds},
            {"outcome", a.outcome},
            {"error", a.error},
            {"findings", findings_value(a.findings)},
            {"cache", a.cache},
            {"response", a.response}};
}

int run_log(const log_options& opt) {
    std::string text;
    for (const auto& w : opt.words)
        text += (text.empty() ? "" : " ") + w;
    const auto file = host::attempt_log_path();
    const auto rows = host::read_attempt_log(file, opt.count, text);
    if (opt.as_json) {
        json::array out;
        if (rows)
            for (const auto& a : *rows)
                out.push_back(attempt_json(a));
        std::cout << json::serialize(out) << '\n';
        return 0;
    }
    if (!rows || (rows->empty() && host::fts_all_words(text).empty())) {
        std::cout << "no attempts logged yet\n";
        return 0;
    }
    if (rows->empty()) {
        std::cout << "no logged attempt has every word of: " << text << '\n';
        return 0;
    }
    const std::size_t width = line_width();
    for (const auto& a : *rows) {
        std::cout << summary(a, width) << '\n';
        if (!a.error.empty())
            std::cout << "    error: " << one_line(a.error, width > 21 ? width - 11 : 10) << '\n';
    }
    return 0;
}

} // namespace

void add_log_command(CLI::App& app, context&, exit_slot exit) {
    auto opt = std::make_shared<log_options>();
    auto* cmd = app.add_subcommand(
        "log", "the provider calls evo made (the attempt log, docs/attempt-log.md), newest first");
    cmd->add_option("-n", opt->count, "how many to list (default 20; 0: all)");
    cmd->add_flag("--json", opt->as_json, "one JSON array of every field on stdout");
    cmd->add_option("TEXT", opt->words,
                    "only calls whose prompt, response or error contains every one of these "
                    "words (each taken literally, as a phrase)");
    cmd->callback([exit, opt] { *exit = run_log(*opt); });
}

} // namespace evo::cli
