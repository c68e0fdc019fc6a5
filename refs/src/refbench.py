"""What the Python reference programs share: Go's way of sizing a run.

measure(name, run) calls run(n), which returns the nanoseconds n items
took, with n growing (at most 100-fold a step, like Go's testing package)
until a run lasts the benchtime, then prints that last run as one line of
the Go benchmark format.
"""
import sys


def measure(name, run, argv=None):
    argv = sys.argv[1:] if argv is None else argv
    benchtime = float(argv[0]) if argv else 0.1
    goal = benchtime * 1e9
    n, elapsed = 1, run(1)
    while elapsed < goal and n < 10**9:
        per = max(elapsed / n, 1)
        n = int(min(max(goal / per * 1.2, n + 1), 100 * n))
        elapsed = run(n)
    print(f"{name} {n} {elapsed / n:.2f} ns/op")
