// evo: the command-line host. Parses arguments, sets up logging, runs one command, and maps
// every failure onto an exit code: 0 ok, 1 validation failed, 2 usage/configuration, 3 runtime,
// 128 + the signal when SIGINT (130) or SIGTERM (143) stopped it.
#include "builtin_commands.hpp"
#include "command_selection.hpp"
#include "context.hpp"
#include "evolved_commands.hpp"
#include "output_style.hpp"
#include "stderr_line.hpp"
#include "stop_signals.hpp"

#include <evo/host/call.hpp>
#include <evo/host/command_store.hpp>
#include <evo/host/error.hpp>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace {

std::string version_text() {
    return "evo " EVO_VERSION " (plugin ABI " + std::to_string(EVO_ABI_VERSION_MAJOR) + "." +
           std::to_string(EVO_ABI_VERSION_MINOR) + ")";
}

int fail(int code, const std::string& message) {
    evo::cli::stderr_error(message, {{"exit_code", code}});
    return code;
}

int fail(evo::host::exit_code code, const std::string& message) {
    return fail(static_cast<int>(code), message);
}

// Whatever the command made of it, a run that was asked to stop exits 128 + the signal.
int stopped(int code) {
    return fail(code, code == 128 + SIGINT ? "interrupted" : "terminated");
}

// The exit code of a command that finished, unless a stop came first.
int finish(int code) {
    const int stop = evo::cli::stop_exit_code();
    return stop ? stopped(stop) : code;
}

// A command that failed: what stopped it when a stop was asked for (its error is then only a
// consequence), else its own error.
int failure(evo::host::exit_code code, const std::string& message) {
    const int stop = evo::cli::stop_exit_code();
    return stop ? stopped(stop) : fail(code, message);
}

// One line that names what was wrong, and where help is.
std::string usage_error(const CLI::App& app, const CLI::ParseError& e) {
    const auto chosen = app.get_subcommands();
    if (chosen.empty()) {
        const auto words = app.remaining();
        const auto is_option = [](const std::string& word) { return word.starts_with('-'); };
        if (auto command = std::find_if_not(words.begin(), words.end(), is_option);
            command != words.end())
            return "unknown command '" + *command + "' (evo --help lists the commands)";
        if (!words.empty()) return "unknown option '" + words.front() + "' (see evo --help)";
        return std::string(e.what()) + " (see evo --help)";
    }
    return std::string(e.what()) + " (see evo " + chosen.front()->get_name() + " --help)";
}

// How many arguments after argv[0] are evo's own global options and their values, as CLI11
// knows them (-v, -m FILE, --log-format=json); stops at the first word that is none.
int global_options_length(const CLI::App& app, int argc, char** argv) {
    int i = 1;
    while (i < argc && argv[i][0] == '-' && std::string_view(argv[i]) != "--") {
        const std::string word = argv[i];
        const auto equals = word.find('=');
        const CLI::Option* option = app.get_option_no_throw(word.substr(0, equals));
        if (!option) break;
        i += option->get_items_expected_min() > 0 && equals == std::string::npos ? 2 : 1;
    }
    return std::min(i, argc) - 1;
}

// `evo [GLOBAL OPTIONS] NAME ARGS...` and `evo [GLOBAL OPTIONS] run NAME ARGS...`: the name of
// an evolved command, with every argument after it the command's own (--help, -m and all), so
// CLI11 never parses them. Taken before the parse of the command line, and before any manifest
// or plugin: it runs in shell loops. nullopt: not this form.
std::optional<int> evolved_command_position(const CLI::App& app, int argc, char** argv) {
    const int at = 1 + global_options_length(app, argc, argv);
    if (at >= argc) return std::nullopt;
    const std::string_view first = argv[at];
    if (first == "run" && at + 1 < argc && argv[at + 1][0] != '-') return at + 1;
    if (evo::cli::is_command_name(first) && !evo::cli::is_builtin_command(first)) return at;
    return std::nullopt;
}

// Builds the parsers the command line needs (command_selection.hpp).
void add_commands(CLI::App& app, evo::cli::context& ctx, const evo::cli::exit_slot& exit,
                  const evo::cli::command_selection& selection) {
    using scope = evo::cli::command_selection::scope;
    for (const auto& c : evo::cli::builtin_commands())
        if (selection.what == scope::all ||
            (selection.what == scope::one && selection.name == c.name))
            c.add(app, ctx, exit);
}

} // namespace

int main(int argc, char** argv) {
    using evo::host::exit_code;
    evo::cli::install_stop_signals();
    evo::cli::context ctx;
    CLI::App app{"evo: generate, validate and evolve code through composable plugins", "evo"};
    app.set_version_flag("--version", version_text());
    app.require_subcommand(1);
    app.fallthrough(); // global options may also follow the command: evo gen -m FILE ...
    app.add_option("-m,--manifest", ctx.manifest_option, "manifest file (TOML)")
        ->envname("EVO_MANIFEST");
    app.add_flag("-v,--verbose", ctx.verbosity, "more logging (repeat for trace)");
    app.add_option("--log-format", ctx.log_format, "log format on stderr")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str()
        // As soon as it is parsed: a usage error later on the line is then a JSON line too.
        ->trigger_on_parse()
        ->each([](const std::string& format) { evo::cli::use_json_lines(format == "json"); });
    app.add_option("--color", ctx.color, "colour findings: auto (a terminal, NO_COLOR unset), always, never")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->capture_default_str()
        ->trigger_on_parse()
        ->each([](const std::string& w) { evo::cli::set_color_choice(evo::cli::color_choice_named(w)); });
    app.add_flag("-q,--quiet", ctx.quiet, "findings and errors only: no summary, progress or info lines")
        ->trigger_on_parse()
        ->each([](const std::string&) { evo::cli::set_quiet(true); });
    auto exit = std::make_shared<int>(0);
    app.parse_complete_callback([&] { evo::cli::setup_logging(ctx); });

    try {
        if (auto at = evolved_command_position(app, argc, argv)) {
            // The global options before it (-v, --log-format) apply; no command is parsed.
            app.require_subcommand(0);
            app.parse(std::vector<std::string>(
                std::make_reverse_iterator(argv + *at - (argv[*at - 1] == std::string_view("run"))),
                std::make_reverse_iterator(argv + 1)));
            evo::cli::setup_logging(ctx);
            return finish(evo::cli::run_evolved_command(
                argv[*at], std::vector<std::string>(argv + *at + 1, argv + argc)));
        }
        add_commands(app, ctx, exit,
                     evo::cli::select_commands(argc, argv, evo::cli::builtin_command_names()));
        app.parse(argc, argv);
        return finish(*exit);
    } catch (const CLI::Success& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        if (argc == 1) {
            std::fputs(app.help().c_str(), stderr);
            return static_cast<int>(exit_code::usage);
        }
        return fail(exit_code::usage, usage_error(app, e));
    } catch (const evo::host::config_error& e) {
        return failure(exit_code::usage, e.what());
    } catch (const evo::host::command_not_found_error& e) { // no such evolved command or version
        return failure(exit_code::usage, e.what());
    } catch (const std::exception& e) { // runtime_error and anything else
        return failure(exit_code::runtime, e.what());
    }
}
