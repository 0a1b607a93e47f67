"""The seed's memory allocation: 10,000 arrays of 100 integers, keeping the last 50 whenever
there are more than 100. Twin of allocation() in host/bench/src/seed_workloads.cpp."""
from seed_harness import report


def allocation(iterations=10_000):
    arrays = []
    cleanups = 0
    for i in range(iterations):
        arrays.append([j for j in range(100)])
        if len(arrays) > 100:
            arrays = arrays[-50:]
            cleanups += 1
    return f"{len(arrays)}:{cleanups}:{sum(map(sum, arrays))}"


if __name__ == "__main__":
    report(allocation)
