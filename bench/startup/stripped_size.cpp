#include "stripped_size.hpp"

#include <evo/bench/python_runtime.hpp>

#include <evo/bench/process.hpp>

#include <cerrno>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <system_error>

#include <stdlib.h>
#include <unistd.h>

namespace evo::startup_bench {
namespace {

// A fresh temporary file, removed with this object.
class temporary_file {
  public:
    temporary_file() {
        const std::filesystem::path dir = std::filesystem::temp_directory_path();
        path_ = (dir / "evo-stripped.XXXXXX").string();
        const int fd = mkstemp(path_.data());
        if (fd < 0)
            throw std::system_error(errno, std::generic_category(),
                                    "cannot create a file in " + dir.string());
        close(fd);
    }
    ~temporary_file() { std::remove(path_.c_str()); }
    temporary_file(const temporary_file&) = delete;
    temporary_file& operator=(const temporary_file&) = delete;
    const std::string& path() const { return path_; }

  private:
    std::string path_;
};

} // namespace

std::uintmax_t stripped_size(const std::filesystem::path& binary) {
    const std::filesystem::path strip = evo::bench::find_on_path("strip").value_or("");
    if (strip.empty()) throw std::runtime_error("strip is not in PATH (Debian: binutils)");
    temporary_file copy;
    const auto result = evo::bench::run_process({strip.string(), "-o", copy.path(), binary.string()},
                                           evo::bench::output_mode::capture);
    if (result.exit_code != 0) throw std::runtime_error(bench::describe_failure("strip", result));
    return std::filesystem::file_size(copy.path());
}

} // namespace evo::startup_bench
