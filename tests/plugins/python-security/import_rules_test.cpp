// bandit's import blacklist (B4xx): the module's import is reported once, at bandit's level.
#include "analysis.hpp"

#include <catch2/catch.hpp>

using namespace python_security_test;

TEST_CASE("imports of blacklisted modules, in every import form", "[imports][blacklist]") {
    auto code = R"py(
import subprocess
import os, telnetlib as tn
from xml.etree import ElementTree
from xml.dom.minidom import parseString
from xml import sax
from Crypto.Cipher import AES
import xmlrpc.client
mod = __import__('ftplib')
from . import subprocess
import subprocess32
from xml.etree import *
import Cryptodome.Cipher
)py";
    CHECK(lines_of(code, "PY-IMPORT-SUBPROCESS") == lines{1});
    CHECK(lines_of(code, "PY-IMPORT-TELNETLIB") == lines{2});
    CHECK(lines_of(code, "PY-IMPORT-XML-ETREE") == lines{3});
    CHECK(lines_of(code, "PY-IMPORT-XML-MINIDOM") == lines{4});
    CHECK(lines_of(code, "PY-IMPORT-XML-SAX") == lines{5});
    CHECK(lines_of(code, "PY-IMPORT-PYCRYPTO") == lines{6});
    CHECK(lines_of(code, "PY-IMPORT-XMLRPC") == lines{7});
    CHECK(lines_of(code, "PY-IMPORT-FTPLIB") == lines{8});
}

TEST_CASE("import blacklist findings carry bandit's levels", "[imports][blacklist]") {
    auto findings = findings_in(R"py(
import pickle
import telnetlib
)py");
    REQUIRE(findings.size() == 2);
    CHECK(findings[0].rule->external_id == "B403");
    CHECK(findings[0].severity == EVO_SEVERITY_LOW);
    CHECK(findings[1].rule->external_id == "B401");
    CHECK(findings[1].severity == EVO_SEVERITY_HIGH);
    CHECK(findings[1].confidence == EVO_SEVERITY_HIGH);
}

TEST_CASE("one import finding per statement, for modules as they are spelled",
          "[imports][blacklist]") {
    auto code = R"py(
from pickle import dump, load, loads
import os, subprocess, shelve
from _pickle import PickleError
import xmlrpclib
)py";
    CHECK(lines_of(code, "PY-IMPORT-PICKLE") == lines{1});
    CHECK(lines_of(code, "PY-IMPORT-SUBPROCESS") == lines{2});
    CHECK(lines_of(code, "PY-IMPORT-XMLRPC") == lines{4});
}
