// Package bench measures what it costs to hand an item from a producer to a
// consumer, through each implementation of the handoff contract and through
// the raw mechanisms beneath them. Its benchmarks (in bench_test.go) are the
// matrix of package matrix; run them through the runner (make bench), which
// interleaves them in shuffled rounds, or directly:
//
//	go test -run='^$' -bench='Handoff/impl=channels/mode=roundtrip' -cpu=1,2 -benchmem ./bench
//
// Every benchmark validates its work after the timed loop — the number of
// items handled and a checksum of them, and for Send of the replies — and
// fails instead of reporting a number if anything was lost, repeated or
// optimised away. Every benchmark also reports, beside ns/op and the
// -benchmem columns:
//
//   - cpu-ns/op: process CPU time (user+system, getrusage) per op. Above
//     ns/op it means more than one thread was busy — a consumer spinning,
//     or working in parallel; below, threads sat parked.
//   - mutex-wait-ns/op: time goroutines spent blocked on sync.Mutex per op
//     (runtime/metrics /sync/mutex/wait/total:seconds).
//   - sched-mean-ns, sched-p99-ns: mean and 99th percentile of the time a
//     goroutine waited, runnable, for a thread during the run
//     (runtime/metrics /sched/latencies:seconds, which the runtime samples);
//     0 when no goroutine waited, as when nothing crosses goroutines.
//
// BenchmarkLatency adds ns/p50, ns/p99 and ns/p999: the time from the start
// of Put to the handler receiving the item.
package bench
