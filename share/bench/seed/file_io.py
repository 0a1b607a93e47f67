"""File I/O: writes 100 files of 64 KiB into a fresh temporary directory, reads them all back
and checksums what was read. Twin of file_io() in host/bench/src/seed_workloads.cpp: the
directory is created and removed inside the timed region on both sides."""
import os
import tempfile
import zlib

from seed_harness import report

FILE_COUNT = 100
FILE_SIZE = 64 * 1024


def numbered_file(directory, number):
    return os.path.join(directory, f"file_{number:03d}.bin")


def write_and_read_files(directory):
    block = bytes(range(256)) * (FILE_SIZE // 256)
    for k in range(FILE_COUNT):
        with open(numbered_file(directory, k), "wb") as file:
            file.write(k.to_bytes(4, "little") + block[4:])
    crc = 0
    total = 0
    for k in range(FILE_COUNT):
        with open(numbered_file(directory, k), "rb") as file:
            data = file.read()
        total += len(data)
        crc = zlib.crc32(data, crc)
    return f"{total}:{crc:08x}"


def file_io():
    with tempfile.TemporaryDirectory(prefix="evo-bench-") as directory:
        return write_and_read_files(directory)


if __name__ == "__main__":
    report(file_io)
