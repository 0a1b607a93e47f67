// evo-python-syntax-worker: compiles Python sources for the python-syntax plugin.
//
// Started by the plugin with a socket as stdin and stdout; speaks protocol.hpp on it until
// the plugin closes it. Runs in its own process so that whatever an input does to the
// compiler, the host survives.
#include "io_vectors.hpp"
#include "protocol.hpp"
#include "python_compiler.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <exception>

namespace {

using namespace evo::python_syntax;

// AddressSanitizer reserves terabytes of address space up front; RLIMIT_AS would stop it.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool may_limit_address_space = false;
#else
constexpr bool may_limit_address_space = true;
#endif

void limit_resources(uint64_t memory_limit_mb) {
    // A crash must not spend time and disk writing a core the size of the memory limit.
    const rlimit no_core{0, 0};
    setrlimit(RLIMIT_CORE, &no_core);
    rlimit address_space{};
    if (!may_limit_address_space || memory_limit_mb == 0 ||
        getrlimit(RLIMIT_AS, &address_space) != 0)
        return;
    address_space.rlim_cur = std::min<rlim_t>(memory_limit_mb << 20, address_space.rlim_max);
    setrlimit(RLIMIT_AS, &address_space);
}

// Fills every byte of `parts`; false at the end of the input.
bool read_all(int fd, std::span<iovec> parts) {
    consume(parts, 0); // empty parts have nothing to wait for
    while (!parts.empty()) {
        const ssize_t got = readv(fd, parts.data(), static_cast<int>(parts.size()));
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) return false;
        consume(parts, static_cast<std::size_t>(got));
    }
    return true;
}

bool write_all(int fd, std::span<iovec> parts) {
    while (!parts.empty()) {
        const ssize_t written = writev(fd, parts.data(), static_cast<int>(parts.size()));
        if (written < 0 && errno == EINTR) continue;
        if (written < 0) return false;
        consume(parts, static_cast<std::size_t>(written));
    }
    return true;
}

bool send_verdict(int fd, const verdict& answer) {
    const verdict_header header{answer.kind, answer.line, answer.column,
                                static_cast<uint32_t>(answer.error_class.size()),
                                static_cast<uint32_t>(answer.message.size())};
    iovec parts[] = {bytes_of(&header, sizeof header),
                     bytes_of(answer.error_class.data(), answer.error_class.size()),
                     bytes_of(answer.message.data(), answer.message.size())};
    return write_all(fd, parts);
}

bool parse_number(const char* text, uint64_t& number) {
    const char* end = text + std::strlen(text);
    const auto [stop, error] = std::from_chars(text, end, number);
    return error == std::errc{} && stop == end;
}

int serve(python_compiler& compiler) {
    std::string filename;
    std::string source;
    for (;;) {
        request_header header{};
        iovec header_part[] = {bytes_of(&header, sizeof header)};
        if (!read_all(STDIN_FILENO, header_part)) return 0;
        filename.resize(header.filename_size);
        source.resize(header.source_size);
        iovec body[] = {bytes_of(filename.data(), filename.size()),
                        bytes_of(source.data(), source.size())};
        if (!read_all(STDIN_FILENO, body)) return 1;
        if (!send_verdict(STDOUT_FILENO, compiler.compile(source, filename))) return 1;
    }
}

} // namespace

int main(int argc, char** argv) {
    uint64_t memory_limit_mb = 0;
    if (argc != 2 || !parse_number(argv[1], memory_limit_mb)) {
        std::fprintf(stderr, "usage: %s MEMORY_LIMIT_MB (started by the python-syntax plugin)\n",
                     argv[0]);
        return 2;
    }
    limit_resources(memory_limit_mb);
    try {
        python_compiler compiler;
        hello greeting = expected_hello;
        iovec greeting_part[] = {bytes_of(&greeting, sizeof greeting)};
        if (!write_all(STDOUT_FILENO, greeting_part)) return 1;
        return serve(compiler);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "evo-python-syntax-worker: %s\n", e.what());
        return 1;
    }
}
