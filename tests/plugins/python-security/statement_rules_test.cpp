// assert (B101) and exception handlers for every error that only pass or continue (B110,
// B112).
#include "analysis.hpp"

#include <catch2/catch.hpp>

using namespace python_security_test;

TEST_CASE("assert statements, not names that contain assert", "[statements]") {
    auto code = R"py(
assert user.is_admin, "admins only"
def check(value):
    assert value > 0
self.assertEqual(a, b)
assertion = "assert x"
)py";
    CHECK(lines_of(code, "PY-ASSERT") == lines{1, 3});
    CHECK(with_rule(findings_in(code), "PY-ASSERT")[0].severity == EVO_SEVERITY_LOW);
}

TEST_CASE("handlers for every error whose whole body is pass", "[statements]") {
    CHECK(lines_of(R"py(
try:
    risky()
except:
    pass
try:
    risky()
except Exception as error:
    pass
else:
    done()
try: risky()
except Exception: pass
try:
    risky()
except ValueError:
    pass
try:
    risky()
except Exception:
    pass
    log(error)
try:
    risky()
except:
    log.exception("failed")
try:
    risky()
except (OSError, Exception):
    pass
def last():
    try:
        risky()
    except:
        pass
)py",
                   "PY-EXCEPT-PASS") == lines{3, 7, 12, 33});
}

TEST_CASE("handlers for every error whose whole body is continue", "[statements]") {
    CHECK(lines_of(R"py(
for item in items:
    try:
        handle(item)
    except Exception:
        continue
    try:
        handle(item)
    except KeyError:
        continue
    try:
        handle(item)
    except Exception:
        log(item)
        continue
    print(f"{item} done")
)py",
                   "PY-EXCEPT-CONTINUE") == lines{4});
}

TEST_CASE("a handler at the end of a module with f-strings above it", "[statements]") {
    CHECK(lines_of(R"py(
print(f"{name} {value!r}")
try:
    risky()
except:
    pass)py",
                   "PY-EXCEPT-PASS") == lines{4});
}
