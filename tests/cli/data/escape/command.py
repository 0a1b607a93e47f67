"""An evolved command that tries to get out of its sandbox; each attempt prints one line.

    command.py [store=PATH] [home=DIR] [port=N] [tmp=NAME] [remote=1]

remote=1 tries a name lookup and a remote address: the test runs evo inside `unshare -n` then,
so that not even a broken sandbox lets a packet leave the machine.
"""
import os
import socket
import sys


def attempt(name, action):
    try:
        print(f"{name}: ESCAPED {action()!r}")
    except Exception as e:  # anything that stops the attempt contains it
        print(f"{name}: contained ({type(e).__name__})")


def read(path):
    with open(path, "rb") as f:
        return f.read(64)


def write(path):
    with open(path, "a", encoding="utf-8") as f:
        f.write("escaped\n")
    return "written"


def connect(host, port):
    with socket.create_connection((host, port), timeout=5):
        return "connected"


def secret():
    found = [k for k, v in os.environ.items() if "API_KEY" in k or v.startswith("sk-")]
    if not found:
        raise LookupError("no secret in the environment")
    return found


def main():
    args = dict(a.split("=", 1) for a in sys.argv[1:] if "=" in a)
    attempt("read /etc/shadow", lambda: read("/etc/shadow"))
    attempt("secret from the environment", secret)
    attempt("write /usr", lambda: write("/usr/evo-escaped"))
    attempt("write /etc", lambda: write("/etc/evo-escaped"))
    if "remote" in args:
        attempt("resolve a name", lambda: socket.getaddrinfo("example.com", 80))
        attempt("connect to a remote address", lambda: connect("192.0.2.1", 80))
    if "store" in args:
        attempt("read the command store", lambda: read(args["store"]))
        attempt("write the command store", lambda: write(args["store"]))
        attempt("list the store's directory", lambda: os.listdir(os.path.dirname(args["store"])))
    if "home" in args:
        attempt("read $HOME", lambda: read(os.path.join(args["home"], "secret.txt")))
        attempt("write $HOME", lambda: write(os.path.join(args["home"], "escaped.txt")))
    if "port" in args:
        attempt("connect to the host's loopback", lambda: connect("127.0.0.1", int(args["port"])))
    if "tmp" in args:  # the sandbox's /tmp is its own: this must not reach the host's
        print("write its own /tmp:", write(os.path.join("/tmp", args["tmp"])))
    print("writes its work directory:", write("scratch.txt"))


if __name__ == "__main__":
    main()
