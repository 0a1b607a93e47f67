"""The exec provider through the real evo binary, running tests/fake_llm/fake_llm_cli.py as its
command-line client: the prompt on stdin, the answer from stdout, failures named with the
end of the client's stderr."""
import os
import sys
import tempfile
import unittest

from provider_manifest import write_manifest
from support import HERE, run_evo

CLI = os.path.join(HERE, "..", "fake_llm", "fake_llm_cli.py")


class ExecProvider(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory(prefix="evo-exec-")
        self.addCleanup(self.dir.cleanup)

    def gen(self, command, prompt="hello there", **table):
        manifest = write_manifest(self.dir.name, "exec", {"command": command, **table})
        return run_evo(["-m", manifest, "gen", prompt])

    def cli(self, *args):
        return [sys.executable, CLI, *args]

    def test_the_prompt_goes_on_stdin_and_the_answer_is_validated(self):
        result = self.gen(self.cli(), system_argument=["-s", "{system}"])
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("return 'hello there'", result.stdout)
        self.assertIn("attempt 1 via p", result.stderr)

    def test_the_model_is_substituted_from_the_request_or_the_config(self):
        result = self.gen(self.cli("-m", "{model}"))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("# model: test-model", result.stdout)
        result = self.gen(self.cli("--model={model}"), model="configured-model")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("# model: configured-model", result.stdout)

    def test_the_system_prompt_goes_through_the_argument_template_or_stdin(self):
        result = self.gen(self.cli(), system_argument=["-s", "{system}"])
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("# system: 'You write python code.", result.stdout)
        self.assertIn("return 'hello there'", result.stdout)
        result = self.gen(self.cli())
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertNotIn("# system:", result.stdout)
        self.assertIn("return 'You write python code.", result.stdout)  # stdin opens with it
        self.assertIn("hello there'", result.stdout)

    def test_a_non_zero_exit_carries_the_end_of_stderr(self):
        result = self.gen(self.cli("--fail", "Error: no key\nset one with llm keys set",
                                   "--exit-code", "3"))
        self.assertEqual(result.returncode, 3, result.stderr)
        self.assertIn("exited with status 3: Error: no key | set one with llm keys set",
                      result.stderr)
        self.assertEqual(result.stdout, "")

    def test_a_long_stderr_is_cut_to_its_tail(self):
        result = self.gen(self.cli("--fail", "x" * 2000 + " the end"))
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("...", result.stderr)
        self.assertIn("x the end", result.stderr)
        self.assertNotIn("x" * 600, result.stderr)

    def test_a_client_killed_midway_is_an_error_whatever_it_printed(self):
        result = self.gen(self.cli("--die-midway"))
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("was killed by SIGKILL: fake_llm_cli: dying midway", result.stderr)
        self.assertEqual(result.stdout, "")

    def test_a_client_that_takes_too_long_is_killed_naming_timeout_ms(self):
        result = self.gen(self.cli("--sleep", "30"), timeout_ms=300)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("did not finish within 300 ms (timeout_ms)", result.stderr)

    def test_an_empty_answer_is_a_protocol_error(self):
        result = self.gen(self.cli("--empty"))
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("printed nothing on stdout", result.stderr)

    def test_a_command_that_never_stops_printing_is_stopped(self):
        result = self.gen(self.cli("--flood"))
        self.assertEqual(result.returncode, 3, result.stderr)
        self.assertIn("printed more than 8388608 bytes on stdout", result.stderr)
        self.assertEqual(result.stdout, "")

    def test_a_missing_program_is_named(self):
        result = self.gen(["evo-no-such-llm-client", "-m", "{model}"])
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("cannot run `evo-no-such-llm-client`", result.stderr)
        self.assertIn("command not found", result.stderr)

    def test_a_model_placeholder_with_no_model_is_a_config_error(self):
        manifest = write_manifest(self.dir.name, "exec", {"command": self.cli("-m", "{model}")},
                                  model="")
        result = run_evo(["-m", manifest, "gen", "hello"])
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("command[3]", result.stderr)

    def test_a_missing_command_key_is_a_config_error(self):
        manifest = write_manifest(self.dir.name, "exec", {"timeout_ms": 1000})
        result = run_evo(["-m", manifest, "gen", "hello"])
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn("command", result.stderr)


if __name__ == "__main__":
    unittest.main()
