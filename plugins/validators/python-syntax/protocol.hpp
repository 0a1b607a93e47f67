// The wire format between the python-syntax plugin and evo-python-syntax-worker.
//
// Both ends come from the same build and run on the same machine, so messages are plain
// structs in native layout. The worker greets once with `hello` when Python is ready; then
// each request is a request_header, the filename and the source bytes, and each answer is a
// verdict_header followed by the exception class name and the message.
#pragma once

#include <cstdint>
#include <string>
#include <type_traits>

namespace evo::python_syntax {

struct hello {
    uint32_t magic;
    uint32_t version;
    friend bool operator==(const hello&, const hello&) = default;
};
inline constexpr hello expected_hello{0x58535950 /* "PYSX" */, 1};

struct request_header {
    uint64_t source_size;
    uint32_t filename_size;
    uint32_t reserved;
};

enum class outcome : uint32_t {
    compiled = 0,       // compile() returned a code object
    syntax_error = 1,   // SyntaxError or a subclass (IndentationError, TabError)
    null_bytes = 2,     // the ValueError compile() raises for NUL bytes
    compiler_error = 3, // any other exception: RecursionError, MemoryError, ...
};

struct verdict_header {
    outcome kind;
    int32_t line;   // SyntaxError.lineno; for NUL bytes, the first NUL's line; else 0
    int32_t column; // SyntaxError.offset; for NUL bytes, the first NUL's byte column; else 0
    uint32_t class_size;
    uint32_t message_size;
};

struct verdict {
    outcome kind = outcome::compiled;
    int32_t line = 0;
    int32_t column = 0;
    std::string error_class; // e.g. "IndentationError"
    std::string message;     // e.g. "unexpected indent"
};

// Longest class name plus message a worker may send; anything larger is a broken worker.
inline constexpr uint32_t max_verdict_text = 1 << 20;

inline bool well_formed(const verdict_header& header) {
    return header.kind <= outcome::compiler_error && header.class_size <= max_verdict_text &&
           header.message_size <= max_verdict_text;
}

static_assert(std::is_trivially_copyable_v<hello>);
static_assert(std::is_trivially_copyable_v<request_header>);
static_assert(std::is_trivially_copyable_v<verdict_header>);

} // namespace evo::python_syntax
