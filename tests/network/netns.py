"""Runs a test module inside network and mount namespaces of its own, with only loopback up.

    netns.py MODULE [unittest arguments...]

Whatever evo does wrong, no packet can leave the machine: the namespace has no interface but
`lo`. The mount namespace lets a test bind its own /etc/hosts (names that resolve elsewhere)
without touching the machine's. Exits 77 (ctest's skip code here) when namespaces cannot be
made, e.g. without root or user namespaces.
"""
import fcntl
import os
import socket
import struct
import subprocess
import sys
import unittest

SKIP = 77
INSIDE = "EVO_TEST_IN_NETNS"


def bring_loopback_up():
    """`ip link set lo up`, without needing iproute2: SIOCGIFFLAGS, then SIOCSIFFLAGS | IFF_UP."""
    siocgifflags, siocsifflags, iff_up = 0x8913, 0x8914, 0x1
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        request = struct.pack("16sh", b"lo", 0)
        flags = struct.unpack("16sh", fcntl.ioctl(s, siocgifflags, request))[1]
        fcntl.ioctl(s, siocsifflags, struct.pack("16sh", b"lo", flags | iff_up))


def main():
    if os.environ.get(INSIDE) != "1":
        probe = subprocess.run(["unshare", "--net", "--mount", "true"], capture_output=True,
                               text=True, check=False)
        if probe.returncode != 0:
            print("skipped: cannot create a network namespace: " + probe.stderr.strip())
            return SKIP
        env = dict(os.environ, **{INSIDE: "1"})
        return subprocess.run(["unshare", "--net", "--mount", "--propagation", "private",
                               sys.executable, os.path.abspath(__file__), *sys.argv[1:]],
                              env=env, check=False).returncode
    interfaces = sorted(name for _, name in socket.if_nameindex())
    if interfaces != ["lo"]:
        print(f"refusing to run: interfaces {interfaces} besides lo are present")
        return 1
    bring_loopback_up()
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    program = unittest.main(module=sys.argv[1], argv=[sys.argv[0], *sys.argv[2:]], exit=False)
    return 0 if program.result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
