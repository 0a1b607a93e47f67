#include "command_line.hpp"

#include <evo/plugin.hpp>

namespace exec_plugin {
namespace {

void replace_all(std::string& text, std::string_view placeholder, std::string_view value) {
    for (std::size_t at = text.find(placeholder); at != std::string::npos;
         at = text.find(placeholder, at + value.size()))
        text.replace(at, placeholder.size(), value);
}

void append_expanded(std::vector<std::string>& argv, const std::vector<std::string>& templates,
                     std::string_view key, const std::string& model, const std::string& system) {
    for (std::size_t i = 0; i < templates.size(); ++i) {
        std::string argument = templates[i];
        replace_all(argument, "{model}", model);
        replace_all(argument, "{system}", system);
        if (argument.empty())
            throw evo::error(EVO_ERR_INVALID_ARGUMENT,
                             "config: " + std::string(key) + "[" + std::to_string(i) + "] (\"" +
                                 templates[i] +
                                 "\") is empty once expanded: set \"model\" in the plugin's "
                                 "table or the request");
        argv.push_back(std::move(argument));
    }
}

} // namespace

std::vector<std::string> command_line(const settings& config, const std::string& request_model,
                                      const std::string& system) {
    const std::string& model = config.model.empty() ? request_model : config.model;
    std::vector<std::string> argv;
    append_expanded(argv, config.command, "command", model, "");
    if (!system.empty() && !config.system_argument.empty())
        append_expanded(argv, config.system_argument, "system_argument", model, system);
    return argv;
}

} // namespace exec_plugin
