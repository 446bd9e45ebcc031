"""Runs the runtime's unittest suite and prints one machine-readable count line for eng/test.sh.

    python3 eng/run-python-tests.py [PATTERN]

The numpy/PIL module runs on Debian's /usr/bin/python3, where apt's python3-numpy and python3-pil live (installed
here when missing); the rest runs on this interpreter. Its tests are skipped, with the reason, only when neither
interpreter has the packages and apt cannot install them.
"""
import fnmatch
import os
import shutil
import subprocess
import sys
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SUITE = os.path.join(ROOT, "tests", "Cog.Runtime.Tests")
NUMPY_PIL_MODULE = "test_numpy_pil.py"
DEBIAN_PYTHON = "/usr/bin/python3"
APT_PACKAGES = ["python3-numpy", "python3-pil"]


def run_here(pattern, exclude=None):
    """(passed, failed, skipped) of the modules matching pattern, run on this interpreter."""
    sys.path.insert(0, os.path.join(ROOT, "src", "Cog.Runtime"))
    loader = unittest.TestLoader()
    suite = unittest.TestSuite()
    for name in sorted(os.listdir(SUITE)):
        if name.endswith(".py") and fnmatch.fnmatch(name, pattern) and name != exclude:
            suite.addTests(loader.discover(SUITE, pattern=name, top_level_dir=SUITE))
    result = unittest.TextTestRunner(verbosity=1 if os.environ.get("CI") else 2).run(suite)
    # a test with failing subtests is one failed test, however many of its subtests failed
    failed = len({_test_id(t) for t, _ in result.failures + result.errors} | {_test_id(t) for t in result.unexpectedSuccesses})
    skipped = len(result.skipped)
    return max(0, result.testsRun - failed - skipped), failed, skipped


def _test_id(test):
    return getattr(test, "test_case", test).id()


def has_numpy_pil(python):
    try:
        return subprocess.run([python, "-c", "import numpy, PIL.Image"], capture_output=True, timeout=60).returncode == 0
    except OSError:
        return False


def install_numpy_pil():
    """None once Debian's interpreter has numpy and PIL, else why it could not get them."""
    if not os.path.exists(DEBIAN_PYTHON):
        return f"{DEBIAN_PYTHON} does not exist (not a Debian machine)"
    if has_numpy_pil(DEBIAN_PYTHON):
        return None
    if shutil.which("apt-get") is None:
        return "apt-get is not available to install " + " and ".join(APT_PACKAGES)
    if os.geteuid() != 0:
        return "installing " + " and ".join(APT_PACKAGES) + " needs root (run: sudo apt-get install " + " ".join(APT_PACKAGES) + ")"
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    install = ["apt-get", "install", "-y", "--no-install-recommends", "-o", "DPkg::Lock::Timeout=300"] + APT_PACKAGES
    print("installing " + " ".join(APT_PACKAGES) + " with apt-get", flush=True)
    result = subprocess.run(install, env=env, capture_output=True, text=True)
    if result.returncode != 0:  # the package lists may be stale or missing on a fresh machine
        subprocess.run(["apt-get", "update", "-o", "DPkg::Lock::Timeout=300"], env=env, capture_output=True, text=True)
        result = subprocess.run(install, env=env, capture_output=True, text=True)
    if result.returncode != 0 or not has_numpy_pil(DEBIAN_PYTHON):
        tail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
        return f"apt-get install {' '.join(APT_PACKAGES)} failed (exit {result.returncode}: {tail[0]})"
    return None


def run_numpy_pil_module():
    """(passed, failed, skipped) of the numpy/PIL module, on an interpreter that has both."""
    python = sys.executable if has_numpy_pil(sys.executable) else None
    reason = None
    if python is None:
        reason = install_numpy_pil()
        python = DEBIAN_PYTHON if reason is None else None
    if python is None:
        print(f"numpy/PIL tests skipped: {reason}", flush=True)
        os.environ["COG_TEST_NUMPY_PIL_MISSING"] = reason
        return run_here(NUMPY_PIL_MODULE)
    print(f"numpy/PIL tests on {python}", flush=True)
    result = subprocess.run([python, os.path.abspath(__file__), "--this-interpreter", NUMPY_PIL_MODULE],
                            stdout=subprocess.PIPE, text=True)
    lines = result.stdout.splitlines()
    counts = [line for line in lines if line.startswith("python-counts:")]
    sys.stdout.write("".join(line + "\n" for line in lines if not line.startswith("python-counts:")))
    if not counts:
        return 0, 1, 0
    passed, failed, skipped = (int(n) for n in counts[-1].split()[1:])
    return passed, failed, skipped


def main(argv) -> int:
    this_interpreter_only = "--this-interpreter" in argv
    args = [a for a in argv if a != "--this-interpreter"]
    pattern = args[0] if args else "test_*.py"
    if this_interpreter_only or not fnmatch.fnmatch(NUMPY_PIL_MODULE, pattern):
        passed, failed, skipped = run_here(pattern)
    else:
        passed, failed, skipped = run_here(pattern, exclude=NUMPY_PIL_MODULE)
        sys.stdout.flush()
        sys.stderr.flush()
        more = run_numpy_pil_module()
        passed, failed, skipped = passed + more[0], failed + more[1], skipped + more[2]
    print(f"python-counts: {passed} {failed} {skipped}")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
