"""What the network tests share: the real evo binary, fake_llm.py, a recording TCP server."""
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading

EVO = os.environ.get("EVO_TEST_BINARY", "evo")
HERE = os.path.dirname(os.path.abspath(__file__))
FAKE_LLM = os.path.join(HERE, "..", "fake_llm", "fake_llm.py")
TIMEOUT_S = 120
# Variables that steer curl or evo; a test sets the ones it means, the caller's never leak in.
STEERING = ("http_proxy", "https_proxy", "all_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY",
            "ALL_PROXY", "NO_PROXY", "EVO_ALLOW_REMOTE_HTTP", "EVO_MANIFEST", "EVO_PLUGIN_PATH")


def run_evo(args, env=None, cwd=None):
    """Runs evo as a user would; `env` adds to a clean copy of the environment."""
    full = {k: v for k, v in os.environ.items() if k not in STEERING}
    full.update(NO_COLOR="1", **(env or {}))
    # A cache of its own unless the test gives one, as the C++ CLI tests' runner does: never
    # the user's, nor another test's running at the same time.
    with tempfile.TemporaryDirectory(prefix="evo-net-cache.") as cache:
        full.setdefault("XDG_CACHE_HOME", cache)
        # The attempt log lives under XDG_DATA_HOME: never the user's; none unless a test
        # names a data directory (or EVO_LOG) itself.
        if "XDG_DATA_HOME" not in (env or {}):
            full.setdefault("EVO_LOG", "off")
        return subprocess.run([EVO, *args], env=full, cwd=cwd, capture_output=True, text=True,
                              timeout=TIMEOUT_S, check=False)


class FakeLLM:
    """tests/fake_llm/fake_llm.py on a free loopback port, for a `with` block."""

    def __enter__(self):
        self.process = subprocess.Popen([sys.executable, FAKE_LLM, "--port", "0"],
                                        stdout=subprocess.PIPE, text=True)
        first = self.process.stdout.readline().split()
        if first[:1] != ["PORT"]:
            self.__exit__()
            raise RuntimeError("fake_llm.py did not start")
        self.port = int(first[1])
        return self

    def __exit__(self, *exc):
        self.process.kill()
        self.process.wait(timeout=TIMEOUT_S)
        self.process.stdout.close()

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.port}/v1"

    def admin(self, method, path, payload=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT_S)
        try:
            connection.request(method, path, None if payload is None else json.dumps(payload))
            response = connection.getresponse()
            return response.status, json.loads(response.read())
        finally:
            connection.close()

    def script(self, rules):
        status, body = self.admin("POST", "/_script", rules)
        assert status == 200, body

    def requests(self):
        return self.admin("GET", "/_requests")[1]


class Recorder:
    """A TCP server on loopback that writes down what each connection sends first, then
    answers `reply` and hangs up: a stand-in for an HTTP proxy or a redirecting server."""

    def __init__(self, reply):
        self.reply = reply
        self.received = []
        self.lock = threading.Lock()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.thread = threading.Thread(target=self.serve, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.listener.close()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def serve(self):
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return  # closed by __exit__
            with connection:
                connection.settimeout(5)
                data = b""
                try:
                    while b"\r\n\r\n" not in data:
                        chunk = connection.recv(65536)
                        if not chunk:
                            break
                        data += chunk
                    connection.sendall(self.reply)
                except OSError:
                    pass
            with self.lock:
                self.received.append(data.decode("latin-1"))

    def connections(self):
        with self.lock:
            return list(self.received)


def toml_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return json.dumps(value)  # a basic TOML string is spelled as a JSON one


class Scratch:
    """A temporary directory holding one test's manifest."""

    def __init__(self):
        self.dir = tempfile.TemporaryDirectory(prefix="evo-network-")

    def cleanup(self):
        self.dir.cleanup()

    def manifest(self, providers):
        """A manifest asking `providers` ({id: openai table}) in order, checked by python-syntax
        so that a passing answer is a validated one."""
        lines = ["[pipeline]", f"provider = {toml_value(list(providers))}",
                 'validators = ["python-syntax"]', "",
                 "[request]", 'model = "test-model"', 'language = "python"', ""]
        for name, table in providers.items():
            lines.append(f"[plugins.{name}]")
            lines.append('plugin = "openai"')
            lines += [f"{key} = {toml_value(value)}" for key, value in table.items()]
            lines.append("")
        lines.append("[plugins.python-syntax]")
        path = os.path.join(self.dir.name, "evo.toml")
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        return path
