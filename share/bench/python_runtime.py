"""Describes the running Python for evo bench: what to run, and what its installed footprint
is made of. Prints one JSON object."""
import json
import os
import platform
import sys
import sysconfig


def mapped_libpython():
    """The shared libpython this interpreter has loaded, or None when it is linked in.

    sysconfig cannot tell: Debian's python3 says Py_ENABLE_SHARED yet is linked statically.
    """
    try:
        with open("/proc/self/maps") as maps:
            for line in maps:
                fields = line.split(maxsplit=5)
                if len(fields) == 6 and os.path.basename(fields[5]).startswith("libpython"):
                    return fields[5].strip()
    except OSError:
        pass
    return None


def main():
    paths = sysconfig.get_paths()
    stdlib_dirs = sorted({paths["stdlib"], paths["platstdlib"]})
    # Third-party packages are not the runtime; the stdlib's own test suite is not needed to
    # run anything (Debian ships it as a separate package).
    excluded = {paths["purelib"], paths["platlib"]} | {os.path.join(d, "test") for d in stdlib_dirs}
    json.dump(
        {
            "executable": os.path.realpath(sys.executable),
            "implementation": platform.python_implementation(),
            "version": platform.python_version(),
            "libpython": mapped_libpython(),
            "stdlib_dirs": stdlib_dirs,
            "excluded_dirs": sorted(excluded),
        },
        sys.stdout,
    )
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
