#define PY_SSIZE_T_CLEAN
#include <Python.h> // first, as Python requires

#include "python_compiler.hpp"

#include <algorithm>
#include <limits>
#include <memory>

namespace evo::python_syntax {
namespace {

struct py_decref {
    void operator()(PyObject* object) const noexcept { Py_XDECREF(object); }
};
using py_ref = std::unique_ptr<PyObject, py_decref>;

// str(object), or "" when even that fails (e.g. out of memory).
std::string text_of(PyObject* object) {
    py_ref text(object ? PyObject_Str(object) : nullptr);
    Py_ssize_t size = 0;
    const char* data = text ? PyUnicode_AsUTF8AndSize(text.get(), &size) : nullptr;
    if (!data) {
        PyErr_Clear();
        return {};
    }
    return {data, static_cast<std::size_t>(size)};
}

int32_t int_attribute(PyObject* object, const char* name) {
    py_ref value(PyObject_GetAttrString(object, name));
    long number = value && PyLong_Check(value.get()) ? PyLong_AsLong(value.get()) : 0;
    PyErr_Clear();
    return static_cast<int32_t>(std::clamp<long>(number, std::numeric_limits<int32_t>::min(),
                                                 std::numeric_limits<int32_t>::max()));
}

// Takes the raised exception out of the interpreter, leaving it ready for the next source.
verdict verdict_of_raised_exception() {
    PyObject* type = nullptr;
    PyObject* value = nullptr;
    PyObject* traceback = nullptr;
    PyErr_Fetch(&type, &value, &traceback);
    PyErr_NormalizeException(&type, &value, &traceback);
    py_ref owned_type(type), owned_value(value), owned_traceback(traceback);

    verdict result;
    result.kind = outcome::compiler_error;
    result.error_class = type ? reinterpret_cast<PyTypeObject*>(type)->tp_name : "SystemError";
    if (value && PyErr_GivenExceptionMatches(type, PyExc_SyntaxError)) {
        result.kind = outcome::syntax_error;
        py_ref message(PyObject_GetAttrString(value, "msg"));
        result.message = text_of(message.get());
        result.line = int_attribute(value, "lineno");
        result.column = int_attribute(value, "offset");
    } else {
        result.message = text_of(value);
    }
    PyErr_Clear();
    return result;
}

verdict null_bytes_verdict(const std::string& source, std::size_t first_nul) {
    const auto before = source.begin() + static_cast<std::ptrdiff_t>(first_nul);
    const std::size_t line_start = source.rfind('\n', first_nul);
    verdict result;
    result.kind = outcome::null_bytes;
    result.line = static_cast<int32_t>(1 + std::count(source.begin(), before, '\n'));
    result.column = static_cast<int32_t>(line_start == std::string::npos ? first_nul + 1
                                                                         : first_nul - line_start);
    result.error_class = "ValueError";
    result.message = "source code string cannot contain null bytes";
    return result;
}

} // namespace

verdict compile_source(const std::string& source, const std::string& filename) {
    // compile() refuses NUL bytes before parsing; the C entry point would stop at the first.
    if (std::size_t nul = source.find('\0'); nul != std::string::npos)
        return null_bytes_verdict(source, nul);
    // The flags compile() passes for bytes: coding cookies and BOMs are honoured.
    PyCompilerFlags flags = _PyCompilerFlags_INIT;
    flags.cf_flags = PyCF_SOURCE_IS_UTF8;
    py_ref code(Py_CompileStringExFlags(source.c_str(), filename.c_str(), Py_file_input, &flags,
                                        /*optimize=*/-1));
    return code ? verdict{} : verdict_of_raised_exception();
}

} // namespace evo::python_syntax
