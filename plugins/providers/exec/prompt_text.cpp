#include "prompt_text.hpp"

#include "provider_kit/request.hpp"

#include <evo/plugin.hpp>

#include <boost/json.hpp>

#include <utility>
#include <vector>

namespace exec_plugin {
namespace {

using provider_kit::bad_request;

std::string heading(std::string_view role) {
    std::string name(role);
    if (!name.empty() && name[0] >= 'a' && name[0] <= 'z')
        name[0] = static_cast<char>(name[0] - 'a' + 'A');
    return "### " + name + "\n";
}

} // namespace

prompt prompt_of(std::string_view normalized_request, bool system_on_stdin) {
    const boost::json::object fields = provider_kit::read_request(normalized_request);
    const boost::json::value* messages = fields.if_contains("messages");

    prompt p;
    if (const auto* model = fields.if_contains("model"); model && model->is_string())
        p.model = std::string(model->as_string());
    std::vector<std::pair<std::string, std::string>> turns; // role, text
    for (const boost::json::value& message : messages->as_array()) {
        const auto* m = message.if_object();
        if (!m) bad_request("every message must be an object");
        const auto* role = m->if_contains("role");
        if (!role || !role->is_string()) bad_request("every message needs a \"role\"");
        std::string text =
            m->contains("content") ? provider_kit::content_text(m->at("content")) : std::string();
        if (role->as_string() == "system") {
            if (!p.system.empty()) p.system += "\n\n";
            p.system += text;
        } else {
            turns.emplace_back(std::string(role->as_string()), std::move(text));
        }
    }
    if (turns.empty()) bad_request("no user message");

    const bool single = turns.size() == 1 && turns[0].first == "user";
    if (single) {
        if (system_on_stdin && !p.system.empty()) p.input = p.system + "\n\n";
        p.input += turns[0].second;
        return p;
    }
    if (system_on_stdin && !p.system.empty()) p.input = heading("system") + p.system + "\n\n";
    for (const auto& [role, text] : turns)
        p.input += heading(role) + text + "\n\n";
    return p;
}

} // namespace exec_plugin
