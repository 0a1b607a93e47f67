// Claims respect the arguments: a call that only looks like a risky one (a Unix socket, a
// parse-only compile, a file opened for writing, a comparison with CERT_NONE, a safe YAML
// loader, tempfile's own use of /tmp) is not reported.
#include "analysis.hpp"

#include <catch2/catch.hpp>

using namespace python_security_test;

TEST_CASE("connections over AF_UNIX sockets stay on this machine", "[claims]") {
    CHECK(lines_of(R"py(
import socket
def local(path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
def remote(address):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.connect(address)
def literal():
    s = socket.socket()
    s.connect("/run/app.sock")
    socket.socket(family=socket.AF_UNIX).connect(path)
    socket.socket().connect(address)
)py",
                   "PY-SOCKET-CONNECT") == lines{7, 12});
}

TEST_CASE("compile with PyCF_ONLY_AST only parses", "[claims]") {
    CHECK(lines_of(R"py(
import ast
compile(source, filename, "exec", ast.PyCF_ONLY_AST)
compile(source, filename, "exec", flags=ast.PyCF_ONLY_AST | ast.PyCF_TYPE_COMMENTS)
compile(source, filename, "exec", flags=0)
compile(source, filename, "exec")
)py",
                   "PY-COMPILE") == lines{4, 5});
}

TEST_CASE("writing a secret file does not read it", "[claims]") {
    CHECK(lines_of(R"py(
import os
from pathlib import Path
netrc_path = os.path.expanduser("~/.netrc")
open("~/.netrc", "w")
open("~/.netrc", mode="a")
open("~/.netrc", "xb")
Path("~/.netrc").open("w")
os.open("/etc/shadow", os.O_WRONLY | os.O_CREAT)
open("~/.netrc")
open("~/.netrc", "r+")
open("~/.netrc", "a+")
Path("~/.netrc").open()
os.open("/etc/shadow", os.O_RDONLY)
)py",
                   "PY-SECRET-READ") == lines{9, 10, 11, 12, 13});
}

TEST_CASE("comparing verify_mode with CERT_NONE is not a setting", "[claims]") {
    CHECK(lines_of(R"py(
import ssl
if ctx.verify_mode == ssl.CERT_NONE: pass
if ctx.verify_mode != ssl.CERT_NONE: pass
if ssl.CERT_NONE is ctx.verify_mode: pass
if ctx.verify_mode is not ssl.CERT_NONE: pass
ctx.verify_mode = ssl.CERT_NONE
wrap(sock, cert_reqs=ssl.CERT_NONE)
)py",
                   "PY-SSL-UNVERIFIED") == lines{6, 7});
}

TEST_CASE("yaml.load with a safe loader defined in the file", "[claims]") {
    CHECK(lines_of(R"py(
import yaml
from yaml.constructor import SafeConstructor
from yaml.reader import Reader
class Strict(yaml.SafeLoader):
    pass
class Stricter(Strict):
    pass
class Assembled(Reader, Scanner, Parser, Composer, SafeConstructor, Resolver):
    pass
class Loose(yaml.Loader):
    pass
class Mixed(Reader, Scanner, Parser, Composer, yaml.constructor.Constructor, Resolver):
    pass
yaml.load(text, Loader=Strict)
yaml.load(text, Loader=Stricter)
yaml.load(text, Assembled)
yaml.load(text, Loader=yaml.CSafeLoader)
yaml.load(text, Loader=Loose)
yaml.load(text, Loader=Mixed)
yaml.load(text, Loader=yaml.Loader)
)py",
                   "PY-YAML-LOAD") == lines{18, 19, 20});
}

TEST_CASE("tempfile given /tmp as its directory is the safe use of /tmp", "[claims]") {
    CHECK(lines_of(R"py(
import tempfile
tempfile.mkdtemp(dir='/tmp')
tempfile.mkstemp(suffix=".txt", dir="/tmp/")
tempfile.TemporaryDirectory(dir='/var/tmp')
tempfile.mkdtemp(dir='/tmp/app')
tempfile.mkdtemp(prefix='/tmp')
open('/tmp/out.txt', 'w')
)py",
                   "PY-TEMP-PATH") == lines{5, 6, 7});
}
