// Which entries of a directory git ignores (.gitignore files, .git/info/exclude, the
// user's core.excludesFile), by git's own rules: one `git check-ignore --stdin` process per
// work tree, asked one directory at a time so that an ignored directory is never descended.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace evo::host {

class git_ignore {
  public:
    git_ignore();
    ~git_ignore();
    git_ignore(const git_ignore&) = delete;
    git_ignore& operator=(const git_ignore&) = delete;

    // For each of `names` (entries of the directory `dir`), whether git ignores it. Outside a
    // work tree, or when git cannot answer, nothing is ignored (and warnings() says why).
    std::vector<bool> ignored(const std::filesystem::path& dir,
                              const std::vector<std::string>& names);

    // What the user should hear once: git missing, a check-ignore that failed.
    const std::vector<std::string>& warnings() const { return warnings_; }

  private:
    class checker;
    checker* checker_for(const std::filesystem::path& work_tree);

    std::map<std::filesystem::path, std::unique_ptr<checker>> checkers_; // by work tree
    std::map<std::filesystem::path, std::filesystem::path> work_trees_;  // by directory ("" none)
    std::vector<std::string> warnings_;
    bool git_missing_ = false;
};

} // namespace evo::host
