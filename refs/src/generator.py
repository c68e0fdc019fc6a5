#!/usr/bin/env python3
"""The seed's generator protocol, measured.

consumer() is the seed's coroutine: it receives each item with
`n = yield r` and ends when it receives a false value. produce() primes it
with send(None), hands every item over with `r = c.send(n)` and ends it with
close(), as the seed does. The seed prints on every step; here the consumer
computes a reply from the item instead (3n+1), so that the time measured is
the handoff and the checksum proves every item made the round trip.

Prints one Go benchmark format line: ns per send round trip.
"""
import sys
import time

from refbench import measure


def consumer():
    r = 0
    while True:
        n = yield r
        if not n:
            return
        r = 3 * n + 1


def produce(n):
    c = consumer()
    c.send(None)
    total = 0
    start = time.perf_counter_ns()
    for i in range(1, n + 1):
        total += c.send(i)
    elapsed = time.perf_counter_ns() - start
    c.close()
    want = 3 * n * (n + 1) // 2 + n
    if total != want:
        sys.exit(f"python-generator: replies sum to {total}, want {want}: an item was lost")
    return elapsed


if __name__ == "__main__":
    measure("BenchmarkHandoff/impl=python-generator/mode=roundtrip/cap=0/payload=8B/work=0/ref=true", produce)
