// Code that only looks dangerous: strings, comments, docstrings, unrelated methods and
// attributes that share a name with a dangerous function.
#include "analysis.hpp"

#include <catch2/catch.hpp>

using namespace python_security_test;

TEST_CASE("strings and comments that mention dangerous calls report nothing", "[lookalike]") {
    auto findings = without_import_blacklist(findings_in(R"py(
"""Helpers.

Never call pickle.loads(data) or eval(text) on user input, and avoid
subprocess.run(cmd, shell=True) and os.system(cmd).
"""
import os, pickle, subprocess
print("os.system('rm -rf /')")  # eval(x)
# subprocess.call(user_input, shell=True)
# exec(open("/etc/shadow").read())
HELP = 'run yaml.load(text) only with Loader=SafeLoader; never __import__("os")'
WARNING = f"do not use eval({'x'}) here"
sample = r"getattr(__builtins__, 'exec')"
def safe():
    '''Unlike marshal.loads(blob), this is safe.'''
    return "verify=False is not set here"
)py"));
    for (const auto& f : findings)
        INFO(f.rule->code << " at " << f.line << ":" << f.column);
    CHECK(findings.empty());
}

TEST_CASE("methods and attributes of unrelated objects report nothing", "[lookalike]") {
    auto findings = findings_in(R"py(
import re
model.eval()
self.eval(batch)
pattern = re.compile(r"\d+")
cursor.execute("SELECT 1 WHERE x=?", (value,))
widget.exec_()
shell.system(command)
runner.run(command, check=True)
loader.load(stream)
archive.extract(member)
doc.open()
config.pickle = True
settings.eval = False
options(eval=True, exec=1, compile=False)
class Sandbox:
    def system(self, command):
        return command
    def exec(self, code):
        return code
)py");
    for (const auto& f : findings)
        INFO(f.rule->code << " at " << f.line << ":" << f.column);
    CHECK(findings.empty());
}

TEST_CASE("importing a dangerous name is not using it", "[lookalike]") {
    CHECK(without_import_blacklist(findings_in(R"py(
from ssl import CERT_NONE, _create_unverified_context
from pickle import loads
from os import system
import builtins
)py"))
              .empty());
}
