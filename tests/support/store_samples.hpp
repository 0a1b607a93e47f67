// Command versions for the store's tests, as evo evolve would register them.
#pragma once

#include <evo/host/command_store.hpp>

#include <string>

namespace evo::test {

inline host::command_version
sample_version(const std::string& name, const std::string& code,
               const std::string& description = "turn each line into a slug") {
    host::command_version v;
    v.name = name;
    v.language = "python";
    v.description = description;
    v.code = code;
    v.tests = "assert True\n";
    v.runner = "python3";
    v.file = "command.py";
    v.request = R"({"model":"replay","messages":[{"role":"user","content":"slug"}]})";
    v.provider = "replay";
    v.model = "recorded";
    v.manifest_sha256 = std::string(64, 'c');
    v.report = R"({"attempts":1,"findings":[]})";
    v.permissions = R"({"network":false,"memory_mb":2048})";
    return v;
}

} // namespace evo::test
