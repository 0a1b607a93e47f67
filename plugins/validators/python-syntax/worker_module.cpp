// evo_python_syntax_worker: the python-syntax plugin's worker, a CPython 3.11 extension module.
//
// The plugin starts the machine's python3.11 with a launcher that loads this module and calls
// serve() with a socket as stdin and stdout; serve() speaks protocol.hpp on it until the
// plugin closes it. Running inside the interpreter's own executable (not a program linking
// libpython3.11.so) gives the compiler the build python3.11 itself runs: Debian's is
// statically linked with LTO and PGO, and compiles with about 17% fewer instructions.
// Its own process means that whatever an input does to the compiler, the host survives.
#define PY_SSIZE_T_CLEAN
#include <Python.h> // first, as Python requires

#include "io_vectors.hpp"
#include "protocol.hpp"
#include "python_compiler.hpp"

#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace {

using namespace evo::python_syntax;

// The 3.11 compiler derives its guard against deep nesting from the recursion limit: with
// the interpreter's default, deep expressions are judged as python3.11 judges them.
constexpr int recursion_limit = 1000;

void limit_resources(unsigned long long memory_limit_mb) {
    // A crash must not spend time and disk writing a core the size of the memory limit.
    const rlimit no_core{0, 0};
    setrlimit(RLIMIT_CORE, &no_core);
    rlimit address_space{};
    if (memory_limit_mb == 0 || getrlimit(RLIMIT_AS, &address_space) != 0) return;
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

// 0 when the plugin closed the socket, 1 when the stream broke.
int serve_requests() {
    hello greeting = expected_hello;
    iovec greeting_part[] = {bytes_of(&greeting, sizeof greeting)};
    if (!write_all(STDOUT_FILENO, greeting_part)) return 1;
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
        if (!send_verdict(STDOUT_FILENO, compile_source(source, filename))) return 1;
    }
}

// serve(memory_limit_mb) -> exit status
PyObject* serve(PyObject*, PyObject* memory_limit) {
    const unsigned long long memory_limit_mb = PyLong_AsUnsignedLongLong(memory_limit);
    if (PyErr_Occurred()) return nullptr;
    // Named as the plugin's helper in ps and /proc, not as one more python3.11.
    prctl(PR_SET_NAME, "evo-python-syntax-worker");
    limit_resources(memory_limit_mb);
    Py_SetRecursionLimit(recursion_limit);
    return PyLong_FromLong(serve_requests());
}

PyMethodDef methods[] = {
    {"serve", serve, METH_O, "Answers the python-syntax plugin's requests on stdin/stdout."},
    {nullptr, nullptr, 0, nullptr}};

PyModuleDef module = {PyModuleDef_HEAD_INIT,
                      "evo_python_syntax_worker",
                      "The python-syntax plugin's worker.",
                      -1,
                      methods,
                      nullptr,
                      nullptr,
                      nullptr,
                      nullptr};

} // namespace

PyMODINIT_FUNC PyInit_evo_python_syntax_worker() {
    return PyModule_Create(&module);
}
