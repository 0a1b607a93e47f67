// The dynamic forms: __import__, importlib, getattr, builtins, __builtins__, ctypes.
#include "analysis.hpp"

#include <catch2/catch.hpp>

using namespace python_security_test;

TEST_CASE("getattr over __import__ reports both lookups", "[dynamic]") {
    auto findings = findings_in(R"py(
run = getattr(__import__('os'), 'system')
)py");
    auto imported = with_rule(findings, "PY-DYNAMIC-IMPORT");
    auto looked_up = with_rule(findings, "PY-DYNAMIC-GETATTR");
    REQUIRE(imported.size() == 1);
    REQUIRE(looked_up.size() == 1);
    CHECK(imported[0].column == 15);
    CHECK(imported[0].severity == EVO_SEVERITY_HIGH);
    CHECK(looked_up[0].column == 7);
    CHECK(looked_up[0].message.find("os.system") != std::string::npos);
}

TEST_CASE("__import__ and import_module: dangerous or computed modules", "[dynamic]") {
    auto code = R"py(
import importlib
from importlib import import_module as load
__import__(name)
__import__("json")
__import__("os.path")
importlib.import_module(f"plugins.{name}")
importlib.import_module("subprocess")
load("pty")
load("collections")
)py";
    CHECK(lines_of(code, "PY-DYNAMIC-IMPORT") == lines{3, 5, 6, 7, 8});
    auto findings = with_rule(findings_in(code), "PY-DYNAMIC-IMPORT");
    CHECK(findings[0].severity == EVO_SEVERITY_MEDIUM);
    CHECK(findings[1].severity == EVO_SEVERITY_HIGH);
}

TEST_CASE("getattr on a dangerous module", "[dynamic]") {
    auto code = R"py(
import os, builtins, subprocess
getattr(os, "system")(cmd)
getattr(os, attribute_name)
getattr(builtins, "eval")
getattr(__builtins__, "exec")
getattr(subprocess, "Popen")
getattr(os, "sep")
getattr(self, "system")
getattr(settings, name)
)py";
    CHECK(lines_of(code, "PY-DYNAMIC-GETATTR") == lines{2, 3, 4, 5, 6});
    auto findings = with_rule(findings_in(code), "PY-DYNAMIC-GETATTR");
    CHECK(findings[1].severity == EVO_SEVERITY_MEDIUM);
    CHECK(lines_of(code, "PY-SHELL-COMMAND") == lines{2});
}

TEST_CASE("builtins reached through the builtins module", "[dynamic]") {
    auto code = R"py(
import builtins
builtins.exec(code)
evaluate = builtins.eval
builtins.print("hello")
builtins.__dict__["compile"](source, "x", "exec")
)py";
    CHECK(lines_of(code, "PY-BUILTINS-INDIRECT") == lines{2, 3, 5});
    // A builtin called through the module is the builtin itself; naming it is no call.
    CHECK(lines_of(code, "PY-EXEC") == lines{2});
    CHECK(lines_of(code, "PY-EVAL").empty());
}

TEST_CASE("builtins reached through namespace mappings are the builtins", "[dynamic]") {
    auto code = R"py(
import sys, builtins
globals()['__builtins__']['eval'](x)
vars(builtins).get('exec')(code)
sys.modules['builtins'].__dict__['eval'](x)
globals()['eval'](x)
builtins.__dict__.get('__import__')('os')
__builtins__.get('eval')(x)
locals()["__builtins__"].get("exec")(code)
sys.modules.get('builtins').eval(x)
)py";
    CHECK(lines_of(code, "PY-EVAL") == lines{2, 4, 5, 7, 9});
    CHECK(lines_of(code, "PY-EXEC") == lines{3, 8});
    CHECK(lines_of(code, "PY-DYNAMIC-IMPORT") == lines{6});
    CHECK(lines_of(code, "PY-BUILTINS-INDIRECT") == lines{2, 3, 4, 5, 6, 7, 8, 9});
}

TEST_CASE("namespace lookups that do not reach a dangerous builtin", "[dynamic]") {
    auto code = R"py(
import builtins
def evaluate(x):
    return x
globals()['evaluate'](x)
globals().get('handler')(x)
vars(builtins)['print'](x)
config.get('eval')(x)
settings['eval'](x)
vars(options).get('exec')
globals()[name](x)
)py";
    CHECK(lines_of(code, "PY-EVAL").empty());
    CHECK(lines_of(code, "PY-EXEC").empty());
    CHECK(lines_of(code, "PY-BUILTINS-INDIRECT").empty());
}

TEST_CASE("__builtins__ lookups", "[dynamic]") {
    auto findings = with_rule(findings_in(R"py(
__builtins__["eval"](expression)
__builtins__.__dict__["exec"](code)
table = __builtins__.__dict__
opener = __builtins__["open"]
scope = {"__builtins__": None}
)py"),
                              "PY-BUILTINS-INDIRECT");
    REQUIRE(findings.size() == 4);
    CHECK(findings[0].severity == EVO_SEVERITY_HIGH);
    CHECK(findings[1].severity == EVO_SEVERITY_HIGH);
    CHECK(findings[2].severity == EVO_SEVERITY_MEDIUM);
    CHECK(findings[3].severity == EVO_SEVERITY_MEDIUM);
}

TEST_CASE("ctypes loading libc or the process itself", "[dynamic]") {
    auto code = R"py(
import ctypes, ctypes.util
from ctypes import CDLL, cdll
libc = CDLL(None)
libc = cdll.LoadLibrary("libc.so.6")
libc = ctypes.CDLL(ctypes.util.find_library("c"))
lib = ctypes.CDLL("./libfast.so")
lib = ctypes.PyDLL(path)
value = ctypes.c_char_p(b"x")
ctypes.util.find_library("ssl")
)py";
    auto findings = with_rule(findings_in(code), "PY-CTYPES-LIBC");
    REQUIRE(findings.size() == 5);
    CHECK(findings[0].line == 3);
    CHECK(findings[1].line == 4);
    CHECK(findings[2].line == 5);
    CHECK(findings[2].column == 20);
    CHECK(findings[2].severity == EVO_SEVERITY_HIGH);
    CHECK(findings[3].severity == EVO_SEVERITY_MEDIUM);
    CHECK(findings[4].line == 7);
}

TEST_CASE("star-imported ctypes resolves", "[dynamic]") {
    CHECK(lines_of(R"py(
from ctypes import *
CDLL("libc.so.6").system(b"id")
)py",
                   "PY-CTYPES-LIBC") == lines{2});
}
