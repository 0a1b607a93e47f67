// evo completion bash|zsh|fish: a completion script generated from the parsers evo itself
// builds, so every command, subcommand and option evo has is completed, and nothing it lacks.
// main() builds every command's parser for this command (command_selection.cpp); the script
// reads them from the root app. Evolved commands change at run time: the script asks
// `evo commands --json` for them when it completes, through the evo that is being completed.
//
// The script is data (which words follow which command path, which options take a value and
// which values they take) and a small driver per shell that walks the words typed so far.
#include "../context.hpp"
#include "../wording.hpp"

#include <algorithm>
#include <iostream>
#include <map>
#include <sstream>
#include <utility>
#include <string>
#include <vector>

namespace evo::cli {
namespace {

// What may follow one command path ("evo", "evo plugins", ...).
struct node {
    std::string path;
    std::vector<std::string> subcommands;
    std::vector<std::string> options;       // this command's own, then the global ones
    std::vector<std::string> value_options; // those of them that take a value
    std::map<std::string, std::vector<std::string>> choices; // option -> its values
    // The first positional argument: "none", "files", "evolved" (an evolved command's NAME)
    // or "choices:A B C".
    std::string positional = "none";
};

// The values a CLI::IsMember check allows: CLI11 describes it as "TYPE:{a,b,c}".
std::vector<std::string> allowed_values(const CLI::Option& option) {
    const std::string type = option.get_type_name();
    const auto open = type.find('{'), close = type.find('}', open);
    if (open == std::string::npos || close == std::string::npos) return {};
    std::vector<std::string> values;
    std::stringstream list(type.substr(open + 1, close - open - 1));
    for (std::string value; std::getline(list, value, ',');)
        if (!value.empty()) values.push_back(value);
    return values;
}

std::vector<std::string> names_of(const CLI::Option& option) {
    std::vector<std::string> names;
    for (const auto& s : option.get_snames())
        names.push_back("-" + s);
    for (const auto& l : option.get_lnames())
        names.push_back("--" + l);
    return names;
}

void add_options(node& n, const CLI::App& app) {
    bool positional_seen = false;
    for (const CLI::Option* option : app.get_options()) {
        if (option->nonpositional()) {
            for (const auto& name : names_of(*option)) {
                n.options.push_back(name);
                if (option->get_items_expected_min() > 0) {
                    n.value_options.push_back(name);
                    if (auto values = allowed_values(*option); !values.empty())
                        n.choices[name] = values;
                }
            }
        } else if (!positional_seen) {
            positional_seen = true;
            const auto values = allowed_values(*option);
            n.positional = !values.empty()                            ? "choices:" + joined(values, " ")
                           : option->get_name().rfind("NAME", 0) == 0 ? "evolved"
                                                                      : "files";
        }
    }
}

void collect(const CLI::App& app, const std::string& path, const node& globals,
             std::vector<node>& out) {
    node n;
    if (path == "evo") {
        n = globals; // the root's own options are the global ones
    } else {
        add_options(n, app);
        // The global options are accepted after a command too.
        // A command's own option of the same name wins (its -h, show's --version).
        auto own = [&n](const std::string& name) {
            return std::find(n.options.begin(), n.options.end(), name) != n.options.end();
        };
        for (const auto& name : globals.options) {
            if (own(name)) continue;
            n.options.push_back(name);
            const bool takes_value =
                std::find(globals.value_options.begin(), globals.value_options.end(), name) !=
                globals.value_options.end();
            if (takes_value) n.value_options.push_back(name);
            if (auto values = globals.choices.find(name); values != globals.choices.end())
                n.choices.insert(*values);
        }
    }
    n.path = path;
    const auto subs =
        app.get_subcommands([](const CLI::App* sub) { return !sub->get_group().empty(); });
    for (const CLI::App* sub : subs)
        n.subcommands.push_back(sub->get_name());
    out.push_back(std::move(n));
    for (const CLI::App* sub : subs)
        collect(*sub, path + " " + sub->get_name(), globals, out);
}

std::vector<node> command_tree(const CLI::App& root) {
    node globals;
    add_options(globals, root);
    std::vector<node> out;
    collect(root, "evo", globals, out);
    return out;
}

// Shell functions shared by bash and zsh (the same case syntax): each answers for a path.
void posix_data(std::ostream& out, const std::vector<node>& tree) {
    auto function = [&](const char* name, auto&& body) {
        out << name << "() {\n    case \"$1\" in\n";
        for (const node& n : tree)
            body(n);
        out << "    esac\n}\n";
    };
    function("__evo_subcommands", [&](const node& n) {
        if (!n.subcommands.empty())
            out << "    '" << n.path << "') printf '%s\\n' '" << joined(n.subcommands, " ") << "' ;;\n";
    });
    function("__evo_options", [&](const node& n) {
        out << "    '" << n.path << "') printf '%s\\n' '" << joined(n.options, " ") << "' ;;\n";
    });
    function("__evo_value_options", [&](const node& n) {
        if (!n.value_options.empty())
            out << "    '" << n.path << "') printf '%s\\n' '" << joined(n.value_options, " ")
                << "' ;;\n";
    });
    function("__evo_positional", [&](const node& n) {
        if (n.positional != "none")
            out << "    '" << n.path << "') printf '%s\\n' '" << n.positional << "' ;;\n";
    });
    out << "__evo_choices() {\n    case \"$1 $2\" in\n";
    for (const node& n : tree)
        for (const auto& [option, values] : n.choices)
            out << "    '" << n.path << ' ' << option << "') printf '%s\\n' '" << joined(values, " ")
                << "' ;;\n";
    out << "    esac\n}\n";
    // Names only: a name matches [a-z0-9][a-z0-9-]*, and a description quoted in the JSON
    // has its quotes escaped, so it never reads as a "name" field.
    out << R"sh(__evo_evolved() {
    "$1" commands --json 2>/dev/null | grep -o '"name":"[a-z0-9-]*"' | cut -d'"' -f4
}
__evo_takes_value() {
    case " $(__evo_value_options "$1") " in *" $2 "*) return 0 ;; esac
    return 1
}
)sh";
}

// The walk over the words typed before the cursor, in a POSIX-like shell: sets cmdpath to the
// command path and evolved=1 when the words name an evolved command (its arguments are its
// own). Words are read from the array named by the caller.
void bash_script(std::ostream& out, const std::vector<node>& tree) {
    out << "# bash completion for evo, generated by `evo completion bash` from evo's own "
           "commands.\n# Load it with: source <(evo completion bash)\n";
    posix_data(out, tree);
    out << R"sh(_evo() {
    local cur="${COMP_WORDS[COMP_CWORD]}" prev="" cmdpath="evo" evolved=0 i w
    ((COMP_CWORD > 0)) && prev="${COMP_WORDS[COMP_CWORD-1]}"
    for ((i = 1; i < COMP_CWORD; i++)); do
        w="${COMP_WORDS[i]}"
        if [[ $w == -* ]]; then
            if [[ $w != *=* ]] && __evo_takes_value "$cmdpath" "$w"; then i=$((i + 1)); fi
        elif [[ " $(__evo_subcommands "$cmdpath") " == *" $w "* ]]; then
            cmdpath="$cmdpath $w"
        elif [[ $cmdpath == evo ]]; then
            evolved=1
            break
        fi
    done
    COMPREPLY=()
    if ((evolved)); then
        compopt -o default 2>/dev/null
        return 0
    fi
    if [[ $prev == -* && $prev != *=* ]] && __evo_takes_value "$cmdpath" "$prev"; then
        local choices
        choices="$(__evo_choices "$cmdpath" "$prev")"
        if [[ -n $choices ]]; then
            mapfile -t COMPREPLY < <(compgen -W "$choices" -- "$cur")
        else
            compopt -o filenames 2>/dev/null
            mapfile -t COMPREPLY < <(compgen -f -- "$cur")
        fi
        return 0
    fi
    if [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$(__evo_options "$cmdpath")" -- "$cur")
        return 0
    fi
    local candidates positional
    candidates="$(__evo_subcommands "$cmdpath")"
    [[ $cmdpath == evo ]] && candidates="$candidates $(__evo_evolved "${COMP_WORDS[0]}")"
    positional="$(__evo_positional "$cmdpath")"
    case $positional in
    choices:*) candidates="$candidates ${positional#choices:}" ;;
    evolved) candidates="$candidates $(__evo_evolved "${COMP_WORDS[0]}")" ;;
    files)
        compopt -o filenames 2>/dev/null
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
        ;;
    esac
    local more
    mapfile -t more < <(compgen -W "$candidates" -- "$cur")
    COMPREPLY+=("${more[@]}")
    return 0
}
complete -F _evo evo
)sh";
}

void zsh_script(std::ostream& out, const std::vector<node>& tree) {
    out << "#compdef evo\n# zsh completion for evo, generated by `evo completion zsh` from "
           "evo's own commands.\n# Install it as _evo in a directory of $fpath, or load it "
           "with: source <(evo completion zsh)\n";
    posix_data(out, tree);
    out << R"sh(_evo() {
    local cur="${words[CURRENT]}" prev="${words[CURRENT-1]}" cmdpath="evo" evolved=0 i w
    for ((i = 2; i < CURRENT; i++)); do
        w="${words[i]}"
        if [[ $w == -* ]]; then
            if [[ $w != *=* ]] && __evo_takes_value "$cmdpath" "$w"; then i=$((i + 1)); fi
        elif [[ " $(__evo_subcommands "$cmdpath") " == *" $w "* ]]; then
            cmdpath="$cmdpath $w"
        elif [[ $cmdpath == evo ]]; then
            evolved=1
            break
        fi
    done
    if ((evolved)); then
        _files
        return
    fi
    if [[ $prev == -* && $prev != *=* ]] && __evo_takes_value "$cmdpath" "$prev"; then
        local choices="$(__evo_choices "$cmdpath" "$prev")"
        if [[ -n $choices ]]; then
            compadd -- ${=choices}
        else
            _files
        fi
        return
    fi
    if [[ $cur == -* ]]; then
        local options="$(__evo_options "$cmdpath")"
        compadd -- ${=options}
        return
    fi
    local candidates="$(__evo_subcommands "$cmdpath")"
    [[ $cmdpath == evo ]] && candidates="$candidates $(__evo_evolved "${words[1]}")"
    local positional="$(__evo_positional "$cmdpath")"
    case $positional in
    choices:*) candidates="$candidates ${positional#choices:}" ;;
    evolved) candidates="$candidates $(__evo_evolved "${words[1]}")" ;;
    files) _files ;;
    esac
    compadd -- ${=candidates}
}
if [[ "${funcstack[1]}" == _evo ]]; then
    _evo "$@"
else
    compdef _evo evo
fi
)sh";
}

void fish_script(std::ostream& out, const std::vector<node>& tree) {
    out << "# fish completion for evo, generated by `evo completion fish` from evo's own "
           "commands.\n# Load it with: evo completion fish | source\n";
    auto function = [&](const char* name, auto&& body) {
        out << "function " << name << "\n    switch $argv[1]\n";
        for (const node& n : tree)
            body(n);
        out << "    end\nend\n";
    };
    function("__evo_subcommands", [&](const node& n) {
        if (!n.subcommands.empty())
            out << "    case '" << n.path << "'\n        printf '%s\\n' '" << joined(n.subcommands, " ")
                << "'\n";
    });
    function("__evo_options", [&](const node& n) {
        out << "    case '" << n.path << "'\n        printf '%s\\n' '" << joined(n.options, " ")
            << "'\n";
    });
    function("__evo_value_options", [&](const node& n) {
        if (!n.value_options.empty())
            out << "    case '" << n.path << "'\n        printf '%s\\n' '"
                << joined(n.value_options, " ") << "'\n";
    });
    function("__evo_positional", [&](const node& n) {
        if (n.positional != "none")
            out << "    case '" << n.path << "'\n        printf '%s\\n' '" << n.positional << "'\n";
    });
    out << "function __evo_choices\n    switch \"$argv[1] $argv[2]\"\n";
    for (const node& n : tree)
        for (const auto& [option, values] : n.choices)
            out << "    case '" << n.path << ' ' << option << "'\n        printf '%s\\n' '"
                << joined(values, " ") << "'\n";
    out << "    end\nend\n";
    out << R"sh(function __evo_evolved
    $argv[1] commands --json 2>/dev/null | string match -ar '"name":"[a-z0-9-]*"' | string replace -r '"name":"(.*)"' '$1'
end
function __evo_takes_value
    contains -- $argv[2] (string split ' ' -- (__evo_value_options $argv[1]))
end
function __evo_complete
    set -l tokens (commandline -opc)
    set -l cur (commandline -ct)
    set -l cmdpath evo
    set -l skip 0
    set -l typed $tokens
    set -e typed[1]
    for w in $typed
        if test $skip = 1
            set skip 0
            continue
        end
        if string match -q -- '-*' $w
            if not string match -q -- '*=*' $w; and __evo_takes_value "$cmdpath" $w
                set skip 1
            end
        else if contains -- $w (string split ' ' -- (__evo_subcommands "$cmdpath"))
            set cmdpath "$cmdpath $w"
        else if test "$cmdpath" = evo
            __fish_complete_path $cur
            return
        end
    end
    set -l prev $tokens[-1]
    if test $skip = 1
        set -l choices (__evo_choices "$cmdpath" $prev)
        if test -n "$choices"
            string split ' ' -- $choices
        else
            __fish_complete_path $cur
        end
        return
    end
    if string match -q -- '-*' $cur
        string split ' ' -- (__evo_options "$cmdpath")
        return
    end
    string split ' ' -- (__evo_subcommands "$cmdpath")
    test "$cmdpath" = evo; and __evo_evolved $tokens[1]
    set -l positional (__evo_positional "$cmdpath")
    switch "$positional"
        case 'choices:*'
            string split ' ' -- (string replace 'choices:' '' -- $positional)
        case evolved
            __evo_evolved $tokens[1]
        case files
            __fish_complete_path $cur
    end
end
complete -c evo -f -a '(__evo_complete)'
)sh";
}

int print_completion(const CLI::App& root, const std::string& shell) {
    const auto tree = command_tree(root);
    if (shell == "bash") bash_script(std::cout, tree);
    if (shell == "zsh") zsh_script(std::cout, tree);
    if (shell == "fish") fish_script(std::cout, tree);
    return 0;
}

} // namespace

void add_completion_command(CLI::App& app, context&, exit_slot exit) {
    auto shell = std::make_shared<std::string>();
    auto* cmd = app.add_subcommand(
        "completion", "print a completion script for bash, zsh or fish (every command and option)");
    cmd->add_option("SHELL", *shell, "the shell")
        ->required()
        ->check(CLI::IsMember({"bash", "zsh", "fish"}));
    const CLI::App* root = &app;
    cmd->callback([exit, shell, root] { *exit = print_completion(*root, *shell); });
}

} // namespace evo::cli
