#include <evo/bench/command_line.hpp>

#include <charconv>
#include <string_view>

namespace evo::bench {
namespace {

std::optional<int> count(std::string_view text, int minimum) {
    int value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < minimum)
        return std::nullopt;
    return value;
}

} // namespace

std::optional<command_line> parse_command_line(int argc, char** argv,
                                               const command_line_rules& rules) {
    command_line parsed = rules.defaults;
    for (int i = 1; i < argc; ++i) {
        std::string_view arg = argv[i];
        if ((arg == "--runs" || arg == "--warmup") && i + 1 < argc) {
            auto value = count(argv[++i], arg == "--runs" ? 1 : 0);
            if (!value) return std::nullopt;
            (arg == "--runs" ? parsed.runs : parsed.warmup) = *value;
        } else if (arg == "--quick" && rules.accepts_quick) {
            parsed.quick = true;
        } else if (arg.starts_with("-")) {
            return std::nullopt;
        } else {
            parsed.positional.emplace_back(arg);
        }
    }
    if (parsed.positional.size() < rules.min_positional ||
        parsed.positional.size() > rules.max_positional)
        return std::nullopt;
    return parsed;
}

std::filesystem::path installed_manifest(const std::filesystem::path& evo,
                                         const std::string& name) {
    return std::filesystem::absolute(evo).parent_path().parent_path() / "share/evo/manifests" /
           name;
}

} // namespace evo::bench
