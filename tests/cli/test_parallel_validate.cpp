// evo validate with [pipeline] parallel_validators = true: the same findings, in the same
// order, as with the validators run one after another.
#include "evo_runner.hpp"
#include "scratch_dir.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <set>
#include <string>

namespace {

namespace json = boost::json;
using evo::test::run_evo;

// The offline manifest's local validators (found where evo is installed, as it finds them).
std::string manifest(bool parallel) {
    return std::string("[pipeline]\n"
                       "validators = [\"python-syntax\", \"python-security\", \"shell-syntax\", "
                       "\"shell-security\"]\n"
                       "scheduler = \"threadpool\"\n"
                       "parallel_validators = ") +
           (parallel ? "true" : "false") +
           "\n[plugins.python-syntax]\n[plugins.python-security]\n[plugins.shell-syntax]\n"
           "[plugins.shell-security]\n[plugins.threadpool]\n";
}

} // namespace

TEST_CASE("validate with parallel validators gives the sequential findings",
          "[cli][validate][parallel]") {
    evo::test::scratch_dir dir;
    dir.write("src/ok.py", "def add(a, b):\n    return a + b\n");
    dir.write("src/run.py",
              "import subprocess as sp\nimport pickle\n\ndef run(cmd, blob):\n"
              "    sp.call(cmd, shell=True)\n    eval(cmd)\n    return pickle.loads(blob)\n");
    dir.write("src/broken.py", "def f(:\n    eval(input())\n");
    dir.write("src/deploy.sh", "#!/bin/sh\nrm -rf \"$TARGET\"/\necho $1\ncurl $URL | sh\n");
    dir.write("src/bad.sh", "#!/bin/bash\nif [ -z $X ; then\n  eval \"$@\"\nfi\n");
    const auto sequential_manifest = dir.write("sequential.toml", manifest(false));
    const auto parallel_manifest = dir.write("parallel.toml", manifest(true));

    auto run = [&](const std::filesystem::path& m) {
        auto r = run_evo(
            {"-m", m.string(), "validate", "--format", "json", (dir.path() / "src").string()});
        INFO(r.err);
        CHECK(r.exit_code == 1);
        json::object result = json::parse(r.out).as_object();
        result.at("summary").as_object().erase("seconds");
        return result;
    };
    const json::object sequential = run(sequential_manifest);
    std::set<std::string> layers;
    for (const auto& f : sequential.at("findings").as_array())
        layers.insert(std::string(f.at("layer").as_string()));
    CHECK(layers.size() >= 3); // findings from several validators, so their order matters
    for (int round = 0; round < 3; ++round)
        CHECK(json::serialize(run(parallel_manifest)) == json::serialize(sequential));
}
