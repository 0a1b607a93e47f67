#include "sandbox_runtime.hpp"

#include <evo/host/call.hpp>
#include <evo/host/manifest.hpp>

#include <catch2/catch.hpp>

namespace evo_sandbox_test {

const evo::host::finding_record& outcome::only() const {
    REQUIRE(findings.size() == 1);
    return findings.front();
}

sandbox_runtime::sandbox_runtime(const std::string& config) {
    const auto manifest =
        dir_.write("evo.toml", "plugin_path = \"" EVO_SANDBOX_PLUGIN_DIR "\"\n"
                               "[pipeline]\nvalidators = [\"tests\", \"syntax\"]\n"
                               "[plugins.tests]\nplugin = \"sandbox\"\n" +
                                   config + "\n[plugins.syntax]\nplugin = \"shell-syntax\"\n");
    runtime_ = std::make_unique<evo::host::runtime>(evo::host::load_manifest(manifest),
                                                    evo::host::locate_installation());
}

outcome sandbox_runtime::validate(std::string_view language, std::string_view code,
                                  std::string_view tests) {
    outcome o;
    evo::host::call_scope call;
    o.verdict = runtime_->validate("tests", call.raw(), code, language, "", o.findings, tests);
    return o;
}

} // namespace evo_sandbox_test
