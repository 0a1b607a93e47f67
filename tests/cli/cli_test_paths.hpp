// Where the build put the binary under test and the ABI fixture plugins.
#pragma once

#include <filesystem>
#include <string>

namespace evo::test {

inline const std::filesystem::path evo_binary = EVO_BINARY;
inline const std::filesystem::path fixture_dir = EVO_FIXTURE_DIR;

// The file of fixture plugin `name`, e.g. fixture_file("fixture-good").
inline std::filesystem::path fixture_file(const std::string& name) {
    return fixture_dir / ("evo-" + name + ".so");
}

// A manifest's first line that makes the fixture plugins findable.
inline std::string fixture_plugin_path_line() {
    return "plugin_path = \"" + fixture_dir.string() + "\"\n";
}

} // namespace evo::test
