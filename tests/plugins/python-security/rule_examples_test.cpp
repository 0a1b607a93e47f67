// One positive and one negative example for every rule of the catalog.
#include "analysis.hpp"

#include "rules.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

using namespace python_security_test;

namespace {

constexpr std::string_view imports =
    "import os, subprocess, pickle, marshal, yaml, torch, tempfile, requests, ssl, tarfile\n"
    "import hashlib, importlib, ctypes, socket, shutil, re\n";

struct example {
    std::string_view rule;
    std::string_view reported;
    std::string_view not_reported;
    std::uint32_t line = 3; // where it is reported: an except clause follows its try
};

// clang-format off
constexpr example examples[] = {
    {"PY-EXEC",               "exec(code)",                                   "executor.exec(code)"},
    {"PY-EVAL",               "eval(expression)",                             "model.eval()"},
    {"PY-SUBPROCESS-SHELL",   "subprocess.run(cmd, shell=True)",              "subprocess.run(cmd, shell=False)"},
    {"PY-SHELL-TRUE",         "launcher.start(cmd, shell=True)",              "launcher.start(cmd, shell=False)"},
    {"PY-SHELL-COMMAND",      "os.system(cmd)",                               "terminal.system(cmd)"},
    {"PY-SUBPROCESS",         "subprocess.run(['/bin/ls', path])",            "subprocess.list2cmdline(args)"},
    {"PY-PARTIAL-PATH",       "subprocess.run(['git', 'status'])",            "subprocess.run(['/usr/bin/git', 'status'])"},
    {"PY-PROCESS-NO-SHELL",   "os.execv('/bin/ls', ['ls'])",                  "os.getpid()"},
    {"PY-PICKLE",             "pickle.loads(blob)",                           "pickle.dumps(value)"},
    {"PY-MARSHAL",            "marshal.loads(blob)",                          "marshal.dumps(value)"},
    {"PY-YAML-LOAD",          "yaml.load(text)",                              "yaml.load(text, Loader=yaml.SafeLoader)"},
    {"PY-TORCH-LOAD",         "torch.load(path)",                             "torch.load(path, weights_only=True)"},
    {"PY-PASSWORD-STRING",    "password = 'hunter2'",                         "password = os.environ['DB_PASSWORD']"},
    {"PY-PASSWORD-ARG",       "connect(host, password='hunter2')",            "connect(host, password=vault.read('db'))"},
    {"PY-PASSWORD-DEFAULT",   "def connect(user, password='Adm1n-2024'):\n    pass", "def connect(user, password=None):\n    pass"},
    {"PY-TEMP-PATH",          "log = open('/tmp/app.log', 'w')",              "log = open(os.path.join(tempfile.mkdtemp(), 'app.log'), 'w')"},
    {"PY-MKTEMP",             "name = tempfile.mktemp()",                     "handle, name = tempfile.mkstemp()"},
    {"PY-TLS-VERIFY-OFF",     "requests.get(url, verify=False, timeout=5)",   "requests.get(url, verify=True, timeout=5)"},
    {"PY-SSL-UNVERIFIED",     "context = ssl._create_unverified_context()",   "context = ssl.create_default_context()"},
    {"PY-REQUEST-NO-TIMEOUT", "requests.get(url)",                            "requests.get(url, timeout=10)"},
    {"PY-TAR-EXTRACT",        "tarfile.open(path).extractall(target)",        "tarfile.open(path).extractall(target, filter='data')"},
    {"PY-SQL-STRING",         "cursor.execute(\"SELECT * FROM users WHERE name = '%s'\" % name)",
                              "cursor.execute('SELECT * FROM users WHERE name = %s', (name,))"},
    {"PY-BIND-ALL",           "server.bind(('0.0.0.0', 8080))",               "server.bind(('127.0.0.1', 8080))"},
    {"PY-WEAK-HASH",          "digest = hashlib.md5(data)",                   "digest = hashlib.md5(data, usedforsecurity=False)"},
    {"PY-CHMOD-PERMISSIVE",   "os.chmod(path, 0o777)",                        "os.chmod(path, 0o600)"},
    {"PY-DYNAMIC-IMPORT",     "importlib.import_module(plugin_name)",         "importlib.import_module('json')"},
    {"PY-DYNAMIC-GETATTR",    "run = getattr(os, 'system')",                  "separator = getattr(os, 'sep')"},
    {"PY-BUILTINS-INDIRECT",  "evaluate = __builtins__['eval']",              "import builtins\nbuiltins.print('x')"},
    {"PY-COMPILE",            "code = compile(source, '<string>', 'exec')",   "pattern = re.compile(source)"},
    {"PY-CTYPES-LIBC",        "libc = ctypes.CDLL('libc.so.6')",              "value = ctypes.c_int(5)"},
    {"PY-RAW-SOCKET",         "s = socket.socket(socket.AF_INET, socket.SOCK_RAW)",
                              "s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)"},
    {"PY-SOCKET-CONNECT",     "socket.create_connection(('attacker.example', 4444))",
                              "socket.create_connection(('localhost', 8080))"},
    {"PY-DESTRUCTIVE-FS",     "shutil.rmtree('/')",                           "shutil.rmtree('build')"},
    {"PY-SECRET-READ",        "data = open('/etc/shadow').read()",            "data = open('/etc/hostname').read()"},
    {"PY-INSECURE-HASH",      "from Crypto.Hash import MD5; h = MD5.new(data)", "from Crypto.Hash import SHA256; h = SHA256.new(data)"},
    {"PY-WEAK-CIPHER",        "from Crypto.Cipher import DES; c = DES.new(key)", "from Crypto.Cipher import AES; c = AES.new(key, AES.MODE_GCM)"},
    {"PY-CIPHER-ECB",         "from cryptography.hazmat.primitives.ciphers import modes; m = modes.ECB()",
                              "from cryptography.hazmat.primitives.ciphers import modes; m = modes.GCM(iv)"},
    {"PY-MARK-SAFE",          "from django.utils.safestring import mark_safe; h = mark_safe(bio)", "h = mark_safe(bio)"},
    {"PY-URL-OPEN",           "import urllib.request; page = urllib.request.urlopen(url)",
                              "import urllib.request; page = urllib.request.urlopen('https://example.com')"},
    {"PY-RANDOM",             "import random; token = random.random()",       "import secrets; token = secrets.token_hex()"},
    {"PY-TELNET",             "import telnetlib; t = telnetlib.Telnet(host)", "import paramiko; c = paramiko.SSHClient()"},
    {"PY-XML-CELEMENTTREE",   "import xml.etree.cElementTree as ET; t = ET.parse(path)", "import defusedxml.cElementTree as ET; t = ET.parse(path)"},
    {"PY-XML-ELEMENTTREE",    "import xml.etree.ElementTree as ET; t = ET.fromstring(reply)", "import defusedxml.ElementTree as ET; t = ET.fromstring(reply)"},
    {"PY-XML-EXPATREADER",    "import xml.sax.expatreader; p = xml.sax.expatreader.create_parser()", "p = expatreader.create_parser()"},
    {"PY-XML-EXPATBUILDER",   "import xml.dom.expatbuilder; d = xml.dom.expatbuilder.parse(path)", "d = expatbuilder.parse(path)"},
    {"PY-XML-SAX",            "import xml.sax; xml.sax.parse(path, handler)", "import defusedxml.sax; defusedxml.sax.parse(path, handler)"},
    {"PY-XML-MINIDOM",        "from xml.dom import minidom; d = minidom.parseString(reply)", "from defusedxml import minidom; d = minidom.parseString(reply)"},
    {"PY-XML-PULLDOM",        "from xml.dom import pulldom; d = pulldom.parse(path)", "from defusedxml import pulldom; d = pulldom.parse(path)"},
    {"PY-FTP",                "import ftplib; f = ftplib.FTP(host)",          "import ftplib; f = ftplib.FTP_TLS(host)"},
    {"PY-IMPORT-TELNETLIB",   "import telnetlib",                             "import paramiko"},
    {"PY-IMPORT-FTPLIB",      "from ftplib import FTP",                       "import paramiko"},
    {"PY-IMPORT-PICKLE",      "import dill",                                  "import json"},
    {"PY-IMPORT-SUBPROCESS",  "from subprocess import run",                   "import subprocess32_shim"},
    {"PY-IMPORT-XML-ETREE",   "import xml.etree.ElementTree as ET",           "import defusedxml.ElementTree as ET"},
    {"PY-IMPORT-XML-SAX",     "from xml import sax",                          "from defusedxml import sax"},
    {"PY-IMPORT-XML-EXPAT",   "from xml.dom import expatbuilder",             "from defusedxml import expatbuilder"},
    {"PY-IMPORT-XML-MINIDOM", "from xml.dom.minidom import parseString",      "from defusedxml.minidom import parseString"},
    {"PY-IMPORT-XML-PULLDOM", "import xml.dom.pulldom",                       "import defusedxml.pulldom"},
    {"PY-IMPORT-XMLRPC",      "import xmlrpc.client",                         "import defusedxml.xmlrpc"},
    {"PY-IMPORT-HTTPOXY",     "from wsgiref.handlers import CGIHandler",      "from wsgiref.handlers import SimpleHandler"},
    {"PY-IMPORT-PYCRYPTO",    "from Crypto.Cipher import AES",                "from Cryptodome.Cipher import AES"},
    {"PY-IMPORT-PYGHMI",      "import pyghmi.ipmi.command",                   "import pygments"},
    {"PY-SSL-BAD-VERSION",    "ssl.wrap_socket(sock, ssl_version=ssl.PROTOCOL_TLSv1)",
                              "ssl.wrap_socket(sock, ssl_version=ssl.PROTOCOL_TLS_CLIENT)"},
    {"PY-SSL-BAD-DEFAULT",    "def connect(version=ssl.PROTOCOL_SSLv3):\n    pass",
                              "def connect(version=ssl.PROTOCOL_TLS_CLIENT):\n    pass"},
    {"PY-SSL-NO-VERSION",     "wrapped = ssl.wrap_socket(sock)",              "wrapped = context.wrap_socket(sock)"},
    {"PY-WEAK-KEY",           "from Crypto.PublicKey import RSA; key = RSA.generate(1024)",
                              "from Crypto.PublicKey import RSA; key = RSA.generate(3072)"},
    {"PY-SSH-NO-HOST-KEY",    "import paramiko; c.set_missing_host_key_policy(paramiko.AutoAddPolicy())",
                              "import paramiko; c.set_missing_host_key_policy(paramiko.RejectPolicy())"},
    {"PY-SNMP-VERSION",       "from pysnmp.hlapi import CommunityData; d = CommunityData('public', mpModel=0)",
                              "from pysnmp.hlapi import CommunityData; d = CommunityData('public', mpModel=2)"},
    {"PY-SNMP-NO-CRYPTO",     "from pysnmp.hlapi import UsmUserData; u = UsmUserData('user')",
                              "from pysnmp.hlapi import UsmUserData; u = UsmUserData('user', auth, priv)"},
    {"PY-PARAMIKO-EXEC",      "import paramiko; out = paramiko.SSHClient().exec_command(cmd)", "out = runner.exec_command(cmd)"},
    {"PY-WILDCARD-INJECTION", "os.system('tar czf backup.tgz *')",            "os.system('tar czf backup.tgz data')"},
    {"PY-DJANGO-EXTRA",       "import django; q = User.objects.extra(where=[clause])",
                              "import django; q = User.objects.extra(where=['active = 1'])"},
    {"PY-DJANGO-RAWSQL",      "from django.db.models import RawSQL; e = RawSQL(query, ())",
                              "from django.db.models import RawSQL; e = RawSQL('SELECT 1', ())"},
    {"PY-LOGGING-LISTEN",     "import logging.config; t = logging.config.listen(9999)",
                              "import logging.config; t = logging.config.listen(9999, verify=check)"},
    {"PY-TROJAN-SOURCE",      "name = 'admin\xE2\x80\xAE'",                   "name = 'admin\xE2\x80\x94'"},
    {"PY-HF-UNPINNED",        "from transformers import AutoModel; m = AutoModel.from_pretrained('org/m')",
                              "from transformers import AutoModel; m = AutoModel.from_pretrained('org/m', revision='0123abcd')"},
    {"PY-FLASK-DEBUG",        "import flask; flask.Flask(__name__).run(debug=True)",
                              "import flask; flask.Flask(__name__).run(debug=False)"},
    {"PY-JINJA2-AUTOESCAPE",  "import jinja2; env = jinja2.Environment(loader=loader)",
                              "import jinja2; env = jinja2.Environment(loader=loader, autoescape=True)"},
    {"PY-MAKO-TEMPLATE",      "from mako.template import Template; t = Template(text)", "import string; t = string.Template(text)"},
    {"PY-DJANGO-XSS",         "from django.utils.safestring import mark_safe; h = mark_safe(bio)",
                              "from django.utils.safestring import mark_safe; h = mark_safe('<br>')"},
    {"PY-MARKUP-XSS",         "from markupsafe import Markup; h = Markup(bio)", "from markupsafe import Markup; h = Markup('<br>')"},
    {"PY-ASSERT",             "assert user.is_admin",                         "self.assertTrue(user.is_admin)"},
    {"PY-EXCEPT-PASS",        "try: risky()\nexcept: pass",                   "try: risky()\nexcept KeyError: pass", 4},
    {"PY-EXCEPT-CONTINUE",    "for x in xs:\n    try: risky(x)\n    except Exception: continue",
                              "for x in xs:\n    try: risky(x)\n    except KeyError: continue", 5},
};
// clang-format on

std::string with_imports(std::string_view body) {
    return std::string(imports) + std::string(body);
}

} // namespace

TEST_CASE("every rule of the catalog has an example", "[catalog]") {
    std::set<std::string_view> with_example;
    for (const auto& e : examples)
        with_example.insert(e.rule);
    for (const auto& info : pysec::rule_catalog) {
        INFO(info.code);
        CHECK(with_example.count(info.code) == 1);
    }
}

// The shared imports name subprocess and pickle, which bandit's import blacklist reports at
// low severity, once per statement; the examples start on line 3 and are judged from there on.
TEST_CASE("the shared imports alone report only bandit's import blacklist", "[catalog]") {
    auto findings = pysec::analyze(imports);
    CHECK(findings.size() == 1);
    for (const auto& f : findings) {
        CHECK(f.rule->code.starts_with("PY-IMPORT-"));
        CHECK(f.severity == EVO_SEVERITY_LOW);
    }
}

std::vector<pysec::finding> reported_from_line_3(std::string_view body, std::string_view rule) {
    auto found = with_rule(pysec::analyze(with_imports(body)), rule);
    found.erase(std::remove_if(found.begin(), found.end(),
                               [](const pysec::finding& f) { return f.line < 3; }),
                found.end());
    return found;
}

TEST_CASE("each rule reports its positive example and not its negative one", "[catalog]") {
    for (const auto& e : examples) {
        INFO(e.rule << "\n+ " << e.reported << "\n- " << e.not_reported);
        auto reported = reported_from_line_3(e.reported, e.rule);
        REQUIRE(reported.size() == 1);
        CHECK(reported[0].line == e.line);
        CHECK(reported_from_line_3(e.not_reported, e.rule).empty());
    }
}

TEST_CASE("rule ids are unique and map to their bandit ids", "[catalog]") {
    std::set<std::string_view> codes, bandit_ids;
    for (const auto& info : pysec::rule_catalog) {
        CHECK(info.code.starts_with("PY-"));
        CHECK(codes.insert(info.code).second);
        if (!info.external_id.empty()) CHECK(bandit_ids.insert(info.external_id).second);
        CHECK(pysec::find_rule(info.code) == &info);
        CHECK_FALSE(info.summary.empty());
        CHECK_FALSE(info.fix_hint.empty());
    }
    CHECK(pysec::find_rule("B602")->code == "PY-SUBPROCESS-SHELL");
    CHECK(pysec::find_rule("PY-NOPE") == nullptr);
    CHECK(pysec::find_rule("") == nullptr);
}

TEST_CASE("every finding carries its rule's metadata and a message", "[catalog]") {
    auto findings = without_import_blacklist(findings_in(R"py(
import subprocess
subprocess.run("ls " + d, shell=True)
)py"));
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].rule->external_id == "B602");
    CHECK(findings[0].severity == EVO_SEVERITY_HIGH);
    CHECK(findings[0].confidence == EVO_SEVERITY_HIGH);
    CHECK(findings[0].line == 2);
    CHECK(findings[0].column == 1);
    CHECK(findings[0].message.find("subprocess.run") != std::string::npos);
}

// bandit's tests as of its current release: every one has a rule, except those bandit has
// removed (docs/bandit-coverage.md).
TEST_CASE("every bandit test has a rule, and removed ones none", "[catalog]") {
    constexpr std::string_view covered[] = {
        "B101", "B102", "B103", "B104", "B105", "B106", "B107", "B108", "B110", "B112", "B113",
        "B201", "B202", "B301", "B302", "B303", "B304", "B305", "B306", "B307", "B308", "B310",
        "B311", "B312", "B313", "B314", "B315", "B316", "B317", "B318", "B319", "B321", "B323",
        "B324", "B401", "B402", "B403", "B404", "B405", "B406", "B407", "B408", "B409", "B411",
        "B412", "B413", "B415", "B501", "B502", "B503", "B504", "B505", "B506", "B507", "B508",
        "B509", "B601", "B602", "B603", "B604", "B605", "B606", "B607", "B608", "B609", "B610",
        "B611", "B612", "B613", "B614", "B615", "B701", "B702", "B703", "B704"};
    constexpr std::string_view removed[] = {"B109", "B111", "B309", "B320",
                                            "B322", "B325", "B410", "B414"};
    for (std::string_view id : covered) {
        INFO(id);
        CHECK(pysec::find_rule(id) != nullptr);
    }
    for (std::string_view id : removed) {
        INFO(id);
        CHECK(pysec::find_rule(id) == nullptr);
    }
}
