# Runs the tests of the module named by its argument (test_command) in the sandbox and reports each result as one JSON line on
# a private descriptor (the original stdout): the tests' own output goes to stderr, so nothing
# they print can pass for a result. Lines: {"collected": N}, then per test {"started": NAME}
# and {"test": NAME, "passed", "output"}, then {"done": true}; or {"error": "import" | "none",
# "output"} when nothing ran.
import inspect
import json
import os
import sys
import tempfile
import traceback
import unittest

TEST_MODULE = sys.argv[1]  # the plugin names it, as it declares it

results = os.fdopen(os.dup(1), "w", encoding="utf-8", errors="replace")  # not inheritable
os.dup2(2, 1)  # print() in a test, and the programs it starts, write to stderr
sys.stdout = open(1, "w", encoding="utf-8", errors="replace", closefd=False, buffering=1)


KEPT_OUTPUT = 65536  # of each test's output, its end: a finding shows far less, and a huge
# line must not outgrow the host's cap on the stream and lose the results after it


def report(**fields):
    if "output" in fields:
        fields["output"] = fields["output"][-KEPT_OUTPUT:]
    results.write(json.dumps(fields) + "\n")
    results.flush()


def traceback_without_harness(error):
    tb = error.__traceback__
    if tb is not None and tb.tb_frame.f_code.co_filename == __file__:
        tb = tb.tb_next
    return "".join(traceback.format_exception(type(error), error, tb))


class captured_output:
    """Everything written to fd 1 and 2 while a test runs, its subprocesses' output included."""

    def __enter__(self):
        sys.stdout.flush()
        sys.stderr.flush()
        self.file = tempfile.TemporaryFile()
        self.saved = os.dup(1), os.dup(2)
        os.dup2(self.file.fileno(), 1)
        os.dup2(self.file.fileno(), 2)
        return self

    def __exit__(self, *exc):
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(self.saved[0], 1)
        os.dup2(self.saved[1], 2)
        for fd in self.saved:
            os.close(fd)
        self.file.seek(0)
        self.text = self.file.read().decode("utf-8", errors="replace")
        self.file.close()
        return False


def call_test(function):
    """Runs one plain test function (or coroutine function); the failure text, or None."""
    try:
        if inspect.iscoroutinefunction(function):
            import asyncio

            asyncio.run(function())
        else:
            function()
        return None
    except BaseException as error:  # SystemExit too: a test must not end the run
        return traceback_without_harness(error)


def run_case(case):
    result = unittest.TestResult()
    case.run(result)
    problems = result.errors + result.failures + [(c, "unexpected success") for c in result.unexpectedSuccesses]
    return "".join(text for _, text in problems) or None


def collect(module):
    """(name, run) pairs in source order: test_* functions, TestCase methods, Test* classes."""
    found = []
    for name, value in vars(module).items():
        if getattr(value, "__module__", None) != module.__name__:
            continue
        if inspect.isfunction(value) and name.startswith("test"):
            found.append((value.__code__.co_firstlineno, name, lambda f=value: call_test(f)))
        elif inspect.isclass(value) and issubclass(value, unittest.TestCase):
            for case in unittest.defaultTestLoader.loadTestsFromTestCase(value):
                method = case._testMethodName
                line = getattr(getattr(value, method), "__code__", None)
                found.append((line.co_firstlineno if line else 0, name + "." + method,
                              lambda c=case: run_case(c)))
        elif inspect.isclass(value) and name.startswith("Test"):  # pytest-style class
            for method, function in vars(value).items():
                if method.startswith("test") and inspect.isfunction(function):
                    found.append((function.__code__.co_firstlineno, name + "." + method,
                                  lambda cls=value, m=method: call_test(lambda: getattr(cls(), m)())))
    found.sort(key=lambda entry: entry[0])
    return [(name, run) for _, name, run in found]


def main():
    with captured_output() as imported:
        try:
            module = __import__(TEST_MODULE)
            failure = None
        except BaseException as error:
            failure = traceback_without_harness(error)
    if failure is not None:
        report(error="import", output=imported.text + failure)
        return
    tests = collect(module)
    if not tests:
        report(error="none", output=imported.text)
        return
    report(collected=len(tests))
    for name, run in tests:
        report(started=name)  # names the culprit if the test ends the harness itself
        with captured_output() as output:
            failure = run()
        report(test=name, passed=failure is None, output=output.text + (failure or ""))
    report(done=True)


main()
results.close()
os._exit(0)  # no atexit handler or lingering thread of the tests may add a word
