package matrix

import "github.com/handoffbench/handoff/resultfmt"

// A Metric is a unit the benchmarks report beyond Go's own ns/op, B/op and
// allocs/op, with what the results file's Unit line says of it.
type Metric struct {
	Unit   string
	Better string // "lower" or "higher"
	Doc    string
}

// Metrics are the custom units, as b.ReportMetric names them. The runner
// writes a "Unit <unit> better=... assume=nothing" line for each, so that
// benchstat and the report read their direction right.
var Metrics = []Metric{
	{"cpu-ns/op", "lower", "process CPU time (user+system) per op: above ns/op, more than one thread was busy; under load=procs, less what the co-runners' work took at their rate alone"},
	{"mutex-wait-ns/op", "lower", "time goroutines spent blocked on a sync.Mutex, per op"},
	{"sched-mean-ns", "lower", "mean time a goroutine waited, runnable, for a thread during the run"},
	{"sched-p99-ns", "lower", "99th percentile of that wait"},
	{"ns/p50", "lower", "median time from the start of Put to the handler"},
	{"ns/p99", "lower", "99th percentile of that latency"},
	{"ns/p999", "lower", "99.9th percentile of that latency"},
	{"corunner-lost/op", "lower", "load=procs: chunks of work (2000 dependent multiply-adds each) the co-runner goroutines did not do per op, against their rate alone in the same process and run"},
	{"corunner-lost-pct", "lower", "load=procs: that loss as a percentage of what the co-runners do alone in the same time"},
	{"wakeups/op", "lower", "Pipeline: a goroutine's passes through the scheduler per op, estimated from the runtime's sampled scheduling latencies"},
	{"thread-sleeps/op", "lower", "Pipeline: the process's threads going to sleep in the kernel of their own accord (voluntary context switches) per op; waking one costs microseconds"},
	{"idle-cpu-ns/s", "lower", "CPU time an open, idle Conn burns per second of idleness, past its idle period (1e9 is a core)"},
	{resultfmt.InstructionsUnit, "lower", "instructions executed per op under Valgrind (handoff bench -counts): a count, not a timing, and for a benchmark that counts steadily nearly the same from run to run"},
}
