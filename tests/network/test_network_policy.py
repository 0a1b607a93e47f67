"""Loopback-only HTTP, through the real evo binary (run by netns.py: only `lo` exists).

Unless EVO_ALLOW_REMOTE_HTTP=1, evo must contact nothing but loopback: not through a proxy
named by http_proxy & co. (which would itself sit on loopback), not through a name that
resolves elsewhere, not through an IPv6 spelling, not by following a redirect. A refusal is
a configuration error: exit 2 at once, naming EVO_ALLOW_REMOTE_HTTP, with no retry and no
fallback provider hiding it.
"""
import os
import subprocess
import tempfile
import unittest

from support import FakeLLM, Recorder, Scratch, run_evo

REMOTE = "203.0.113.7"  # TEST-NET-3: never routed, and this namespace has no route anyway
CANARY_KEY = "sk-canary-must-stay-home"
BAD_GATEWAY = b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
HOSTS = f"""127.0.0.1 localhost llm.loopback.test
::1 localhost
{REMOTE} localhost.example.com 127.0.0.1.nip.io
"""


def proxy_environment(url):
    return {name: url for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY",
                                   "HTTPS_PROXY", "ALL_PROXY")}


def setUpModule():
    """Binds a hosts file in which some names resolve beyond loopback (this mount namespace
    only: netns.py made it)."""
    global hosts_dir
    hosts_dir = tempfile.TemporaryDirectory(prefix="evo-hosts-")
    path = os.path.join(hosts_dir.name, "hosts")
    with open(path, "w", encoding="utf-8") as f:
        f.write(HOSTS)
    subprocess.run(["mount", "--bind", path, "/etc/hosts"], check=True)


def tearDownModule():
    subprocess.run(["umount", "/etc/hosts"], check=False)
    hosts_dir.cleanup()


class NetworkPolicy(unittest.TestCase):
    def setUp(self):
        self.scratch = Scratch()
        self.addCleanup(self.scratch.cleanup)

    def remote_then_local(self, base_url, local):
        """The remote provider first (with an API key), a loopback one as its fallback."""
        return self.scratch.manifest({
            "remote": {"base_url": base_url, "api_key": CANARY_KEY, "max_retries": 3,
                       "timeout_ms": 20000},
            "local": {"base_url": local.base_url, "max_retries": 0}})

    def assert_refused(self, result):
        self.assertEqual(result.returncode, 2, result.stderr)
        lines = result.stderr.splitlines()
        self.assertEqual(len(lines), 1, result.stderr)
        self.assertIn("EVO_ALLOW_REMOTE_HTTP", lines[0])
        self.assertIn("[plugins.remote]", lines[0])
        self.assertNotIn("cannot reach", lines[0])
        self.assertNotIn("attempts", lines[0])  # refused once, never retried
        self.assertEqual(result.stdout, "")

    def test_a_proxy_from_the_environment_is_not_used(self):
        for scheme in ("http", "https"):
            with self.subTest(scheme=scheme), Recorder(BAD_GATEWAY) as relay, FakeLLM() as local:
                manifest = self.remote_then_local(f"{scheme}://{REMOTE}/v1", local)
                result = run_evo(["-m", manifest, "gen", "hello"], proxy_environment(relay.url))
                self.assert_refused(result)
                self.assertEqual(relay.connections(), [])
                self.assertEqual(local.requests(), [], "a refusal must not fall through")

    def test_the_relay_would_have_seen_a_leak(self):
        """The check above can fail: with remote HTTP allowed, the same request reaches it."""
        with Recorder(BAD_GATEWAY) as relay, FakeLLM() as local:
            manifest = self.scratch.manifest({
                "remote": {"base_url": f"http://{REMOTE}/v1", "api_key": CANARY_KEY,
                           "max_retries": 0},
                "local": {"base_url": local.base_url, "max_retries": 0}})
            env = dict(proxy_environment(relay.url), EVO_ALLOW_REMOTE_HTTP="1",
                       no_proxy="127.0.0.1")  # the fallback is reached directly
            result = run_evo(["-m", manifest, "gen", "hello"], env)
            self.assertEqual(result.returncode, 0, result.stderr)
            seen = relay.connections()
            self.assertEqual(len(seen), 1)
            self.assertTrue(seen[0].startswith(f"POST http://{REMOTE}/v1/chat/completions"))
            self.assertIn(CANARY_KEY, seen[0])
            self.assertEqual(len(local.requests()), 1)

    def test_addresses_beyond_loopback_are_refused_after_resolution(self):
        for host in ("localhost.example.com", "127.0.0.1.nip.io", f"[::ffff:{REMOTE}]",
                     "[2001:db8::1]", "0.0.0.0"):
            with self.subTest(host=host), FakeLLM() as local:
                result = run_evo(["-m", self.remote_then_local(f"http://{host}:9/v1", local),
                                  "gen", "hello"])
                self.assert_refused(result)
                self.assertEqual(local.requests(), [])

    def reviewed_by_remote_judge(self, local):
        """A loopback provider whose code llm-review has judged by a remote one."""
        text = "\n".join([
            "[pipeline]", 'provider = "local"', 'validators = ["llm-review"]', "",
            "[request]", 'model = "test-model"', 'language = "python"', "",
            "[plugins.local]", 'plugin = "openai"', f'base_url = "{local.base_url}"',
            "max_retries = 0", "",
            "[plugins.judge]", 'plugin = "openai"', f'base_url = "http://{REMOTE}/v1"',
            f'api_key = "{CANARY_KEY}"', "max_retries = 3", "",
            "[plugins.llm-review]", 'provider = "judge"', ""])
        path = os.path.join(self.scratch.dir.name, "review.toml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def test_a_refusal_met_by_a_validator_is_a_configuration_error(self):
        """llm-review consults a provider the policy refuses: not a finding (exit 1), nor a
        failed file (exit 3), but the same configuration error as for the pipeline's own."""
        with FakeLLM() as local:
            manifest = self.reviewed_by_remote_judge(local)
            result = run_evo(["-m", manifest, "gen", "hello"])
            self.assertEqual(result.returncode, 2, result.stderr)
            self.assertIn("EVO_ALLOW_REMOTE_HTTP", result.stderr)
            self.assertEqual(result.stdout, "")
            code = os.path.join(self.scratch.dir.name, "code.py")
            with open(code, "w", encoding="utf-8") as f:
                f.write("print(1)\n")
            result = run_evo(["-m", manifest, "validate", code])
            self.assertEqual(result.returncode, 2, result.stderr)
            self.assertIn("EVO_ALLOW_REMOTE_HTTP", result.stderr)

    def test_loopback_in_any_spelling_is_served(self):
        with FakeLLM() as llm:
            for host in ("127.0.0.1", "localhost", "llm.loopback.test", "[::ffff:127.0.0.1]"):
                with self.subTest(host=host):
                    manifest = self.scratch.manifest(
                        {"llm": {"base_url": f"http://{host}:{llm.port}/v1", "max_retries": 0}})
                    result = run_evo(["-m", manifest, "gen", "hello"])
                    self.assertEqual(result.returncode, 0, result.stderr)
                    self.assertIn("def answer", result.stdout)

    def test_a_redirect_is_not_followed(self):
        with Recorder(BAD_GATEWAY) as target:
            moved = (f"HTTP/1.1 307 Temporary Redirect\r\nLocation: {target.url}/v1/chat/"
                     "completions\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").encode()
            with Recorder(moved) as redirector:
                manifest = self.scratch.manifest(
                    {"llm": {"base_url": redirector.url + "/v1", "max_retries": 0}})
                result = run_evo(["-m", manifest, "gen", "hello"])
                self.assertEqual(result.returncode, 3, result.stderr)
                self.assertIn("HTTP 307", result.stderr)
                self.assertEqual(len(redirector.connections()), 1)
                self.assertEqual(target.connections(), [])


if __name__ == "__main__":
    unittest.main()
