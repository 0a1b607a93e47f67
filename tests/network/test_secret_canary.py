"""An API key never leaves evo through its own output (run by netns.py).

The openai provider's api_key comes from ${OPENAI_API_KEY}, set to a canary no other text can
contain. The local server answers with a 401 whose error quotes the request's headers (the
key with them, fake_llm.py's echo_headers), a 429, a 500, an error inside a 200 answer, and
success; through all of it the canary must be in no stdout or stderr, not in the bytes of the
attempt log (logs.db and its -wal), and not in a cassette the replay provider recorded.
"""
import glob
import os
import unittest
import uuid

from support import FakeLLM, Scratch, run_evo, toml_value

FAULTS = {
    "auth": [{"status": 401, "echo_headers": True}],
    "rate_limit_then_server_error_then_success": [
        {"status": 429, "retry_after": 0, "times": 1, "echo_headers": True},
        {"status": 500, "times": 1, "echo_headers": True}],
    "error_in_a_200_body": [{"error_body": True, "echo_headers": True}],
    "success": [],
}


class SecretCanary(unittest.TestCase):
    def setUp(self):
        self.scratch = Scratch()
        self.addCleanup(self.scratch.cleanup)
        self.canary = "sk-canary-" + uuid.uuid4().hex
        self.data_home = os.path.join(self.scratch.dir.name, "data")
        self.cassette = os.path.join(self.scratch.dir.name, "recorded.jsonl")
        self.env = {"OPENAI_API_KEY": self.canary, "XDG_DATA_HOME": self.data_home}

    def manifest(self, base_url, recording):
        """openai with the canary key; recording: asked through the replay provider in record
        mode, so that what it answers is written to a cassette."""
        openai = {"plugin": "openai", "base_url": base_url, "api_key": "${OPENAI_API_KEY}",
                  "max_retries": 2, "retry_base_ms": 1, "retry_max_ms": 2}
        tables = {"openai": openai, "python-syntax": {}}
        provider = "openai"
        if recording:
            provider = "replay"
            tables["replay"] = {"cassette": self.cassette, "mode": "record",
                                "record_from": "openai", "match": "prompt"}
        lines = ["[pipeline]", f"provider = {toml_value(provider)}",
                 'validators = ["python-syntax"]', "",
                 "[request]", 'model = "test-model"', 'language = "python"', ""]
        for name, table in tables.items():
            lines.append(f"[plugins.{name}]")
            lines += [f"{key} = {toml_value(value)}" for key, value in table.items()]
            lines.append("")
        path = os.path.join(self.scratch.dir.name, f"evo-{provider}.toml")
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        return path

    def assert_no_canary(self, text, where):
        self.assertNotIn(self.canary, text, f"the API key appears in {where}")

    def test_the_key_is_in_no_output_log_or_cassette(self):
        seen_redacted = False
        with FakeLLM() as server:
            for recording in (False, True):
                manifest = self.manifest(server.base_url, recording)
                for name, rules in FAULTS.items():
                    with self.subTest(fault=name, recording=recording):
                        server.script(rules)
                        for args in (["gen", f"hello {name}"],
                                     ["-vv", "gen", "--json", f"hello again {name}"]):
                            result = run_evo(["-m", manifest, *args], env=self.env)
                            self.assert_no_canary(result.stdout, f"stdout of {args}")
                            self.assert_no_canary(result.stderr, f"stderr of {args}")
                            seen_redacted |= "[redacted]" in result.stderr
                        # The server did get the key: the test could have failed.
                        headers = [r["headers"] for r in server.requests()]
                        self.assertTrue(any(self.canary in str(h) for h in headers))
            logged = run_evo(["log", "-n", "0", "--json"], env=self.env)
            self.assertEqual(logged.returncode, 0, logged.stderr)
            self.assert_no_canary(logged.stdout, "evo log --json")
            self.assertIn("[redacted]", logged.stdout)  # the 401's echoed headers, redacted
        self.assertTrue(seen_redacted, "no error quoted the key back: the canary was not tested")
        log_files = glob.glob(os.path.join(self.data_home, "evo", "logs.db*"))
        self.assertIn(os.path.join(self.data_home, "evo", "logs.db"), log_files)
        for file in log_files:
            with open(file, "rb") as f:
                self.assertNotIn(self.canary.encode(), f.read(), f"the API key is in {file}")
        with open(self.cassette, "rb") as f:
            recorded = f.read()
        self.assertIn(b"hello success", recorded)  # something was recorded
        self.assertNotIn(self.canary.encode(), recorded, "the API key is in the cassette")


if __name__ == "__main__":
    unittest.main()
