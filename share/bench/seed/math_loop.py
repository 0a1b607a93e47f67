"""The seed's mathematical computation: sqrt(i) * sin(i) + cos(i) summed over 1,000,000
values. Twin of math_loop() in host/bench/src/seed_workloads.cpp; the checksum is the exact
bits of the sum."""
import math
import struct

from seed_harness import report


def math_loop(iterations=1_000_000):
    total = 0.0
    for i in range(iterations):
        total += math.sqrt(i) * math.sin(i) + math.cos(i)
    (bits,) = struct.unpack("<Q", struct.pack("<d", total))
    return f"{bits:016x}"


if __name__ == "__main__":
    report(math_loop)
