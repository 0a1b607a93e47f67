// bandit's call blacklist (B3xx): weak hashes and ciphers, mark_safe, urlopen, random,
// telnet and FTP, and the XML parsers open to entity expansion.
#include "analysis.hpp"

#include <catch2/catch.hpp>

using namespace python_security_test;

TEST_CASE("weak hashes, ciphers and modes of pycrypto and cryptography", "[crypto][blacklist]") {
    auto code = R"py(
from Crypto.Hash import MD5, SHA256
from Crypto.Cipher import ARC4, AES, DES
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
MD5.new(data)
hashes.SHA1()
ARC4.new(key)
DES.new(key, DES.MODE_CBC)
Cipher(algorithms.TripleDES(key), modes.ECB())
SHA256.new(data)
hashes.SHA256()
AES.new(key, AES.MODE_GCM)
Cipher(algorithms.AES(key), modes.GCM(iv))
)py";
    CHECK(lines_of(code, "PY-INSECURE-HASH") == lines{5, 6});
    CHECK(lines_of(code, "PY-WEAK-CIPHER") == lines{7, 8, 9});
    CHECK(lines_of(code, "PY-CIPHER-ECB") == lines{9});
    CHECK(with_rule(findings_in(code), "PY-WEAK-CIPHER")[0].severity == EVO_SEVERITY_HIGH);
}

TEST_CASE("the random module, not a local of the same name", "[blacklist]") {
    auto code = R"py(
import random, secrets
password = ''.join(random.choice(alphabet) for _ in range(16))
token = random.getrandbits(128)
rng = random.SystemRandom()
password = ''.join(rng.choice(alphabet) for _ in range(16))
password = ''.join(secrets.choice(alphabet) for _ in range(16))
def shuffle(deck, choice):
    return choice(deck)
)py";
    CHECK(lines_of(code, "PY-RANDOM") == lines{2, 3});
    CHECK(with_rule(findings_in(code), "PY-RANDOM")[0].severity == EVO_SEVERITY_LOW);
}

TEST_CASE("urlopen of a URL the code does not spell out", "[network][blacklist]") {
    CHECK(lines_of(R"py(
import urllib.request
from urllib.request import urlretrieve
page = urllib.request.urlopen(url)
urlretrieve(source, target)
page = urllib.request.urlopen("https://example.com/feed")
request = urllib.request.Request(url)
)py",
                   "PY-URL-OPEN") == lines{3, 4});
}

TEST_CASE("urlopen behind a Python 2 fallback import", "[network][blacklist]") {
    CHECK(lines_of(R"py(
try:
    from urllib.request import urlopen
except ImportError:
    from urllib2 import urlopen
urlopen(url, timeout=2).read()
)py",
                   "PY-URL-OPEN") == lines{5});
}

TEST_CASE("clear-text protocols: telnet and FTP", "[network][blacklist]") {
    auto code = R"py(
import telnetlib, ftplib
session = telnetlib.Telnet(host)
ftp = ftplib.FTP(host)
ftps = ftplib.FTP_TLS(host)
)py";
    CHECK(lines_of(code, "PY-TELNET") == lines{2});
    CHECK(lines_of(code, "PY-FTP") == lines{3});
}

TEST_CASE("XML parsers open to entity expansion, not their defusedxml twins", "[blacklist]") {
    auto code = R"py(
import xml.etree.ElementTree as ET
import xml.etree.cElementTree as cET
from xml.dom import minidom, pulldom, expatbuilder
import xml.sax
from xml.sax import expatreader
from defusedxml.ElementTree import fromstring
tree = ET.fromstring(reply)
tree = cET.parse(path)
document = minidom.parseString(reply)
events = pulldom.parse(path)
document = expatbuilder.parse(path)
xml.sax.parseString(reply, handler)
parser = expatreader.create_parser()
tree = fromstring(reply)
element = ET.Element("root")
text = ET.tostring(element)
)py";
    CHECK(lines_of(code, "PY-XML-ELEMENTTREE") == lines{7});
    CHECK(lines_of(code, "PY-XML-CELEMENTTREE") == lines{8});
    CHECK(lines_of(code, "PY-XML-MINIDOM") == lines{9});
    CHECK(lines_of(code, "PY-XML-PULLDOM") == lines{10});
    CHECK(lines_of(code, "PY-XML-EXPATBUILDER") == lines{11});
    CHECK(lines_of(code, "PY-XML-SAX") == lines{12});
    CHECK(lines_of(code, "PY-XML-EXPATREADER") == lines{13});
}

TEST_CASE("django mark_safe", "[blacklist]") {
    CHECK(lines_of(R"py(
from django.utils.safestring import mark_safe
html = mark_safe(user_bio)
html = format_html("<b>{}</b>", user_bio)
def mark_safe(value):
    return value
)py",
                   "PY-MARK-SAFE") == lines{2});
}
