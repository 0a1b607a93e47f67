// read_regular_file: what evo validate reads its inputs with. It must never wait on a file.
#include <evo/host/regular_file.hpp>

#include "scratch_dir.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>

using evo::host::file_read;
using evo::host::read_regular_file;

TEST_CASE("a regular file is read whole", "[unit][regular_file]") {
    evo::test::scratch_dir dir;
    std::string text(200000, 'x');
    auto file = dir.write("big.py", text);
    std::string out;
    CHECK(read_regular_file(file, out).outcome == file_read::result::ok);
    CHECK(out == text);
}

TEST_CASE("a FIFO is refused without waiting for a writer", "[unit][regular_file]") {
    // What read_regular_file sees when a regular file was swapped for a FIFO after discovery.
    evo::test::scratch_dir dir;
    auto fifo = dir.path() / "x.py";
    REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
    std::string out;
    auto read = read_regular_file(fifo, out);
    CHECK(read.outcome == file_read::result::not_regular);
    CHECK(read.reason == "a FIFO (named pipe), not a regular file");
}

TEST_CASE("a file that cannot be opened fails with the system's reason", "[unit][regular_file]") {
    evo::test::scratch_dir dir;
    std::string out;
    auto read = read_regular_file(dir.path() / "absent.py", out);
    CHECK(read.outcome == file_read::result::failed);
    CHECK(read.reason == "No such file or directory");
}
