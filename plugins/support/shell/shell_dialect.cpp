#include "shell_dialect.hpp"

#include <initializer_list>

namespace evo::shell {
namespace {

bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\r';
}

// The next blank-separated word of the line, taken off its front.
std::string_view next_word(std::string_view& line) {
    std::size_t start = 0;
    while (start < line.size() && is_blank(line[start]))
        ++start;
    std::size_t end = start;
    while (end < line.size() && !is_blank(line[end]))
        ++end;
    const std::string_view word = line.substr(start, end - start);
    line.remove_prefix(end);
    return word;
}

std::string_view base_name(std::string_view path) {
    const std::size_t slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

bool one_of(std::string_view name, std::initializer_list<std::string_view> names) {
    for (std::string_view n : names)
        if (name == n) return true;
    return false;
}

} // namespace

std::string shebang_shell(std::string_view text) {
    if (!text.starts_with("#!")) return "";
    std::string_view line = text.substr(2);
    line = line.substr(0, line.find('\n'));
    std::string_view program = base_name(next_word(line));
    if (program == "env") {
        // env's options (-S, -i, -u NAME) and NAME=value settings come before the program.
        for (std::string_view word = next_word(line); !word.empty(); word = next_word(line)) {
            if (word == "-u") {
                next_word(line);
                continue;
            }
            if (word.starts_with('-') || word.find('=') != std::string_view::npos) continue;
            program = base_name(word);
            break;
        }
        if (program == "env") return "";
    }
    return std::string(program);
}

script_dialect dialect_of(std::string_view text, std::string_view language) {
    script_dialect out;
    out.shell = shebang_shell(text);
    const std::string_view shell = out.shell;
    if (shell.empty())
        out.kind = language == "zsh" ? dialect::zsh : dialect::bash;
    else if (shell == "bash")
        out.kind = dialect::bash;
    else if (one_of(shell, {"sh", "dash", "ash", "posix"}))
        out.kind = dialect::posix;
    else if (shell == "zsh")
        out.kind = dialect::zsh;
    else if (one_of(shell, {"ksh", "ksh93", "mksh", "pdksh"}))
        out.kind = dialect::ksh;
    else
        out.kind = dialect::other;
    return out;
}

} // namespace evo::shell
