// Imports, aliases and assignments decide what a call means.
#include "analysis.hpp"

#include <catch2/catch.hpp>

using namespace python_security_test;

TEST_CASE("module aliases resolve", "[resolution]") {
    CHECK(lines_of(R"py(
import subprocess as sp
sp.call(cmd, shell=True)
)py",
                   "PY-SUBPROCESS-SHELL") == lines{2});
    CHECK(lines_of(R"py(
import os.path
os.system(cmd)
)py",
                   "PY-SHELL-COMMAND") == lines{2});
    CHECK(lines_of(R"py(
import os.path as osp, pickle as pk
pk.loads(blob)
)py",
                   "PY-PICKLE") == lines{2});
}

TEST_CASE("imported names and their aliases resolve", "[resolution]") {
    CHECK(lines_of(R"py(
from os import system as run, getcwd
run(cmd)
getcwd()
)py",
                   "PY-SHELL-COMMAND") == lines{2});
    CHECK(lines_of(R"py(
from subprocess import (
    Popen,
    PIPE,
)
Popen(cmd, shell=True, stdout=PIPE)
)py",
                   "PY-SUBPROCESS-SHELL") == lines{5});
}

TEST_CASE("star imports bring in the dangerous names of their module only", "[resolution]") {
    CHECK(lines_of(R"py(
from subprocess import *
call("ls " + d, shell=True)
)py",
                   "PY-SUBPROCESS-SHELL") == lines{2});
    CHECK_FALSE(reports(R"py(
from mylib import *
system(cmd)
)py",
                        "PY-SHELL-COMMAND"));
}

TEST_CASE("assignments alias functions and modules", "[resolution]") {
    CHECK(lines_of(R"py(
import os
run = os.system
run(cmd)
)py",
                   "PY-SHELL-COMMAND") == lines{3});
    CHECK(lines_of(R"py(
import pickle
serializer = pickle
serializer.loads(blob)
)py",
                   "PY-PICKLE") == lines{3});
}

TEST_CASE("imports count wherever they appear in the module", "[resolution]") {
    CHECK(lines_of(R"py(
def load(blob):
    import pickle as p
    return p.loads(blob)
)py",
                   "PY-PICKLE") == lines{3});
    CHECK(lines_of(R"py(
def load(blob):
    return marshal.loads(blob)

import marshal
)py",
                   "PY-MARSHAL") == lines{2});
}

TEST_CASE("platform modules resolve to os", "[resolution]") {
    CHECK(lines_of(R"py(
import posix
posix.system(cmd)
)py",
                   "PY-SHELL-COMMAND") == lines{2});
}

TEST_CASE("relative imports never resolve to the standard library", "[resolution]") {
    auto findings = findings_in(R"py(
from . import subprocess
subprocess.call(cmd, shell=True)
)py");
    CHECK(with_rule(findings, "PY-SUBPROCESS-SHELL").empty());
    CHECK(with_rule(findings, "PY-SHELL-TRUE").size() == 1);
}

TEST_CASE("a top-level definition shadows a builtin; a method does not", "[resolution]") {
    CHECK_FALSE(reports(R"py(
def eval(expression):
    return calculator.run(expression)
eval(user_input)
)py",
                        "PY-EVAL"));
    CHECK(lines_of(R"py(
class Model:
    def eval(self):
        return self
eval(user_input)
)py",
                   "PY-EVAL") == lines{4});
}

TEST_CASE("a fallback value does not hide an imported module", "[resolution]") {
    CHECK(lines_of(R"py(
try:
    import yaml
except ImportError:
    yaml = None
yaml.load(text)
)py",
                   "PY-YAML-LOAD") == lines{5});
}

TEST_CASE("call results are tracked through assignments, with and chains", "[resolution]") {
    CHECK(lines_of(R"py(
import tarfile
with tarfile.open(path) as archive, open(log) as out:
    archive.extractall(target)
bundle = tarfile.open(other)
bundle.extractall(target)
tarfile.open(third).extractall(target)
)py",
                   "PY-TAR-EXTRACT") == lines{3, 5, 6});
}

TEST_CASE("calls spanning lines are reported where the call starts", "[resolution]") {
    auto findings = with_rule(findings_in(R"py(
import subprocess
result = (subprocess
    .run(
        cmd,
        shell=True,
    ))
)py"),
                              "PY-SUBPROCESS-SHELL");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].line == 2);
    CHECK(findings[0].column == 11);
}

TEST_CASE("dynamic lookups resolve to the function they reach", "[resolution]") {
    CHECK(lines_of(R"py(
__import__('os').system(cmd)
getattr(__import__("os"), "system")(cmd)
sys.modules["os"].system(cmd)
importlib.import_module("os").popen(cmd)
)py",
                   "PY-SHELL-COMMAND") == lines{1, 2, 3, 4});
    CHECK(lines_of(R"py(
import importlib
importlib.import_module("pickle").loads(blob)
)py",
                   "PY-PICKLE") == lines{2});
}

TEST_CASE("calls inside f-string fields are analysed", "[resolution]") {
    auto findings = with_rule(findings_in(R"py(
import os
message = f"result: {eval(expression)!r:>{width}} and {os.system(cmd)}"
)py"),
                              "PY-EVAL");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].line == 2);
    CHECK(findings[0].column == 22);
    CHECK(lines_of(R"py(
import os
message = f"""
{os.system(cmd)}"""
)py",
                   "PY-SHELL-COMMAND") == lines{3});
}

TEST_CASE("a local named like a module hides it only in its own function", "[resolution]") {
    auto code = R"py(
import subprocess, pickle
def a(cmd):
    subprocess.call(cmd, shell=True)
    subprocess = cmd.strip()
    subprocess.call(cmd, shell=True)
    pickle = 3
    pickle.loads(blob)
def b(cmd):
    subprocess.call(cmd, shell=True)
    pickle.loads(blob)
)py";
    CHECK(lines_of(code, "PY-SUBPROCESS-SHELL") == lines{3, 9});
    CHECK(lines_of(code, "PY-PICKLE") == lines{10});
}

TEST_CASE("parameters, class bodies and globals follow Python's scopes", "[resolution]") {
    CHECK(lines_of(R"py(
import subprocess
def run(subprocess, cmd):
    subprocess.call(cmd, shell=True)
class Tool:
    subprocess = make_runner()
    def go(self, cmd):
        subprocess.call(cmd, shell=True)
    subprocess.call(cmd, shell=True)
subprocess.call(cmd, shell=True)
)py",
                   "PY-SUBPROCESS-SHELL") == lines{7, 9});
    CHECK(lines_of(R"py(
import pickle
def setup():
    global pickle
    pickle = make_codec()
def load(blob):
    return pickle.loads(blob)
)py",
                   "PY-PICKLE")
              .empty());
}

TEST_CASE("nested functions see the rebinding of the function around them", "[resolution]") {
    CHECK(lines_of(R"py(
import subprocess
def outer(cmd):
    subprocess = make_runner()
    def inner():
        subprocess.call(cmd, shell=True)
    return inner
async def other(cmd):
    if cmd:
        subprocess.call(cmd, shell=True)
    else:
        subprocess = None; subprocess.call(cmd, shell=True)
[subprocess for subprocess in runners]
subprocess.call(cmd, shell=True)
)py",
                   "PY-SUBPROCESS-SHELL") == lines{9, 13});
}

TEST_CASE("a module-level rebinding hides the module from there on", "[resolution]") {
    CHECK(lines_of(R"py(
import subprocess
subprocess.call(cmd, shell=True)
subprocess = make_runner()
subprocess.call(cmd, shell=True)
)py",
                   "PY-SUBPROCESS-SHELL") == lines{2});
}

// Any `.extractall` in a module importing tarfile is reported; a receiver known to be a
// tarfile object is reported with high confidence, an unknown one with medium.
std::vector<std::uint32_t> known_tar_lines(std::string_view code) {
    std::vector<std::uint32_t> known;
    for (const auto& f : with_rule(findings_in(code), "PY-TAR-EXTRACT"))
        if (f.confidence == EVO_SEVERITY_HIGH) known.push_back(f.line);
    return known;
}

TEST_CASE("context managers and pass-through calls keep an object's type", "[resolution]") {
    CHECK(known_tar_lines(R"py(
import tarfile, contextlib
def unpack(p, d):
    with contextlib.ExitStack() as stack:
        tf = stack.enter_context(tarfile.open(p))
        tf.extractall(d)
    with contextlib.closing(tarfile.open(p)) as closed:
        closed.extractall(d)
    t = tarfile.open(p); t.extractall()
    with tarfile.open(p) as tf2:
        tf2.extractall(d)
def other(tf, d):
    tf.extractall(d)
)py") == lines{5, 7, 8, 10});
    CHECK(known_tar_lines(R"py(
import tarfile
tf = tarfile.open(p)
tf = Unpacker(p)
tf.extractall(d)
with stack.enter_context(tarfile.open(p), extra) as weird:
    weird.extractall(d)
)py")
              .empty());
}
