#include <evo/host/language_map.hpp>

#include "declared_struct.hpp"

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstring>
#include <stdexcept>

namespace evo::host {
namespace {

std::string lowercase(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    return out;
}

// "a,b,,c" -> {"a", "b", "c"}; NULL -> {}.
std::vector<std::string> split_list(const char* list) {
    std::vector<std::string> out;
    std::string_view rest = list ? list : "";
    while (!rest.empty()) {
        auto comma = rest.find(',');
        auto item = rest.substr(0, comma);
        while (!item.empty() && std::isspace(static_cast<unsigned char>(item.front())))
            item.remove_prefix(1);
        while (!item.empty() && std::isspace(static_cast<unsigned char>(item.back())))
            item.remove_suffix(1);
        if (!item.empty()) out.emplace_back(item);
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    }
    return out;
}

// A table entry is read only as far as its writer declared it.
evo_language copy_entry(const evo_language* entry, std::size_t index) {
    const std::string which = "language_table[" + std::to_string(index) + "]";
    if (!entry) throw std::invalid_argument("has a NULL " + which);
    constexpr std::size_t needed = offsetof(evo_language, name) + sizeof(const char*);
    if (entry->struct_size < needed)
        throw std::invalid_argument("has a " + which + " too small to hold a name (struct_size " +
                                    std::to_string(entry->struct_size) + ", needs " +
                                    std::to_string(needed) + ")");
    evo_language copy = read_declared<evo_language>(entry);
    if (!copy.name || !*copy.name)
        throw std::invalid_argument("has a " + which + " without a name");
    return copy;
}

// A plain file name: what the sandbox accepts in its work directory.
bool plain_file_name(std::string_view name) {
    return !name.empty() && name != "." && name != ".." &&
           name.find('/') == std::string_view::npos && name.find('\0') == std::string_view::npos;
}

std::string text(const char* s) {
    return s ? s : "";
}

// The entry's command contract: all four fields or none.
std::optional<command_language> contract_of(const evo_language& entry, std::size_t index) {
    command_language c{lowercase(entry.name), text(entry.command_file), text(entry.test_file),
                       text(entry.runner), text(entry.test_instructions)};
    const bool any = !c.file.empty() || !c.test_file.empty() || !c.runner.empty() ||
                     !c.test_instructions.empty();
    if (!any) return std::nullopt;
    const std::string which =
        "language_table[" + std::to_string(index) + "] ('" + c.language + "')";
    if (c.file.empty() || c.test_file.empty() || c.runner.empty() || c.test_instructions.empty())
        throw std::invalid_argument("declares an incomplete command contract in " + which +
                                    ": command_file, test_file, runner and test_instructions "
                                    "go together");
    for (const auto* file : {&c.file, &c.test_file})
        if (!plain_file_name(*file))
            throw std::invalid_argument("declares '" + *file + "' in " + which +
                                        ", which is not a plain file name");
    if (c.file == c.test_file)
        throw std::invalid_argument("declares the same command_file and test_file in " + which);
    return c;
}

void claim(std::map<std::string, std::string, std::less<>>& map, std::string key,
           const std::string& language) {
    map.emplace(std::move(key), language); // an earlier claim wins
}

} // namespace

std::vector<declared_language> declared_languages(const evo_validator_api& api) {
    std::vector<declared_language> out;
    for (auto& name : split_list(api.languages))
        out.push_back({lowercase(name), {}, {}, {}, std::nullopt});
    if (out.empty())
        throw std::invalid_argument("declares no language (evo_validator_api.languages is empty)");
    for (uint32_t i = 0; api.language_table && i < api.language_count; ++i) {
        evo_language entry = copy_entry(api.language_table[i], i);
        auto it = std::find_if(out.begin(), out.end(),
                               [&](const auto& l) { return l.name == lowercase(entry.name); });
        if (it == out.end())
            throw std::invalid_argument(
                "declares '" + std::string(entry.name) + "' in language_table[" +
                std::to_string(i) + "], which its languages '" + api.languages + "' do not name");
        for (auto& alias : split_list(entry.aliases))
            it->aliases.push_back(lowercase(alias));
        for (auto& ext : split_list(entry.extensions))
            it->extensions.push_back(ext);
        for (auto& program : split_list(entry.interpreters))
            it->interpreters.push_back(program);
        if (auto contract = contract_of(entry, i)) it->command = std::move(contract);
    }
    return out;
}

void language_map::add(const std::vector<declared_language>& languages, bool runs_tests) {
    // Canonical names first: an alias never takes a name another validator calls canonical.
    for (const auto& l : languages)
        names_[l.name] = l.name;
    for (const auto& l : languages) {
        for (const auto& alias : l.aliases)
            claim(names_, alias, l.name);
        for (const auto& ext : l.extensions)
            claim(extensions_, ext, l.name);
        for (const auto& program : l.interpreters)
            claim(interpreters_, program, l.name);
        if (runs_tests && l.command) commands_.emplace(l.name, *l.command); // the first stays
    }
}

std::string language_map::canonical(std::string_view name) const {
    std::string key = lowercase(name);
    auto it = names_.find(key);
    return it == names_.end() ? key : it->second;
}

bool language_map::knows(std::string_view name) const {
    return names_.find(lowercase(name)) != names_.end();
}

std::string language_map::of_extension(std::string_view extension) const {
    auto it = extensions_.find(extension);
    return it == extensions_.end() ? "" : it->second;
}

const command_language* language_map::command(std::string_view language) const {
    auto it = commands_.find(canonical(language));
    return it == commands_.end() ? nullptr : &it->second;
}

std::vector<std::string> language_map::command_languages() const {
    std::vector<std::string> out;
    for (const auto& [name, contract] : commands_)
        out.push_back(name);
    return out;
}

std::string language_map::of_shebang(std::string_view first_line) const {
    std::string program = shebang_program(first_line);
    // python3.11 is python3 is python: drop a trailing version one character at a time.
    while (!program.empty()) {
        if (auto it = interpreters_.find(program); it != interpreters_.end()) return it->second;
        char last = program.back();
        if (!std::isdigit(static_cast<unsigned char>(last)) && last != '.') break;
        program.pop_back();
    }
    return "";
}

std::string shebang_program(std::string_view line) {
    if (!line.starts_with("#!")) return "";
    line.remove_prefix(2);
    line = line.substr(0, line.find_first_of("\r\n"));
    std::vector<std::string_view> words;
    for (auto start = line.find_first_not_of(" \t"); start != std::string_view::npos;
         start = line.find_first_not_of(" \t")) {
        line.remove_prefix(start);
        auto end = std::min(line.find_first_of(" \t"), line.size());
        words.push_back(line.substr(0, end));
        line.remove_prefix(end);
    }
    auto basename = [](std::string_view path) {
        return std::string(path.substr(path.rfind('/') + 1)); // npos + 1 == 0: no slash
    };
    if (words.empty()) return "";
    if (basename(words[0]) != "env") return basename(words[0]);
    // env [-options] [NAME=value]... program
    for (std::size_t i = 1; i < words.size(); ++i)
        if (!words[i].starts_with('-') && words[i].find('=') == std::string_view::npos)
            return basename(words[i]);
    return "";
}

} // namespace evo::host
