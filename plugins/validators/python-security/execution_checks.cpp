// Code execution, shells and processes, and the dynamic lookups that reach them.
#include "checks.hpp"
#include "rule_table.hpp"

#include <algorithm>
#include <array>

namespace evo::python_security {

namespace {

bool is_dangerous_module(std::string_view module) {
    static constexpr std::array<std::string_view, 18> modules{
        "os",        "subprocess", "builtins", "pty",  "commands", "popen2",
        "ctypes",    "pickle",     "cPickle",  "dill", "shelve",   "marshal",
        "importlib", "imp",        "runpy",    "code", "socket",   "shutil"};
    return is_one_of(module, modules);
}

// Whether a function, reached by name, runs code or commands or loads untrusted objects.
bool is_execution_sink(std::string_view qualified) {
    if (qualified.starts_with("builtins.")) qualified.remove_prefix(9);
    const call_rule* known = find_call_rule(qualified);
    if (!known) return false;
    switch (known->primary) {
    case rule::exec_call:
    case rule::eval_call:
    case rule::compile_call:
    case rule::subprocess_shell:
    case rule::subprocess_audit:
    case rule::shell_command:
    case rule::process_without_shell:
    case rule::pickle_load:
    case rule::marshal_load:
    case rule::dynamic_import:
    case rule::ctypes_libc:
    case rule::destructive_delete:
        return true;
    default:
        return false;
    }
}

const argument* first_or_keyword(const call_site& site, std::string_view keyword) {
    if (const argument* arg = positional_argument(site.args, 0)) return arg;
    return keyword_argument(site.args, keyword);
}

bool is_partial_path(std::string_view program) {
    if (program.empty()) return false;
    char first = program.front();
    bool drive =
        program.size() > 1 && program[1] == ':' && ((first | 0x20) >= 'a' && (first | 0x20) <= 'z');
    return first != '/' && first != '\\' && first != '.' && !drive;
}

void report_partial_path(const call_site& site, const module_view& m, const argument* program,
                         reporter& out) {
    if (!program) return;
    auto text = leading_string(m, program->value);
    if (!text || !is_partial_path(*text)) return;
    std::string executable = text->substr(0, text->find(' '));
    out.report(rule::partial_path, site.anchor,
               callee_label(site) + " starts '" + executable + "' through a PATH lookup");
}

bool is_libc(std::string_view library) {
    auto slash = library.rfind('/');
    if (slash != std::string_view::npos) library.remove_prefix(slash + 1);
    return library == "c" || library == "libc" || library.starts_with("libc.so") ||
           library.starts_with("libc.dylib") || library.starts_with("msvcrt") ||
           library.starts_with("libSystem") || library.starts_with("ucrtbase");
}

} // namespace

void check_exec(const call_site& site, const module_view&, reporter& out) {
    out.report(rule::exec_call, site.anchor, "exec() runs code built at run time");
}

void check_eval(const call_site& site, const module_view&, reporter& out) {
    out.report(rule::eval_call, site.anchor, "eval() evaluates an arbitrary expression");
}

void check_compile(const call_site& site, const module_view& m, reporter& out) {
    const argument* code = first_or_keyword(site, "source");
    if (!code) return;
    // With PyCF_ONLY_AST compile() returns a syntax tree, as ast.parse does: nothing runs.
    const argument* flags = argument_at(site, 3, "flags");
    if (flags && mentions_name(m, flags->value, "PyCF_ONLY_AST")) return;
    if (m.is_plain_string(code->value))
        out.report(rule::compile_call, site.anchor, "compile() turns a literal string into code",
                   low, high);
    else
        out.report(rule::compile_call, site.anchor, "compile() turns a run-time value into code");
}

void check_subprocess(const call_site& site, const module_view& m, reporter& out) {
    const argument* command = first_or_keyword(site, "args");
    const argument* shell = keyword_argument(site.args, "shell");
    std::optional<bool> shell_on = shell ? literal_truth(m, shell->value) : false;
    if (shell_on != false) {
        bool literal = command && m.is_plain_string(command->value);
        out.report(rule::subprocess_shell, site.anchor,
                   callee_label(site) + " with shell=True" +
                       (literal ? " runs a fixed command through the shell"
                                : " runs a command string through the shell"),
                   literal ? low : high, shell_on ? high : medium);
        if (shell_on) check_wildcard_command(site, m, command, out);
    } else {
        out.report(rule::subprocess_audit, site.anchor,
                   callee_label(site) + " starts a process: check that its arguments are trusted");
    }
    report_partial_path(site, m, command, out);
    check_secret_in_command(site, m, out);
}

void check_shell_command(const call_site& site, const module_view& m, reporter& out) {
    const argument* command = first_or_keyword(site, "cmd");
    bool literal = command && m.is_plain_string(command->value);
    out.report(rule::shell_command, site.anchor,
               callee_label(site) + (literal ? " runs a fixed command through the shell"
                                             : " runs a command string through the shell"),
               literal ? low : high, high);
    report_partial_path(site, m, command, out);
    check_secret_in_command(site, m, out);
    check_wildcard_command(site, m, command, out);
}

void check_process_without_shell(const call_site& site, const module_view& m, reporter& out) {
    out.report(rule::process_without_shell, site.anchor,
               callee_label(site) + " starts a process: check that its arguments are trusted");
    bool mode_first = site.method.starts_with("spawn");
    report_partial_path(site, m, positional_argument(site.args, mode_first ? 1 : 0), out);
    check_secret_in_command(site, m, out);
}

void check_shell_keyword(const call_site& site, const module_view& m, reporter& out) {
    const argument* shell = keyword_argument(site.args, "shell");
    if (!shell || literal_truth(m, shell->value) == false) return;
    const call_rule* known = find_call_rule(site.callee);
    if (known && known->check == check_subprocess) return;
    out.report(rule::shell_keyword, site.anchor, callee_label(site) + " is called with shell=True");
}

void check_dynamic_import(const call_site& site, const module_view& m, reporter& out) {
    const argument* name = first_or_keyword(site, "name");
    if (!name) return;
    if (auto module = m.string_value(name->value)) {
        check_imported_module(*module, site.anchor, out);
        std::string canonical = canonical_module(*module);
        std::string top = canonical.substr(0, canonical.find('.'));
        if (is_dangerous_module(top))
            out.report(rule::dynamic_import, site.anchor,
                       callee_label(site) + " imports '" + *module + "' dynamically");
        return;
    }
    out.report(rule::dynamic_import, site.anchor,
               callee_label(site) + " imports a module whose name is computed at run time", medium,
               low);
}

void check_dynamic_getattr(const call_site& site, const module_view& m, reporter& out) {
    const argument* object = positional_argument(site.args, 0);
    const argument* attribute = positional_argument(site.args, 1);
    if (!object || !attribute || !is_dangerous_module(object->name)) return;
    if (auto name = m.string_value(attribute->value)) {
        std::string target = object->name + "." + *name;
        if (is_execution_sink(target))
            out.report(rule::dynamic_getattr, site.anchor,
                       "getattr reaches " + target + " by name");
        return;
    }
    out.report(rule::dynamic_getattr, site.anchor,
               "getattr looks up a name computed at run time on module " + object->name, medium,
               medium);
}

void check_ctypes_library(const call_site& site, const module_view& m, reporter& out) {
    const argument* library = first_or_keyword(site, "name");
    if (!library) return;
    std::string label = callee_label(site);
    if (m.at(library->value.begin).is_name("None") &&
        library->value.end == library->value.begin + 1) {
        out.report(rule::ctypes_libc, site.anchor,
                   label + "(None) opens the process's own symbols, libc included");
    } else if (auto name = m.string_value(library->value)) {
        if (is_libc(*name))
            out.report(rule::ctypes_libc, site.anchor, label + " loads libc");
        else
            out.report(rule::ctypes_libc, site.anchor,
                       label + " loads native library '" + *name + "'", medium, high);
    } else if (library->name.find("find_library") == std::string::npos) {
        out.report(rule::ctypes_libc, site.anchor,
                   label + " loads a native library chosen at run time", medium, medium);
    }
}

void check_find_library(const call_site& site, const module_view& m, reporter& out) {
    const argument* library = first_or_keyword(site, "name");
    if (!library) return;
    if (auto name = m.string_value(library->value); name && is_libc(*name))
        out.report(rule::ctypes_libc, site.anchor, callee_label(site) + " locates libc for ctypes");
}

void check_builtins_reference(const reference& ref, const module_view&, reporter& out) {
    std::string_view name = ref.name;
    if (!name.starts_with("builtins.")) return;
    std::string_view attribute = name.substr(9);
    static constexpr std::array<std::string_view, 7> dangerous{
        "eval", "exec", "execfile", "compile", "__import__", "globals", "breakpoint"};
    if (is_one_of(attribute, dangerous))
        out.report(rule::builtins_indirection, ref.anchor,
                   "builtin " + std::string(attribute) + " reached through " +
                       (ref.through_dunder_builtins ? "__builtins__" : "the builtins module"));
    else if (ref.through_dunder_builtins)
        out.report(rule::builtins_indirection, ref.anchor,
                   "__builtins__ is looked up (" + std::string(attribute) + ")", medium, medium);
}

namespace {

// The text of a command given as a string literal or a list or tuple display of them.
std::optional<std::string> command_text(const module_view& m, token_range value) {
    if (auto text = m.string_value(value)) return text;
    const token& first = m.at(value.begin);
    if (!(first.is_op("[") || first.is_op("(")) || m.partner(value.begin) != value.end - 1)
        return std::nullopt;
    std::string joined;
    for (std::uint32_t i = value.begin + 1; i < value.end - 1; ++i) {
        const token& t = m.at(i);
        if (t.kind == token_kind::string) {
            std::uint32_t last = i;
            while (last + 1 < value.end - 1 && m.at(last + 1).kind == token_kind::string)
                ++last;
            auto part = m.string_value({i, last + 1});
            if (!part) return std::nullopt;
            joined += ' ';
            joined += *part;
            i = last;
        } else if (!t.is_op(",")) {
            return std::nullopt;
        }
    }
    return joined;
}

bool is_word_separator(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '|' || c == '&';
}

} // namespace

void check_wildcard_command(const call_site& site, const module_view& m, const argument* command,
                            reporter& out) {
    if (!command) return;
    auto text = command_text(m, command->value);
    if (!text || text->find('*') == std::string::npos) return;
    static constexpr std::array<std::string_view, 4> expanding{"chown", "chmod", "tar", "rsync"};
    std::string_view rest = *text;
    while (!rest.empty()) {
        std::size_t start = 0;
        while (start < rest.size() && is_word_separator(rest[start]))
            ++start;
        std::size_t end = start;
        while (end < rest.size() && !is_word_separator(rest[end]))
            ++end;
        std::string_view word = rest.substr(start, end - start);
        std::string_view program = word.substr(word.rfind('/') + 1);
        if (is_one_of(program, expanding)) {
            out.report(
                rule::wildcard_injection, site.anchor,
                callee_label(site) + " runs " + std::string(program) +
                    " on a shell wildcard: a file named like an option changes what it does");
            return;
        }
        rest.remove_prefix(end);
    }
}

void check_paramiko_exec(const call_site& site, const module_view& m, reporter& out) {
    if (!m.names().imports_module("paramiko")) return;
    out.report(rule::paramiko_exec, site.anchor,
               callee_label(site) + " runs a command through the remote shell: check its input");
}

void check_logging_listen(const call_site& site, const module_view&, reporter& out) {
    if (keyword_argument(site.args, "verify") || unpacks_arguments(site)) return;
    out.report(rule::logging_listen, site.anchor,
               "logging.config.listen() without verify accepts any configuration sent to it");
}

// Trojan source (CVE-2021-42574): U+202A-U+202E, U+2066-U+2069 and U+200F in UTF-8. The
// first one is reported, as one is enough to distrust the file.
void check_bidirectional_text(const token_stream& stream, reporter& out) {
    std::string_view source = stream.source;
    for (std::size_t at = source.find('\xE2');
         at != std::string_view::npos && at + 2 < source.size(); at = source.find('\xE2', at + 1)) {
        auto second = static_cast<unsigned char>(source[at + 1]);
        auto third = static_cast<unsigned char>(source[at + 2]);
        bool bidi = (second == 0x80 && ((third >= 0xAA && third <= 0xAE) || third == 0x8F)) ||
                    (second == 0x81 && third >= 0xA6 && third <= 0xA9);
        if (!bidi) continue;
        out.report_at(rule::trojan_source, source.substr(at, 3),
                      "a bidirectional control character can make this line read differently "
                      "than it runs");
        return;
    }
}

} // namespace evo::python_security
