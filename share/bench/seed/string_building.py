"""The seed's string processing: 100,000 formatted appends, keeping the last 1,000
characters every 1,000 iterations. Twin of string_building() in host/bench/src/seed_workloads.cpp."""
import zlib

from seed_harness import report


def string_building(iterations=100_000):
    result = ""
    for i in range(iterations):
        result += f"test_string_{i}_with_formatting"
        if i % 1000 == 0:
            result = result[-1000:]
    return f"{len(result)}:{zlib.crc32(result.encode()):08x}"


if __name__ == "__main__":
    report(string_building)
