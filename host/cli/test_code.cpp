#include "test_code.hpp"

#include <filesystem>

namespace evo::cli {

bool is_test_code(std::string_view file) {
    if (file.empty()) return false; // generated code has no file
    const std::filesystem::path path{std::string(file)};
    const std::string name = path.filename().string();
    const std::string stem = path.stem().string();
    if (name == "conftest.py" || stem.starts_with("test_") || stem.ends_with("_test")) return true;
    for (const auto& part : path.parent_path())
        if (part == "tests" || part == "test") return true;
    return false;
}

} // namespace evo::cli
