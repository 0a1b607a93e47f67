"""Exit 0 when every failed test in a CTest JUnit file failed only because LeakSanitizer's
tracer crashed at exit (its body passed); otherwise print the real failures and exit 1."""
import sys
import xml.etree.ElementTree as ET

TRACER_CRASH = ("Tracer caught signal", "LeakSanitizer has encountered a fatal error")
TEST_FAILED = ("FAILED:", "test cases failed", "ERROR:", "runtime error:")


def failed_tests(junit_path):
    for case in ET.parse(junit_path).getroot().iter("testcase"):
        if case.get("status") == "fail" or case.find("failure") is not None:
            yield case.get("name"), case.findtext("system-out") or ""


def tracer_crash_only(output):
    return all(s in output for s in TRACER_CRASH) and not any(s in output for s in TEST_FAILED)


def main():
    failures = list(failed_tests(sys.argv[1]))
    real = [name for name, output in failures if not tracer_crash_only(output)]
    for name in real:
        print(f"failed: {name}")
    if not failures:
        print("ctest failed but its JUnit file lists no failed test")
    return 1 if real or not failures else 0


if __name__ == "__main__":
    sys.exit(main())
