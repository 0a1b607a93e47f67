#include "plugin_scaffold.hpp"

#include "templates.hpp"

#include <evo/host/atomic_file.hpp>
#include <evo/host/error.hpp>

#include <boost/json.hpp>

#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <vector>

namespace evo::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char* kinds[] = {"provider", "validator", "cache", "scheduler"};
constexpr std::size_t longest_name = 64;

void check_request(const scaffold_request& r) {
    if (std::find_if(std::begin(kinds), std::end(kinds),
                     [&](const char* k) { return r.kind == k; }) == std::end(kinds))
        throw host::config_error("evo plugins new: unknown plugin kind '" + r.kind +
                                 "' (one of provider, validator, cache, scheduler)");
    const bool well_formed =
        !r.name.empty() && r.name.size() <= longest_name && r.name.front() >= 'a' &&
        r.name.front() <= 'z' && r.name.back() != '-' &&
        std::all_of(r.name.begin(), r.name.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
        });
    if (!well_formed)
        throw host::config_error(
            "evo plugins new: plugin name '" + r.name +
            "' must be lowercase letters, digits and '-', start with a letter, not end "
            "with '-', at most " +
            std::to_string(longest_name) +
            " characters (it becomes evo-NAME.so and a manifest table)");
}

template_values values_for(const scaffold_request& r) {
    std::string ident = r.name, upper = r.kind;
    std::replace(ident.begin(), ident.end(), '-', '_');
    std::transform(upper.begin(), upper.end(), upper.begin(), [](char c) { return c - 'a' + 'A'; });
    return {{"NAME", r.name},
            {"IDENT", ident},
            {"KIND", r.kind},
            {"KIND_UPPER", upper},
            {"EVO_VERSION", EVO_VERSION}};
}

struct project_file {
    std::string name; // in the project
    std::string text;
};

// A template's name in the project: without ".in" (templates are not the project's own files
// to tools that scan share/), and a dot for the hidden ones git reads ("gitignore").
std::string project_name(const fs::path& template_file) {
    std::string name = template_file.filename().string();
    if (name.ends_with(".in")) name.resize(name.size() - 3);
    return name == "gitignore" ? ".gitignore" : name;
}

std::vector<project_file> project_files(const scaffold_request& r,
                                        const host::installation& install) {
    const fs::path root = install.data_dir / "plugin-templates";
    const template_values values = values_for(r);
    std::vector<project_file> files;
    for (const fs::path& dir : {root / "common", root / r.kind}) {
        std::error_code ec;
        std::vector<fs::path> templates;
        for (const auto& entry : fs::directory_iterator(dir, ec))
            if (entry.is_regular_file()) templates.push_back(entry.path());
        if (ec || templates.empty())
            throw host::runtime_error("evo plugins new: no templates in " + dir.string() +
                                      (ec ? ": " + ec.message() : std::string()));
        std::sort(templates.begin(), templates.end());
        for (const auto& t : templates)
            files.push_back({project_name(t), filled_template(t, values)});
    }
    return files;
}

[[noreturn]] void already_there(const fs::path& dir) {
    throw host::config_error(dir.string() + " already exists and is not an empty directory");
}

// A directory beside `dir` for the files until they are complete, removed when not renamed.
class staging_dir {
  public:
    explicit staging_dir(const fs::path& dir) {
        std::string pattern =
            (dir.parent_path() / ("." + dir.filename().string() + ".new-XXXXXX")).string();
        if (!::mkdtemp(pattern.data()))
            throw host::runtime_error("cannot create a directory beside " + dir.string() + ": " +
                                      std::strerror(errno));
        path_ = pattern;
        const mode_t mask = ::umask(0);
        ::umask(mask);
        ::chmod(path_.c_str(),
                0777 & ~mask); // mkdtemp's is 0700; a project directory is not private
    }
    ~staging_dir() {
        std::error_code ignored;
        if (!path_.empty()) fs::remove_all(path_, ignored);
    }
    staging_dir(const staging_dir&) = delete;
    staging_dir& operator=(const staging_dir&) = delete;

    const fs::path& path() const noexcept { return path_; }
    // Renames it to `dir`, which must not exist (RENAME_NOREPLACE: one created meanwhile is
    // left alone).
    void publish(const fs::path& dir) {
        if (::renameat2(AT_FDCWD, path_.c_str(), AT_FDCWD, dir.c_str(), RENAME_NOREPLACE) != 0) {
            const int error = errno;
            if (error == EEXIST) already_there(dir);
            throw host::runtime_error("cannot write " + dir.string() + ": " + std::strerror(error));
        }
        path_.clear();
    }
    // Moves each file into `dir`, an existing empty directory (the current one, say, which a
    // rename would replace under the user's shell).
    void publish_into(const fs::path& dir, const std::vector<project_file>& files) {
        std::vector<fs::path> moved;
        for (const auto& f : files) {
            const fs::path to = dir / f.name;
            if (::renameat2(AT_FDCWD, (path_ / f.name).c_str(), AT_FDCWD, to.c_str(),
                            RENAME_NOREPLACE) != 0) {
                const int error = errno;
                std::error_code ignored;
                for (const auto& m : moved)
                    fs::remove(m, ignored);
                if (error == EEXIST) already_there(dir);
                throw host::runtime_error("cannot write " + to.string() + ": " +
                                          std::strerror(error));
            }
            moved.push_back(to);
        }
    }

  private:
    fs::path path_;
};

void print_result(const scaffold_request& r, const fs::path& dir,
                  const std::vector<project_file>& files) {
    if (r.as_json) {
        boost::json::array names;
        for (const auto& f : files)
            names.emplace_back(f.name);
        std::cout << boost::json::serialize(boost::json::object{{"dir", dir.string()},
                                                                {"kind", r.kind},
                                                                {"name", r.name},
                                                                {"files", std::move(names)}})
                  << '\n';
        return;
    }
    std::cout << "wrote " << dir.string() << ": the " << r.kind << " plugin " << r.name << " (";
    for (std::size_t i = 0; i < files.size(); ++i)
        std::cout << (i ? ", " : "") << files[i].name;
    std::cout << ")\nnext: cd " << dir.string()
              << " && cmake -B build && cmake --build build && ctest --test-dir build\n";
}

} // namespace

int write_plugin_project(const scaffold_request& r, const host::installation& install) {
    check_request(r);
    fs::path dir = fs::absolute(r.dir.empty() ? fs::path(r.name) : r.dir).lexically_normal();
    if (!dir.has_filename()) dir = dir.parent_path(); // "my-check/", "."
    std::error_code ec;
    const bool exists = fs::exists(fs::symlink_status(dir, ec));
    if (exists && !(fs::is_directory(dir, ec) && fs::is_empty(dir, ec))) already_there(dir);
    const auto files = project_files(r, install); // every template read before anything is written
    if (!dir.parent_path().empty() && !fs::create_directories(dir.parent_path(), ec) && ec)
        throw host::runtime_error("cannot create " + dir.parent_path().string() + ": " +
                                  ec.message());
    staging_dir staging(dir);
    for (const auto& f : files)
        if (const int error = host::write_file_atomically(staging.path() / f.name, f.text, 0644))
            throw host::runtime_error("cannot write " + (dir / f.name).string() + ": " +
                                      std::strerror(error));
    if (exists)
        staging.publish_into(dir, files);
    else
        staging.publish(dir);
    print_result(r, dir, files);
    return 0;
}

} // namespace evo::cli
