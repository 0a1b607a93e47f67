// evo_store_driver NAME COUNT: adds COUNT versions of NAME to the command store at its default
// path ($XDG_DATA_HOME/evo/commands.db), one transaction each, as evo evolve registers one.
// The durability test kills it at any instant.
#include <evo/host/command_store.hpp>

#include "sqlite_api.hpp"
#include "store_samples.hpp"

#include <cstdio>
#include <string>

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: evo_store_driver NAME COUNT\n");
        return 2;
    }
    try {
        evo::host::use_sqlite_module(EVO_STORE_MODULE);
        evo::host::command_store store(evo::host::command_store::default_path());
        const int count = std::stoi(argv[2]);
        for (int i = 0; i < count; ++i)
            store.add_version(
                evo::test::sample_version(argv[1], "print(" + std::to_string(i) + ")\n"));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "evo_store_driver: %s\n", e.what());
        return 3;
    }
    return 0;
}
