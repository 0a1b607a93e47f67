// Temporary paths, mktemp, archives, permissions and deletions.
#include "analysis.hpp"

#include <catch2/catch.hpp>

using namespace python_security_test;

TEST_CASE("hard-coded paths in shared temporary directories", "[filesystem]") {
    CHECK(lines_of(R"py(
log = open("/tmp/app.log", "w")
cache_dir = "/var/tmp/cache"
segment = f"/dev/shm/{name}"
TMP = "/tmp"
other = "/tmpfiles/x"
if path.startswith("/tmp/"):
    pass
if root in ("/tmp", "/var/tmp"):
    pass
"""Writes /tmp/app.log by default."""
)py",
                   "PY-TEMP-PATH") == lines{1, 2, 3, 4});
}

TEST_CASE("tempfile.mktemp in any spelling", "[filesystem]") {
    CHECK(lines_of(R"py(
import tempfile
from tempfile import mktemp as temporary_name
name = tempfile.mktemp(suffix=".txt")
name = temporary_name()
handle, name = tempfile.mkstemp()
)py",
                   "PY-MKTEMP") == lines{3, 4});
}

TEST_CASE("tar extraction needs a filter", "[filesystem]") {
    auto code = R"py(
import tarfile, zipfile
with tarfile.open(path) as archive:
    archive.extractall(target)
    archive.extract(member, target)
    archive.extractall(target, members=safe_members(archive))
    archive.extractall(target, filter="fully_trusted")
    archive.extractall(target, filter="data")
    archive.extract(member, target, filter=tarfile.data_filter)
zipfile.ZipFile(path).extractall(target)
self.bundle.extractall(target)
)py";
    CHECK(lines_of(code, "PY-TAR-EXTRACT") == lines{3, 4, 5, 6, 10});
    auto findings = with_rule(findings_in(code), "PY-TAR-EXTRACT");
    CHECK(findings[0].severity == EVO_SEVERITY_HIGH);
    CHECK(findings[0].confidence == EVO_SEVERITY_HIGH);
    CHECK(findings[2].severity == EVO_SEVERITY_MEDIUM);
    CHECK(findings[4].confidence == EVO_SEVERITY_MEDIUM);
}

TEST_CASE("a receiver of unknown type is not an archive when tarfile is not imported",
          "[filesystem]") {
    CHECK_FALSE(reports(R"py(
import zipfile
self.bundle.extractall(target)
)py",
                        "PY-TAR-EXTRACT"));
}

TEST_CASE("chmod with permissive modes", "[filesystem]") {
    auto code = R"py(
import os, stat
from pathlib import Path
os.chmod(path, 0o777)
os.chmod(path, stat.S_IRWXU | stat.S_IRWXG | stat.S_IWOTH)
os.chmod(path, 511)
Path(path).chmod(0o666)
os.chmod(path, mode=0o755)
os.chmod(path, 0o700)
os.chmod(path, 0o600)
os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
os.chmod(path, mode_from_config)
os.chmod(path, 0o777 & ~umask)
)py";
    CHECK(lines_of(code, "PY-CHMOD-PERMISSIVE") == lines{3, 4, 5, 6, 7});
    auto findings = with_rule(findings_in(code), "PY-CHMOD-PERMISSIVE");
    CHECK(findings[0].severity == EVO_SEVERITY_HIGH);
    CHECK(findings[3].severity == EVO_SEVERITY_HIGH);
    CHECK(findings[4].severity == EVO_SEVERITY_MEDIUM);
    CHECK(findings[0].message.find("0o777") != std::string::npos);
}

TEST_CASE("deleting the root, home or system directories", "[filesystem]") {
    auto code = R"py(
import os, shutil
from pathlib import Path
shutil.rmtree("/")
shutil.rmtree(os.path.expanduser("~"))
shutil.rmtree(Path.home())
os.remove("/etc/passwd")
Path("/usr/bin/python3").unlink()
shutil.rmtree("/home/alice")
shutil.rmtree("/opt/app/cache")
os.rmdir(os.path.join(os.environ["HOME"], "projects"))
shutil.rmtree("/tmp/build")
shutil.rmtree("build")
os.remove(temporary_file)
os.unlink(os.path.join(self.root, name))
)py";
    CHECK(lines_of(code, "PY-DESTRUCTIVE-FS") == lines{3, 4, 5, 6, 7, 8, 9, 10});
    auto findings = with_rule(findings_in(code), "PY-DESTRUCTIVE-FS");
    for (std::size_t i = 0; i < 6; ++i)
        CHECK(findings[i].severity == EVO_SEVERITY_HIGH);
    CHECK(findings[6].severity == EVO_SEVERITY_MEDIUM);
    CHECK(findings[7].severity == EVO_SEVERITY_MEDIUM);
}
