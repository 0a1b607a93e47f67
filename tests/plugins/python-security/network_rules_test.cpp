// HTTP timeouts, TLS verification, weak hashes, listening addresses and sockets.
#include "analysis.hpp"

#include <catch2/catch.hpp>

using namespace python_security_test;

TEST_CASE("HTTP requests without a timeout", "[network]") {
    CHECK(lines_of(R"py(
import requests, httpx
from requests import post
requests.get(url)
post(url, json=body, timeout=None)
httpx.get(url)
requests.request(
    "GET",
    url,
)
requests.get(url, timeout=10)
requests.get(url, **options)
session.get(url)
)py",
                   "PY-REQUEST-NO-TIMEOUT") == lines{3, 4, 5, 6});
}

TEST_CASE("certificate verification turned off", "[crypto]") {
    auto code = R"py(
import requests, httpx
requests.get(url, verify=False, timeout=5)
httpx.Client(verify=False)
session.post(url, data=body, verify=False)
requests.get(url, verify=True, timeout=5)
requests.get(url, verify="/etc/ssl/ca.pem", timeout=5)
schema.validate(document, verify=False)
)py";
    CHECK(lines_of(code, "PY-TLS-VERIFY-OFF") == lines{2, 3, 4});
    auto findings = with_rule(findings_in(code), "PY-TLS-VERIFY-OFF");
    CHECK(findings[0].confidence == EVO_SEVERITY_HIGH);
    CHECK(findings[2].confidence == EVO_SEVERITY_MEDIUM);
}

TEST_CASE("SSL contexts that accept any certificate", "[crypto]") {
    CHECK(lines_of(R"py(
import ssl
from ssl import _create_unverified_context as insecure, CERT_NONE
context = ssl._create_unverified_context()
context = insecure()
context.verify_mode = ssl.CERT_NONE
wrapped = ssl.wrap_socket(sock, cert_reqs=CERT_NONE)
context.check_hostname = False
context = ssl.create_default_context()
context.verify_mode = ssl.CERT_REQUIRED
context.check_hostname = True
)py",
                   "PY-SSL-UNVERIFIED") == lines{3, 4, 5, 6, 7});
}

TEST_CASE("weak hashes unless marked as not for security", "[crypto]") {
    CHECK(lines_of(R"py(
import hashlib
from hashlib import sha1
hashlib.md5(data)
sha1(data).hexdigest()
hashlib.new("MD5", data)
hashlib.new(name="sha1")
hashlib.md5(data, usedforsecurity=False)
hashlib.new("md5", usedforsecurity=False)
hashlib.sha256(data)
hashlib.new("sha256")
)py",
                   "PY-WEAK-HASH") == lines{3, 4, 5, 6});
}

TEST_CASE("listening on every interface", "[network]") {
    CHECK(lines_of(R"py(
app.run(host="0.0.0.0", port=8080)
server.bind(("", 8080))
HOST = "0.0.0.0"
server.bind(("127.0.0.1", 8080))
if host == "0.0.0.0":
    pass
if address in ("0.0.0.0", "::"):
    pass
)py",
                   "PY-BIND-ALL") == lines{1, 2, 3});
}

TEST_CASE("raw and packet sockets", "[network]") {
    CHECK(lines_of(R"py(
import socket
from socket import socket as make_socket, AF_PACKET, SOCK_RAW
sniffer = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
tap = make_socket(AF_PACKET, SOCK_RAW)
normal = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
)py",
                   "PY-RAW-SOCKET") == lines{3, 4});
}

TEST_CASE("sockets connecting out", "[network]") {
    CHECK(lines_of(R"py(
import socket
with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.connect(("203.0.113.9", 4444))
conn = socket.socket()
conn.connect_ex((host, port))
socket.create_connection((target, 443), timeout=5)
socket.socket().connect(("evil.example", 80))
local = socket.create_connection(("localhost", 8080))
unix = socket.socket(socket.AF_UNIX)
unix.connect("/run/app.sock")
client.connect(("example.org", 80))
)py",
                   "PY-SOCKET-CONNECT") == lines{3, 5, 6, 7});
}
