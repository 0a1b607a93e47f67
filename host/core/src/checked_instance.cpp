#include <evo/host/checked_instance.hpp>

#include <evo/host/sha256.hpp>

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

namespace evo::host {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

json::array strings(const std::vector<std::string>& list) {
    json::array out;
    for (const auto& s : list)
        out.emplace_back(s);
    return out;
}

std::vector<std::string> strings_from(const json::value& v) {
    std::vector<std::string> out;
    for (const auto& s : v.as_array())
        out.emplace_back(s.as_string());
    return out;
}

json::object language_json(const declared_language& l) {
    json::object o{{"name", l.name},
                   {"aliases", strings(l.aliases)},
                   {"extensions", strings(l.extensions)},
                   {"interpreters", strings(l.interpreters)}};
    if (l.command)
        o["command"] = json::object{{"language", l.command->language},
                                    {"file", l.command->file},
                                    {"test_file", l.command->test_file},
                                    {"runner", l.command->runner},
                                    {"test_instructions", l.command->test_instructions}};
    return o;
}

declared_language language_from(const json::object& o) {
    declared_language l{std::string(o.at("name").as_string()), strings_from(o.at("aliases")),
                        strings_from(o.at("extensions")), strings_from(o.at("interpreters"))};
    if (const auto* c = o.if_contains("command")) {
        const auto& co = c->as_object();
        auto text = [&](const char* key) { return std::string(co.at(key).as_string()); };
        l.command = command_language{text("language"), text("file"), text("test_file"),
                                     text("runner"), text("test_instructions")};
    }
    return l;
}

} // namespace

plugin_facts facts_of(const loaded_plugin& plugin) {
    const evo_plugin_descriptor& d = plugin.descriptor;
    plugin_facts f;
    f.file = plugin.file;
    f.name = plugin.name();
    f.version = d.version ? d.version : "";
    f.abi = plugin.abi();
    f.kind = d.kind;
    f.flags = d.flags;
    if (d.config_schema) f.config_schema = d.config_schema;
    f.languages = plugin.languages;
    if (d.kind == EVO_KIND_VALIDATOR) {
        f.identity = plugin.api.validator.identity != nullptr;
        f.identity_files = plugin.api.validator.identity_files != nullptr;
    }
    return f;
}

bool same_facts(const plugin_facts& a, const plugin_facts& b) {
    return checked_instance_text({a, {}}) == checked_instance_text({b, {}});
}

fs::path config_base(const instance_config& inst) {
    return inst.where.file.empty() ? fs::current_path() : fs::path(inst.where.file).parent_path();
}

std::string checked_instance_key(const fs::path& plugin_file, const instance_config& inst) {
    const file_stamp s = stamp_of(plugin_file.string());
    // "checked instance" keeps these keys apart from the identity() entries in the same file.
    json::object material{
        {"checked instance", 1},
        {"plugin", json::array{s.path, s.exists, s.size, s.mtime_ns, s.inode, s.device}},
        {"name", inst.plugin},
        {"config", json::serialize(inst.config)},
        {"base", config_base(inst).string()}};
    return sha256_hex(json::serialize(material));
}

std::string checked_instance_text(const checked_instance& checked) {
    const plugin_facts& f = checked.facts;
    json::array languages;
    for (const auto& l : f.languages)
        languages.push_back(language_json(l));
    json::object facts{{"file", f.file.string()},
                       {"name", f.name},
                       {"version", f.version},
                       {"abi", f.abi},
                       {"kind", f.kind},
                       {"flags", f.flags},
                       {"languages", languages},
                       {"identity", f.identity},
                       {"identity_files", f.identity_files}};
    if (f.config_schema) facts["config_schema"] = *f.config_schema;
    return json::serialize(json::object{{"facts", facts}, {"config", checked.config}});
}

std::optional<checked_instance> checked_instance_from(const std::string& text) {
    try {
        const json::value doc = json::parse(text);
        const auto& o = doc.at("facts").as_object();
        checked_instance c;
        plugin_facts& f = c.facts;
        f.file = std::string(o.at("file").as_string());
        f.name = o.at("name").as_string();
        f.version = o.at("version").as_string();
        f.abi = o.at("abi").as_string();
        f.kind = o.at("kind").to_number<int32_t>();
        f.flags = o.at("flags").to_number<uint32_t>();
        for (const auto& l : o.at("languages").as_array())
            f.languages.push_back(language_from(l.as_object()));
        f.identity = o.at("identity").as_bool();
        f.identity_files = o.at("identity_files").as_bool();
        if (const auto* schema = o.if_contains("config_schema"))
            f.config_schema = std::string(schema->as_string());
        c.config = doc.at("config").as_object();
        return c;
    } catch (const std::exception& e) { // written by another evo, or by hand: check it again
        spdlog::debug("identity memo: an unreadable checked instance ({})", e.what());
        return std::nullopt;
    }
}

std::optional<checked_instance> find_checked_instance(identity_memo& memo, const std::string& key) {
    auto text = memo.find(key);
    if (!text) return std::nullopt;
    return checked_instance_from(*text);
}

void remember_checked_instance(identity_memo& memo, const std::string& key,
                               const checked_instance& checked) {
    memo.remember(key, checked_instance_text(checked), {stamp_of(checked.facts.file.string())});
}

} // namespace evo::host
