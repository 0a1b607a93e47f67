#include "programs.hpp"

#include <array>

namespace evo::shell {
namespace {

struct interpreter {
    std::string_view name;             // a trailing '*' matches any suffix: python3.11
    std::string_view inline_options;   // short options whose operand is the program text
    std::string_view argument_options; // other short options that take the next word
    bool shell;
};

constexpr std::array<interpreter, 17> interpreters{{
    {"sh", "c", "oO", true},
    {"bash", "c", "oO", true},
    {"dash", "c", "o", true},
    {"zsh", "c", "o", true},
    {"ksh", "c", "o", true},
    {"mksh", "c", "o", true},
    {"ash", "c", "o", true},
    {"fish", "c", "", true},
    {"csh", "c", "", true},
    {"tcsh", "c", "", true},
    {"python*", "cm", "WXQ", false},
    {"perl", "eE", "IMm", false},
    {"ruby", "e", "Ir", false},
    {"node", "ep", "r", false},
    {"nodejs", "ep", "r", false},
    {"php", "r", "cd", false},
    {"lua", "e", "l", false},
}};

constexpr std::array<std::string_view, 5> downloaders{"curl", "wget", "fetch", "http", "https"};

const interpreter* find_interpreter(std::string_view name) {
    for (const interpreter& i : interpreters) {
        if (i.name.ends_with('*') ? name.starts_with(i.name.substr(0, i.name.size() - 1))
                                  : name == i.name)
            return &i;
    }
    return nullptr;
}

bool reads_standard_input(const std::optional<std::string>& operand) {
    return operand == "-" || operand == "/dev/stdin" || operand == "/dev/fd/0";
}

// `source FILE` and `. FILE`.
program_source sourced(const invocation& inv) {
    using origin = program_source::origin;
    for (const word* w : inv.args) {
        const std::optional<std::string> text = literal(*w);
        if (text == "--" || is_option(text)) continue;
        return {reads_standard_input(text) ? origin::standard_input : origin::file, w};
    }
    return {};
}

} // namespace

bool is_downloader(std::string_view name) {
    for (std::string_view d : downloaders)
        if (name == d) return true;
    return false;
}

bool is_shell(std::string_view name) {
    const interpreter* i = find_interpreter(name);
    return i && i->shell;
}

// Options come first; then the first operand is the program text (after -c/-e), a script
// file, or "-" for standard input; with no operand the program comes from standard input.
program_source program_of(const invocation& inv) {
    using origin = program_source::origin;
    if (inv.name == "source" || inv.name == ".") return sourced(inv);
    const interpreter* interp = find_interpreter(inv.name);
    if (!interp) return {};
    bool inline_text = false;
    bool from_stdin = false; // sh -s: operands are arguments, the program is on stdin
    bool options_done = false;
    for (std::size_t i = 0; i < inv.args.size(); ++i) {
        const std::optional<std::string> text = literal(*inv.args[i]);
        if (!options_done && text == "--") {
            options_done = true;
            continue;
        }
        if (!options_done && text && text->starts_with("--")) {
            if (*text == "--eval" || *text == "--print") inline_text = true;
            if (*text == "--rcfile" || *text == "--init-file") ++i;
            continue;
        }
        const bool shell_plus_option =
            interp->shell && text && text->size() > 1 && (*text)[0] == '+';
        if (!options_done && (is_option(text) || shell_plus_option)) {
            const std::string_view letters = std::string_view(*text).substr(1);
            for (char letter : letters) {
                if (interp->inline_options.find(letter) != std::string_view::npos)
                    inline_text = true;
                if (interp->shell && letter == 's') from_stdin = true;
            }
            if (letters.size() == 1 &&
                interp->argument_options.find(letters[0]) != std::string_view::npos)
                ++i;
            continue;
        }
        if (inline_text) return {origin::inline_text, inv.args[i]};
        if (from_stdin || reads_standard_input(text)) return {origin::standard_input, nullptr};
        return {origin::file, inv.args[i]};
    }
    if (inline_text) return {};
    return {origin::standard_input, nullptr};
}

} // namespace evo::shell
