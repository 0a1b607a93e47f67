// bandit B502-B509: broken TLS versions, short keys, SSH host keys, SNMP versions.
#include "analysis.hpp"

#include <catch2/catch.hpp>

using namespace python_security_test;

TEST_CASE("broken SSL/TLS protocol versions", "[crypto][tls]") {
    auto code = R"py(
import ssl
from OpenSSL import SSL
ssl.wrap_socket(sock, ssl_version=ssl.PROTOCOL_SSLv3)
context = SSL.Context(SSL.TLSv1_METHOD)
context = ssl.SSLContext(ssl.PROTOCOL_TLSv1_1)
client.connect(host, method=SSL.SSLv23_METHOD)
ssl.wrap_socket(sock, ssl_version=ssl.PROTOCOL_TLS_CLIENT)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
context = SSL.Context(SSL.TLS_METHOD)
request.send(method="PROTOCOL_SSLv3")
)py";
    CHECK(lines_of(code, "PY-SSL-BAD-VERSION") == lines{3, 4, 5, 6});
    auto found = with_rule(findings_in(code), "PY-SSL-BAD-VERSION");
    CHECK(found[0].severity == EVO_SEVERITY_HIGH);
    CHECK(found[3].severity == EVO_SEVERITY_MEDIUM);
}

TEST_CASE("a broken protocol version as a parameter default", "[crypto][tls]") {
    CHECK(lines_of(R"py(
import ssl
def connect(host, version=ssl.PROTOCOL_SSLv2):
    pass
async def serve(port, version=ssl.PROTOCOL_TLS_SERVER):
    pass
def describe(PROTOCOL_TLSv1):
    return PROTOCOL_TLSv1
)py",
                   "PY-SSL-BAD-DEFAULT") == lines{2});
}

TEST_CASE("ssl.wrap_socket without a protocol version", "[crypto][tls]") {
    CHECK(lines_of(R"py(
import ssl
ssl.wrap_socket(sock)
ssl.wrap_socket(sock, ssl_version=ssl.PROTOCOL_TLS_CLIENT)
ssl.wrap_socket(sock, **options)
context.wrap_socket(sock, server_hostname=host)
)py",
                   "PY-SSL-NO-VERSION") == lines{2});
}

TEST_CASE("keys too short for their algorithm", "[crypto][keys]") {
    auto code = R"py(
from cryptography.hazmat.primitives.asymmetric import rsa, dsa, ec
from Crypto.PublicKey import RSA
rsa.generate_private_key(public_exponent=65537, key_size=1024)
dsa.generate_private_key(512)
ec.generate_private_key(ec.SECP192R1())
RSA.generate(bits=1024)
rsa.generate_private_key(65537, 4096)
ec.generate_private_key(curve=ec.SECP384R1())
RSA.generate(2048)
RSA.generate(size)
)py";
    CHECK(lines_of(code, "PY-WEAK-KEY") == lines{3, 4, 5, 6});
    auto found = with_rule(findings_in(code), "PY-WEAK-KEY");
    CHECK(found[0].severity == EVO_SEVERITY_MEDIUM);
    CHECK(found[1].severity == EVO_SEVERITY_HIGH);
}

TEST_CASE("paramiko accepting any host key", "[ssh]") {
    CHECK(lines_of(R"py(
import paramiko
client = paramiko.SSHClient()
client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
client.set_missing_host_key_policy(paramiko.WarningPolicy)
client.set_missing_host_key_policy(paramiko.RejectPolicy())
)py",
                   "PY-SSH-NO-HOST-KEY") == lines{3, 4});
    CHECK_FALSE(
        reports("browser.set_missing_host_key_policy(AutoAddPolicy())\n", "PY-SSH-NO-HOST-KEY"));
}

TEST_CASE("SNMP v1/v2c and v3 without keys", "[snmp]") {
    auto code = R"py(
from pysnmp.hlapi import CommunityData, UsmUserData, usmHMACSHAAuthProtocol
CommunityData('public', mpModel=0)
CommunityData('public', mpModel=1)
UsmUserData('user')
UsmUserData('user', 'authkey')
CommunityData('public', mpModel=2)
UsmUserData('user', auth_key, priv_key)
UsmUserData('user', authKey=auth_key, privKey=priv_key)
)py";
    CHECK(lines_of(code, "PY-SNMP-VERSION") == lines{2, 3});
    CHECK(lines_of(code, "PY-SNMP-NO-CRYPTO") == lines{4, 5});
}
