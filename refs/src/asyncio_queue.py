#!/usr/bin/env python3
"""The seed's asyncio, measured: the same exchange between two asyncio tasks.

roundtrip: the producer puts an item on a request queue of size 1 and awaits
the reply on a reply queue of size 1, which the consumer task fills with 3n+1.
stream: the producer puts items on one queue of size 16 (the Go stream's
capacity in the headline) and the consumer task sums them; the time includes
draining it.

Prints one Go benchmark format line, ns per item, for the mode in argv[1].
"""
import asyncio
import sys
import time

from refbench import measure


async def roundtrip(n):
    req, rep = asyncio.Queue(1), asyncio.Queue(1)

    async def consumer():
        while True:
            v = await req.get()
            if v is None:
                return
            await rep.put(3 * v + 1)

    task = asyncio.create_task(consumer())
    total = 0
    start = time.perf_counter_ns()
    for i in range(1, n + 1):
        await req.put(i)
        total += await rep.get()
    elapsed = time.perf_counter_ns() - start
    await req.put(None)
    await task
    want = 3 * n * (n + 1) // 2 + n
    if total != want:
        sys.exit(f"python-asyncio: replies sum to {total}, want {want}")
    return elapsed


async def stream(n):
    q = asyncio.Queue(16)
    got = [0]

    async def consumer():
        while True:
            v = await q.get()
            if v is None:
                return
            got[0] += v

    task = asyncio.create_task(consumer())
    start = time.perf_counter_ns()
    for i in range(1, n + 1):
        await q.put(i)
    await q.put(None)
    await task
    elapsed = time.perf_counter_ns() - start
    if got[0] != n * (n + 1) // 2:
        sys.exit(f"python-asyncio: the consumer summed {got[0]}, want {n * (n + 1) // 2}")
    return elapsed


if __name__ == "__main__":
    mode = sys.argv[1] if len(sys.argv) > 1 else ""
    if mode == "roundtrip":
        name = "BenchmarkHandoff/impl=python-asyncio/mode=roundtrip/cap=0/payload=8B/work=0/ref=true"
        measure(name, lambda n: asyncio.run(roundtrip(n)), argv=sys.argv[2:])
    elif mode == "stream":
        name = "BenchmarkHandoff/impl=python-asyncio/mode=stream/cap=16/payload=8B/work=0/ref=true"
        measure(name, lambda n: asyncio.run(stream(n)), argv=sys.argv[2:])
    else:
        sys.exit("usage: asyncio_queue.py roundtrip|stream [benchtime-seconds]")
