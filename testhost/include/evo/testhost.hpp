// evo::testhost -- a small fake host for a plugin's own tests, installed with evo.
//
// It loads a built plugin (evo-NAME.so) through the C ABI as evo does -- dlopen,
// evo_plugin_entry, the ABI major, the name the file promises, the kind -- creates an instance
// from a JSON configuration and calls the kind's functions. It is not the loader's judge:
// `evo plugins inspect FILE` applies every check a manifest would (required functions, schema,
// language and rule tables), and a project from `evo plugins new` runs it as a test beside
// this host's.
//
// Host services given to the plugin: log writes "[testhost] LEVEL: message" to stderr; the
// pipeline cache is absent (EVO_ERR_UNSUPPORTED); http refuses (EVO_ERR_FORBIDDEN); run_process
// and sandbox_command are unavailable; complete finds no provider (EVO_ERR_NOT_FOUND).
//
//     int main(int argc, char** argv) {
//         return evo::testhost::run_tests(argc, argv, EVO_KIND_VALIDATOR,
//                                         [](const evo::testhost::plugin& p, evo::testhost::checks&
//                                         check) {
//             evo::testhost::instance v(p, R"({"marker": "TODO"})");
//             check(v.validate("x = 1  # TODO\n", "python").size() == 1, "the marker is found");
//         });
//     }
//
// Every failure (a refused plugin, a failing create, a call returning a status other than the
// one the method documents) throws evo::testhost::error with the status and the plugin's
// last_error().
#pragma once

#include <evo/error.hpp>
#include <evo/plugin.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace evo::testhost {

using evo::error; // what every failure throws: the status and the plugin's last_error()

// A plugin library, loaded and checked; unloaded when destroyed (after its instances).
class plugin {
  public:
    // Loads `file` (named evo-NAME.so) and checks it declares NAME, ABI major
    // EVO_ABI_VERSION_MAJOR, at most this header's minor, kind `kind` and every function that
    // kind requires.
    plugin(const std::string& file, evo_kind kind);
    ~plugin();
    plugin(const plugin&) = delete;
    plugin& operator=(const plugin&) = delete;

    const evo_plugin_descriptor& descriptor() const noexcept { return *descriptor_; }

  private:
    void* library_ = nullptr;
    const evo_plugin_descriptor* descriptor_ = nullptr;
};

struct finding {
    std::string rule_id;
    int severity = 0;
    int confidence = 0;
    uint32_t line = 0, column = 0;
    std::string message, fix_hint, external_id;
};

// One instance of the plugin, created from a JSON object (the manifest table as evo passes it:
// the plugin's schema is not applied here).
class instance {
  public:
    explicit instance(const plugin& p, const std::string& config_json = "{}");
    ~instance();
    instance(const instance&) = delete;
    instance& operator=(const instance&) = delete;

    // validator: every finding for one source; throws unless the status is EVO_OK.
    std::vector<finding> validate(std::string_view text, std::string_view language,
                                  std::string_view path = {});
    // provider: the text streamed for one normalized request
    // ({"messages":[{"role":"user","content":"..."}]}); throws unless EVO_OK.
    std::string complete(std::string_view request_json);
    // cache: the value, or nullopt on EVO_ERR_NOT_FOUND.
    std::optional<std::string> get(std::string_view key);
    void put(std::string_view key, std::string_view value, uint32_t ttl_seconds = 0);
    // false on EVO_ERR_NOT_FOUND.
    bool erase(std::string_view key);
    // scheduler: runs a batch of `count` tasks, each `task(index)`, and returns the status each
    // reported through on_complete (EVO_ERR_INTERNAL for a task never reported); throws unless
    // run() returned EVO_OK or a task was reported twice.
    std::vector<evo_status> run_batch(
        uint64_t count, std::function<evo_status(uint64_t)> task = [](uint64_t) { return EVO_OK; });

  private:
    [[noreturn]] void fail(const char* what, evo_status status) const;

    const plugin& plugin_;
    evo_instance* instance_ = nullptr;
};

// A plugin test's checks: each failing one is printed ("FAIL: what") and counted.
class checks {
  public:
    void operator()(bool ok, std::string_view what);
    int failures() const noexcept { return failures_; }

  private:
    int failures_ = 0;
};

// The main of a plugin test run as `TEST PLUGIN_FILE`: loads the file as a `kind` plugin and
// runs `tests`. Exit 0 when every check passed, 1 when one failed or an error escaped (printed),
// 2 on a bad command line.
int run_tests(int argc, char** argv, evo_kind kind,
              const std::function<void(const plugin&, checks&)>& tests);

} // namespace evo::testhost
