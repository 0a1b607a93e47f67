// bandit B601-B615: paramiko commands, wildcard injection, Django raw SQL, logging listeners,
// trojan source and unpinned Hugging Face downloads.
#include "analysis.hpp"

#include <catch2/catch.hpp>

using namespace python_security_test;

TEST_CASE("paramiko exec_command, only where paramiko is imported", "[execution]") {
    CHECK(lines_of(R"py(
import paramiko
client = paramiko.SSHClient()
stdin, stdout, stderr = client.exec_command(command)
)py",
                   "PY-PARAMIKO-EXEC") == lines{3});
    CHECK_FALSE(reports("runner.exec_command(command)\n", "PY-PARAMIKO-EXEC"));
}

TEST_CASE("wildcards in shell commands for chown, chmod, tar and rsync", "[execution]") {
    CHECK(lines_of(R"py(
import os, subprocess
os.system("chown -R www-data *")
subprocess.call(["tar", "czf", "backup.tgz", "*"], shell=True)
os.popen("cd /srv && /usr/bin/rsync -a * backup:")
os.system("ls *")
subprocess.call(["chmod", "+x", "*.sh"])
os.system("chmod 600 secrets.txt")
os.system("start_service *")
)py",
                   "PY-WILDCARD-INJECTION") == lines{2, 3, 4});
}

TEST_CASE("Django extra() and RawSQL with SQL that is not a literal", "[sql]") {
    auto code = R"py(
from django.db.models.expressions import RawSQL
from myapp.models import User
User.objects.extra(where=["name = '%s'" % name])
User.objects.extra(select={"n": query})
User.objects.extra(None, clause)
RawSQL("SELECT id FROM users WHERE name = '%s'" % name, ())
User.objects.extra(where=["name = %s"], params=[name])
User.objects.extra(select={"is_recent": "pub_date > '2006-01-01'"})
RawSQL("SELECT id FROM users WHERE name = %s", (name,))
)py";
    CHECK(lines_of(code, "PY-DJANGO-EXTRA") == lines{3, 4, 5});
    CHECK(lines_of(code, "PY-DJANGO-RAWSQL") == lines{6});
    CHECK_FALSE(reports("request.extra(where=clause)\n", "PY-DJANGO-EXTRA"));
}

TEST_CASE("logging.config.listen without verify", "[network]") {
    CHECK(lines_of(R"py(
import logging.config
thread = logging.config.listen(9999)
thread = logging.config.listen(9999, verify=check_signature)
)py",
                   "PY-LOGGING-LISTEN") == lines{2});
}

TEST_CASE("bidirectional control characters in the source", "[trojan]") {
    auto code = "access_level = \"user\"\n"
                "if access_level != \"user\xE2\x80\xAE \xE2\x81\xA6// Check if admin\xE2\x81\xA9 "
                "\xE2\x81\xA6\":  # nosec B999\n"
                "    grant()\n";
    auto found = with_rule(findings_in(code), "PY-TROJAN-SOURCE");
    REQUIRE(found.size() == 1);
    CHECK(found[0].line == 2);
    CHECK(found[0].column == 25);
    CHECK_FALSE(reports("quote = \"\xE2\x80\x9C"
                        "fancy\xE2\x80\x9D \xE2\x80\x94 dash\"\n",
                        "PY-TROJAN-SOURCE"));
}

TEST_CASE("Hugging Face downloads without a pinned revision", "[download]") {
    CHECK(lines_of(R"py(
from transformers import AutoModel, AutoTokenizer
from datasets import load_dataset
from huggingface_hub import hf_hub_download
model = AutoModel.from_pretrained("org/model")
tokenizer = AutoTokenizer.from_pretrained("org/model", revision="main")
data = load_dataset("org/data")
path = hf_hub_download(repo_id="org/model", filename="config.json")
model = AutoModel.from_pretrained("org/model", revision="5d0f2e8a1b3c")
model = AutoModel.from_pretrained("./checkpoints/model")
data = load_dataset("org/data", revision=pinned)
processor = ImageProcessor.from_pretrained("org/model")
)py",
                   "PY-HF-UNPINNED") == lines{4, 5, 6, 7});
}
