"""Times one seed workload the way evo's C++ side does and prints {"ms": ..., "checksum": ...}.

Only the workload is timed, with the monotonic clock (perf_counter is CLOCK_MONOTONIC on
Linux, like std::chrono::steady_clock); the checksum is part of the workload on both sides.
"""
import json
import sys
import time


def report(workload):
    start = time.perf_counter_ns()
    checksum = workload()
    elapsed_ns = time.perf_counter_ns() - start
    json.dump({"ms": elapsed_ns / 1e6, "checksum": checksum}, sys.stdout)
    sys.stdout.write("\n")
