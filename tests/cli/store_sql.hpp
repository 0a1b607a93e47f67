// SQL on a command store with SQLite itself, as a program other than evo would: to check a
// store after evo was killed, or to change it behind evo's back.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace evo::test::store_sql {

// Runs `sql`; SQLite's error message, empty when it succeeded.
std::string exec(const std::filesystem::path& file, const std::string& sql);

// The rows of a query, each column as text ("" for NULL); throws std::runtime_error on error.
std::vector<std::vector<std::string>> query(const std::filesystem::path& file,
                                            const std::string& sql);

} // namespace evo::test::store_sql
