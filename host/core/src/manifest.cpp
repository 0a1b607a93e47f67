#include <evo/host/manifest.hpp>

#include <boost/json.hpp>
#include <toml++/toml.h>

#include <cstdlib>
#include <sstream>
#include <stdexcept>

namespace evo::host {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

class manifest_reader {
public:
    manifest_reader(fs::path file, std::optional<std::string_view> text) : file_(std::move(file)), text_(text) {}

    manifest read() {
        toml::table root = parse();
        manifest m;
        m.file = file_;
        for (auto&& [key, node] : root) {
            std::string_view k = key.str();
            if (k == "plugin_path") read_plugin_path(node, m);
            else if (k == "pipeline") read_pipeline(table(node, "[pipeline]"), m.pipeline);
            else if (k == "request") read_request(table(node, "[request]"), m.request);
            else if (k == "plugins") read_instances(table(node, "[plugins]"), m);
            else fail(key.source(), "unknown key '" + std::string(k) + "'");
        }
        check_references(m);
        return m;
    }

private:
    fs::path file_;
    // [pipeline] values that name instances, with where each was written; checked once every
    // [plugins.ID] table has been read, wherever it stands in the file.
    struct reference {
        std::string key, id;
        source_location where;
    };
    std::vector<reference> references_;
    std::optional<std::string_view> text_; // when set, parsed instead of reading file_

    source_location at(const toml::source_region& r) const {
        return {file_.string(), static_cast<unsigned>(r.begin.line), static_cast<unsigned>(r.begin.column)};
    }
    [[noreturn]] void fail(const toml::source_region& r, const std::string& message) const {
        throw config_error(at(r), message);
    }

    toml::table parse() const {
        try {
            return text_ ? toml::parse(*text_, file_.string()) : toml::parse_file(file_.string());
        } catch (const toml::parse_error& e) {
            if (!text_ && !fs::exists(file_)) throw config_error(file_.string() + ": no such manifest file");
            fail(e.source(), std::string("TOML syntax error: ") + std::string(e.description()));
        }
    }

    const toml::table& table(const toml::node& node, const std::string& what) const {
        if (!node.is_table()) fail(node.source(), what + " must be a table");
        return *node.as_table();
    }

    std::string string(const toml::node& node, const std::string& key) const {
        if (!node.is_string()) fail(node.source(), "'" + key + "' must be a string, got " + type_of(node));
        return expand(node, node.as_string()->get());
    }

    std::vector<std::string> strings(const toml::node& node, const std::string& key) const {
        if (node.is_string()) return {string(node, key)};
        if (!node.is_array()) fail(node.source(), "'" + key + "' must be a string or an array of strings, got " + type_of(node));
        std::vector<std::string> out;
        for (const auto& element : *node.as_array()) out.push_back(string(element, key));
        return out;
    }

    std::string expand(const toml::node& node, const std::string& text) const {
        try {
            return expand_environment(text);
        } catch (const std::invalid_argument& e) {
            fail(node.source(), e.what());
        }
    }

    static std::string type_of(const toml::node& node) {
        switch (node.type()) {
        case toml::node_type::string: return "string";
        case toml::node_type::integer: return "integer";
        case toml::node_type::floating_point: return "float";
        case toml::node_type::boolean: return "boolean";
        case toml::node_type::array: return "array";
        case toml::node_type::table: return "table";
        default: return "date/time";
        }
    }

    void read_plugin_path(const toml::node& node, manifest& m) const {
        for (const auto& dir : strings(node, "plugin_path")) m.plugin_path.push_back(resolve(dir));
    }

    fs::path resolve(const std::string& path) const {
        fs::path p(path);
        if (p.is_absolute()) return p;
        return (file_.parent_path() / p).lexically_normal();
    }

    std::vector<std::string> instance_ids(const toml::node& node, const std::string& key) {
        std::vector<std::string> ids = strings(node, key);
        for (std::size_t i = 0; i < ids.size(); ++i) {
            const toml::node& written = node.is_array() ? *node.as_array()->get(i) : node;
            references_.push_back({key, ids[i], at(written.source())});
        }
        return ids;
    }

    std::string single_id(const toml::node& node, const std::string& key) {
        if (!node.is_string()) fail(node.source(), "'" + key + "' must be a string, got " + type_of(node));
        return instance_ids(node, key).front();
    }

    // One cache instance, or an array of them, front first: each named once, at least one.
    std::vector<std::string> cache_layers(const toml::node& node, const std::string& key,
                                          std::vector<source_location>& where) {
        if (node.is_array() && node.as_array()->empty())
            fail(node.source(), "'" + key + "' must name at least one cache instance");
        std::vector<std::string> ids = instance_ids(node, key);
        where.clear();
        for (std::size_t i = 0; i < ids.size(); ++i)
            where.push_back(at((node.is_array() ? *node.as_array()->get(i) : node).source()));
        for (std::size_t i = 0; i < ids.size(); ++i)
            for (std::size_t earlier = 0; earlier < i; ++earlier)
                if (ids[earlier] == ids[i])
                    fail(node.as_array()->get(i)->source(), "'" + key + "' names '" + ids[i] + "' twice");
        return ids;
    }

    void read_pipeline(const toml::table& t, pipeline_config& p) {
        p.where = at(t.source());
        for (auto&& [key, node] : t) {
            std::string k(key.str());
            if (k == "provider") p.providers = instance_ids(node, k);
            else if (k == "validators") p.validators = instance_ids(node, k);
            else if (k == "cache") p.cache = cache_layers(node, k, p.cache_where);
            else if (k == "scheduler") p.scheduler = single_id(node, k);
            else if (k == "on_fail") p.on_fail = policy(node);
            else if (k == "max_repairs") p.max_repairs = static_cast<int>(integer(node, k, 0, 20));
            else if (k == "fail_on") p.fail_on = severity(node);
            else if (k == "cache_nonzero_temperature") p.cache_nonzero_temperature = boolean(node, k);
            else if (k == "allow_unvalidated")
                p.allow_unvalidated = boolean(node, k);
            else if (k == "parallel_validators")
                p.parallel_validators = boolean(node, k);
            else if (k == "select") p.selection.select = rule_entries(node, k);
            else if (k == "ignore") p.selection.ignore = rule_entries(node, k);
            else fail(key.source(), "unknown key '" + k + "' in [pipeline]");
        }
    }

    // select/ignore: an array of rule ids or prefixes, each without spaces or commas.
    std::vector<std::string> rule_entries(const toml::node& node, const std::string& key) const {
        if (!node.is_array()) fail(node.source(), "'" + key + "' must be an array of rule ids, got " + type_of(node));
        std::vector<std::string> out;
        for (const auto& element : *node.as_array()) {
            std::string entry = string(element, key);
            if (entry.empty() || entry.find_first_of(" \t\r\n,") != std::string::npos)
                fail(element.source(), "'" + key + "' entries are rule ids or prefixes (\"PY-EVAL\", \"B6\"), got \"" +
                                           entry + "\"");
            out.push_back(std::move(entry));
        }
        return out;
    }

    void read_request(const toml::table& t, request_defaults& r) const {
        for (auto&& [key, node] : t) {
            std::string k(key.str());
            if (k == "model") r.model = string(node, k);
            else if (k == "language") r.language = string(node, k);
            else if (k == "max_tokens") r.max_tokens = static_cast<int>(integer(node, k, 1, 1 << 24));
            else if (k == "temperature") r.temperature = number(node, k);
            else fail(key.source(), "unknown key '" + k + "' in [request]");
        }
    }

    on_fail_policy policy(const toml::node& node) const {
        auto parsed = parse_on_fail(string(node, "on_fail"));
        if (!parsed) fail(node.source(), "'on_fail' must be \"reject\", \"repair\" or \"warn\"");
        return *parsed;
    }

    int severity(const toml::node& node) const {
        auto parsed = parse_severity(string(node, "fail_on"));
        if (!parsed) fail(node.source(), "'fail_on' must be \"info\", \"low\", \"medium\" or \"high\"");
        return *parsed;
    }

    int64_t integer(const toml::node& node, const std::string& key, int64_t min, int64_t max) const {
        if (!node.is_integer()) fail(node.source(), "'" + key + "' must be an integer, got " + type_of(node));
        int64_t v = node.as_integer()->get();
        if (v < min || v > max)
            fail(node.source(), "'" + key + "' must be between " + std::to_string(min) + " and " + std::to_string(max));
        return v;
    }

    double number(const toml::node& node, const std::string& key) const {
        if (node.is_integer()) return static_cast<double>(node.as_integer()->get());
        if (!node.is_floating_point()) fail(node.source(), "'" + key + "' must be a number, got " + type_of(node));
        return node.as_floating_point()->get();
    }

    bool boolean(const toml::node& node, const std::string& key) const {
        if (!node.is_boolean()) fail(node.source(), "'" + key + "' must be a boolean, got " + type_of(node));
        return node.as_boolean()->get();
    }

    void read_instances(const toml::table& plugins, manifest& m) const {
        for (auto&& [key, node] : plugins) {
            instance_config inst;
            inst.id = std::string(key.str());
            inst.plugin = inst.id;
            inst.where = at(key.source());
            const toml::table& t = table(node, "[plugins." + inst.id + "]");
            for (auto&& [k, v] : t) {
                std::string name(k.str());
                if (name == "plugin") inst.plugin = string(v, name);
                else if (name == "on_fail") inst.on_fail = policy(v);
                else inst.config[name] = to_json(v, name, inst);
            }
            m.instances.push_back(std::move(inst));
        }
    }

    // Converts a TOML value to JSON, remembering where each value was written.
    json::value to_json(const toml::node& node, const std::string& path, instance_config& inst) const {
        inst.locations[path] = at(node.source());
        if (auto* s = node.as_string()) return json::string(expand(node, s->get()));
        if (auto* i = node.as_integer()) return i->get();
        if (auto* f = node.as_floating_point()) return f->get();
        if (auto* b = node.as_boolean()) return b->get();
        if (auto* a = node.as_array()) {
            json::array out;
            for (std::size_t i = 0; i < a->size(); ++i)
                out.push_back(to_json(*a->get(i), path + "/" + std::to_string(i), inst));
            return out;
        }
        if (auto* t = node.as_table()) {
            json::object out;
            for (auto&& [k, v] : *t) out[k.str()] = to_json(v, path + "/" + std::string(k.str()), inst);
            return out;
        }
        std::ostringstream text; // dates and times keep their TOML spelling
        node.visit([&](auto&& v) { text << v; });
        return json::string(text.str());
    }

    void check_references(const manifest& m) const {
        for (const auto& r : references_)
            if (!r.id.empty() && !m.find(r.id))
                throw config_error(r.where, "[pipeline] " + r.key + ": unknown plugin instance '" + r.id +
                                                "' (no [plugins." + r.id + "] table)");
    }
};

} // namespace

std::optional<on_fail_policy> parse_on_fail(std::string_view text) {
    if (text == "reject") return on_fail_policy::reject;
    if (text == "repair") return on_fail_policy::repair;
    if (text == "warn") return on_fail_policy::warn;
    return std::nullopt;
}

std::optional<int> parse_severity(std::string_view text) {
    if (text == "info") return EVO_SEVERITY_INFO;
    if (text == "low") return EVO_SEVERITY_LOW;
    if (text == "medium") return EVO_SEVERITY_MEDIUM;
    if (text == "high") return EVO_SEVERITY_HIGH;
    return std::nullopt;
}

const char* severity_name(int severity) {
    switch (severity) {
    case EVO_SEVERITY_INFO: return "info";
    case EVO_SEVERITY_LOW: return "low";
    case EVO_SEVERITY_MEDIUM: return "medium";
    case EVO_SEVERITY_HIGH: return "high";
    }
    return "unknown";
}

const char* to_string(on_fail_policy policy) {
    switch (policy) {
    case on_fail_policy::reject: return "reject";
    case on_fail_policy::repair: return "repair";
    case on_fail_policy::warn: return "warn";
    }
    return "?";
}

source_location instance_config::location_of(const std::vector<std::string>& path) const {
    std::string key;
    for (const auto& part : path) key += (key.empty() ? "" : "/") + part;
    // The deepest written ancestor: a missing key is reported at its table.
    while (!key.empty()) {
        if (auto it = locations.find(key); it != locations.end()) return it->second;
        auto slash = key.rfind('/');
        key = slash == std::string::npos ? "" : key.substr(0, slash);
    }
    return where;
}

const instance_config* manifest::find(std::string_view id) const {
    for (const auto& inst : instances)
        if (inst.id == id) return &inst;
    return nullptr;
}

manifest load_manifest(const std::filesystem::path& file) {
    return manifest_reader(std::filesystem::absolute(file).lexically_normal(), std::nullopt).read();
}

manifest parse_manifest(std::string_view text, const std::filesystem::path& file) {
    return manifest_reader(std::filesystem::absolute(file).lexically_normal(), text).read();
}

std::optional<manifest_location> find_default_manifest(const std::filesystem::path& data_dir) {
    std::vector<manifest_location> candidates{{"evo.toml", manifest_origin::working_directory}};
    if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg)
        candidates.push_back(
            {std::filesystem::path(xdg) / "evo/manifest.toml", manifest_origin::user_config});
    else if (const char* home = std::getenv("HOME"); home && *home)
        candidates.push_back({std::filesystem::path(home) / ".config/evo/manifest.toml",
                              manifest_origin::user_config});
    candidates.push_back({data_dir / "manifests/default.toml", manifest_origin::installation});
    for (const auto& c : candidates)
        if (std::filesystem::exists(c.path)) return c;
    return std::nullopt;
}

std::optional<std::filesystem::path> default_manifest_path(const std::filesystem::path& data_dir) {
    auto found = find_default_manifest(data_dir);
    return found ? std::optional(found->path) : std::nullopt;
}

} // namespace evo::host
