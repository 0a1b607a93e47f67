#include "analysis.hpp"

#include <catch2/catch.hpp>

using shell_test::findings_of;

TEST_CASE("chmod that lets every user write", "[shell-security][chmod]") {
    const std::string script =
        GENERATE("chmod 777 app", "chmod 0777 app", "chmod 666 data", "chmod 1777 /srv/shared",
                 "chmod a+rwx app", "chmod o+w app", "chmod ugo+rwx app", "chmod o=rwx app",
                 "chmod u+x,o+w app", "sudo chmod 777 /opt/app", "chmod -v 777 app");
    CAPTURE(script);
    const auto found = findings_of(script, "SH-CHMOD-WORLD-WRITABLE");
    REQUIRE(found.size() == 1);
    CHECK(found[0].severity == EVO_SEVERITY_MEDIUM);
}

TEST_CASE("recursive chmod that lets every user write is high", "[shell-security][chmod]") {
    const std::string script =
        GENERATE("chmod -R 777 /var/www", "chmod --recursive a+rwx dir", "chmod -Rv o+w dir");
    CAPTURE(script);
    const auto found = findings_of(script, "SH-CHMOD-WORLD-WRITABLE");
    REQUIRE(found.size() == 1);
    CHECK(found[0].severity == EVO_SEVERITY_HIGH);
}

TEST_CASE("chmod that keeps others from writing gives nothing", "[shell-security][chmod]") {
    const std::string script =
        GENERATE("chmod 755 app", "chmod 0644 data", "chmod 775 dir", "chmod -R 750 dir",
                 "chmod +x app", "chmod +w app", "chmod u+w app", "chmod o-w app", "chmod a-w app",
                 "chmod go-rwx secret", "chmod a+rx app", "chmod -w app", "echo chmod 777 app",
                 "chmod \"$mode\" app", "# chmod 777 app");
    CAPTURE(script);
    CHECK(findings_of(script, "SH-CHMOD-WORLD-WRITABLE").empty());
}
