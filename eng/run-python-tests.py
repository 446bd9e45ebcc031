"""Runs the runtime's unittest suite and prints one machine-readable count line for eng/test.sh."""
import os
import sys
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SUITE = os.path.join(ROOT, "tests", "Cog.Runtime.Tests")


def main() -> int:
    sys.path.insert(0, os.path.join(ROOT, "src", "Cog.Runtime"))
    pattern = sys.argv[1] if len(sys.argv) > 1 else "test_*.py"
    suite = unittest.defaultTestLoader.discover(SUITE, pattern=pattern, top_level_dir=SUITE)
    result = unittest.TextTestRunner(verbosity=1 if os.environ.get("CI") else 2).run(suite)
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    skipped = len(result.skipped)
    passed = result.testsRun - failed - skipped
    print(f"python-counts: {passed} {failed} {skipped}")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
