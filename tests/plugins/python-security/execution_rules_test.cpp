// exec/eval/compile, shells and processes.
#include "analysis.hpp"

#include <catch2/catch.hpp>

using namespace python_security_test;

TEST_CASE("exec and eval are reported whatever their argument", "[execution]") {
    CHECK(lines_of(R"py(
exec(code)
exec("x = 1")
)py",
                   "PY-EXEC") == lines{1, 2});
    CHECK(lines_of(R"py(
value = eval(
    expression,
    {"__builtins__": {}},
)
)py",
                   "PY-EVAL") == lines{1});
}

TEST_CASE("compile of a run-time string outranks compile of a literal", "[execution]") {
    auto findings = with_rule(findings_in(R"py(
compile(source, "<string>", "exec")
compile("1 + 1", "<string>", "eval")
)py"),
                              "PY-COMPILE");
    REQUIRE(findings.size() == 2);
    CHECK(findings[0].severity == EVO_SEVERITY_MEDIUM);
    CHECK(findings[1].severity == EVO_SEVERITY_LOW);
}

TEST_CASE("subprocess with shell=True: severity follows the command", "[execution]") {
    auto findings = with_rule(findings_in(R"py(
import subprocess
subprocess.Popen("ls -l " + directory, shell=True)
subprocess.check_output("ls -l", shell=True)
subprocess.call(command, shell=use_shell)
subprocess.run(args=f"tar xf {archive}", shell=1)
)py"),
                              "PY-SUBPROCESS-SHELL");
    REQUIRE(findings.size() == 4);
    CHECK(findings[0].severity == EVO_SEVERITY_HIGH);
    CHECK(findings[1].severity == EVO_SEVERITY_LOW);
    CHECK(findings[2].severity == EVO_SEVERITY_HIGH);
    CHECK(findings[2].confidence == EVO_SEVERITY_MEDIUM);
    CHECK(findings[3].severity == EVO_SEVERITY_HIGH);
}

TEST_CASE("subprocess without a shell is a low-severity audit finding", "[execution]") {
    auto code = R"py(
import subprocess
subprocess.run(["/usr/bin/git", "status"], check=True)
subprocess.run(cmd, shell=False)
subprocess.run(cmd, shell=None)
)py";
    auto findings = with_rule(findings_in(code), "PY-SUBPROCESS");
    REQUIRE(findings.size() == 3);
    CHECK(findings[0].severity == EVO_SEVERITY_LOW);
    CHECK(lines_of(code, "PY-SUBPROCESS-SHELL").empty());
}

TEST_CASE("a partial executable path is reported for every process starter", "[execution]") {
    CHECK(lines_of(R"py(
import subprocess, os
subprocess.run(["git", "status"])
subprocess.run("ls -l | wc", shell=True)
os.system("make install")
os.spawnlp(os.P_WAIT, "cp", "cp", src, dst)
subprocess.run(["/usr/bin/git", "status"])
subprocess.run(["./build.sh"])
subprocess.run([r"C:\tools\x.exe"])
subprocess.run(command_list)
)py",
                   "PY-PARTIAL-PATH") == lines{2, 3, 4, 5});
}

TEST_CASE("shell command functions: literal commands are low, built ones high", "[execution]") {
    auto findings = with_rule(findings_in(R"py(
import os, subprocess, commands
os.system("clear")
os.system("rm -rf " + path)
os.popen(f"cat {name}")
subprocess.getoutput(cmd)
commands.getstatusoutput(cmd)
)py"),
                              "PY-SHELL-COMMAND");
    REQUIRE(findings.size() == 5);
    CHECK(findings[0].severity == EVO_SEVERITY_LOW);
    for (std::size_t i = 1; i < findings.size(); ++i)
        CHECK(findings[i].severity == EVO_SEVERITY_HIGH);
}

TEST_CASE("shell=True on other functions is B604, never twice for subprocess", "[execution]") {
    auto code = R"py(
import subprocess
runner.execute(command, shell=True)
spawn(
    command,
    shell=True,
)
subprocess.run(command, shell=True)
helper(command, shell=False)
)py";
    CHECK(lines_of(code, "PY-SHELL-TRUE") == lines{2, 3});
    CHECK(lines_of(code, "PY-SUBPROCESS-SHELL") == lines{7});
}

TEST_CASE("os.exec and os.spawn families are audited", "[execution]") {
    CHECK(lines_of(R"py(
import os
os.execvp("/bin/sh", ["sh", "-c", cmd])
os.spawnv(os.P_NOWAIT, "/usr/bin/env", args)
os.posix_spawn("/bin/true", ["true"], os.environ)
os.getenv("HOME")
)py",
                   "PY-PROCESS-NO-SHELL") == lines{2, 3, 4});
}
