package bench

import (
	"errors"
	"flag"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/handoffbench/handoff/bench/matrix"
)

// RunLoad measures a Load case: its inner case (matrix.Case.Inner), the
// Handoff, Floor or Latency exchange, with the cores kept busy by c.Load for the
// whole of the call. It reports what the inner case reports, and under
// load=procs also what the handoff cost the co-runners:
//
//   - corunner-lost/op, the chunks of work they did not do per op, against
//     their rate alone measured in the same process before the first call
//     and after the last (see below);
//   - corunner-lost-pct, that loss as a share of what they do alone;
//   - cpu-ns/op, the process's CPU less what the co-runners' chunks took at
//     their CPU per chunk alone: the handoff's own CPU, not theirs.
//
// The load lasts across the calls with which testing ramps b.N (see
// session): it starts with the first call, which measures the co-runners
// alone for aloneWindow first, and ends with the last, which measures them
// alone again after its Conn closes; only the last call's numbers are
// kept, so the calls between pay no window alone. A window is 5 ms asleep,
// which a wake-up among busy co-runners stretches to 10–20 ms, and a hog
// process takes milliseconds to start: once per case, not once per call.
func RunLoad(b *testing.B, c matrix.Case) {
	l, err := loadFor(b, c)
	if err != nil {
		b.Fatal(err)
	}
	l.timed = false
	activeLoad = l
	if d, _, err := benchtime(); err == nil && d > 0 {
		timeBox = d
	}
	switch in := c.Inner(); in.Bench {
	case matrix.Floor:
		RunFloor(b, in)
	case matrix.Latency:
		RunLatency(b, in)
	default:
		RunHandoff(b, in)
	}
	activeLoad, timeBox = nil, 0
	if !lastCall(b) {
		return
	}
	l.report(b, l.before.plus(l.alone()))
	if err := endLoad(); err != nil {
		b.Error(err)
	}
}

// session is the load of the Load case running now, and the benchmark
// it belongs to: testing calls a benchmark's function once per b.N it
// tries, on the same B, and the load runs from the first call to the
// last, which lastCall recognises by testing's own rule. Should that rule
// change, a call wrongly taken for the last only makes the next start a
// load afresh, and a last call not taken for one leaves its load to the
// next benchmark to start, which ends it (endLoad, from startMeter and
// loadFor), or to the process's exit, which ends the co-runners and, with
// its stdin, the hog; the case then lacks its co-runner units, which
// TestEveryCaseRuns would show.
var session struct {
	b *testing.B
	l *load
}

// loadFor returns the load of b's case, started on b's first call, which
// measures it alone first.
func loadFor(b *testing.B, c matrix.Case) (*load, error) {
	if session.b == b {
		return session.l, nil
	}
	if err := endLoad(); err != nil {
		return nil, err
	}
	var l *load
	switch c.Load {
	case matrix.LoadProcs:
		l = startCoRunners(runtime.GOMAXPROCS(0))
	case matrix.LoadHost:
		h, err := startHog()
		if err != nil {
			return nil, err
		}
		l = &load{hog: h}
	default:
		return nil, fmt.Errorf("bench: no load %q (have %v)", c.Load, matrix.Loads)
	}
	l.before = l.alone()
	session.b, session.l = b, l
	return l, nil
}

// endLoad stops the session's load, if one runs, and waits for it.
func endLoad() error {
	l := session.l
	if l == nil {
		return nil
	}
	session.b, session.l = nil, nil
	return l.stop()
}

// lastCall says whether testing will not call b's benchmark function
// again, by testing's own rule: b failed, or b.N reached the count of a
// -test.benchtime=Nx, or the timed duration reached a -test.benchtime
// duration.
func lastCall(b *testing.B) bool {
	if b.Failed() {
		return true
	}
	d, count, err := benchtime()
	switch {
	case err != nil:
		return true
	case count > 0:
		return b.N >= count
	}
	return b.Elapsed() >= d || b.N >= 1e9
}

// benchtime is -test.benchtime: a duration, or a count of iterations.
func benchtime() (d time.Duration, count int, err error) {
	f := flag.Lookup("test.benchtime")
	if f == nil {
		return 0, 0, errors.New("bench: no -test.benchtime flag: not a test binary")
	}
	return matrix.ParseBenchtime(f.Value.String())
}

// timeBox is how long the timed loop of a Load case runs: under load a
// row's speed varies 60-fold from one call to the next, and some rows'
// calls take 50 ms whatever b.N (a spinning pair among busy co-runners
// waits out time slices), so that testing's ramp of b.N, predicted from
// the last call, either made a call take a minute (an atomic-spin-pingpong
// under load=host once took 21 s for 60 ms of -test.benchtime) or crept up
// over twenty calls. In a box, the loops that run under load (exchange's
// roundtrip and RunLatency's stream) ignore b.N: they run for the
// -test.benchtime duration, looking at the clock every boxChunk ops, and
// set b.N to the ops they did, as b.Loop does, every op checked as ever.
// Testing then takes that first call as the last. Zero outside a Load case
// and with a count of iterations (-test.benchtime=Nx): no box, b.N ops.
var timeBox time.Duration

// activeLoad is the load of the Load case running now, which the meter
// tells when the timed loop starts and stops; nil outside one. Benchmarks
// run one at a time, so one variable serves.
var activeLoad *load

const (
	// corunChunk is one chunk of a co-runner's work: dependent
	// multiply-adds, a few microseconds on a current core.
	corunChunk = 2000
	// aloneWindow is how long the co-runners run alone, before the Conn
	// opens and after it closes, to give their rate without the handoff.
	aloneWindow = 5 * time.Millisecond
)

// A load keeps the cores busy during a Load case: co-runner goroutines
// (load=procs), or a hog process (load=host), whose work is not counted.
type load struct {
	counts []paddedCount // per co-runner: chunks done
	quit   atomic.Bool
	wg     sync.WaitGroup
	hog    *hog

	before window // the co-runners alone before the first call
	// The timed loop: chunks done and wall time, and the process's CPU.
	chunks0, chunks uint64
	t0              time.Time
	wall, cpu       time.Duration
	timed           bool
}

// A window is what the co-runners did alone for a while.
type window struct {
	chunks    uint64
	wall, cpu time.Duration
}

func (w window) plus(v window) window {
	return window{w.chunks + v.chunks, w.wall + v.wall, w.cpu + v.cpu}
}

type paddedCount struct {
	n atomic.Uint64
	_ [56]byte
}

// startCoRunners starts n goroutines that do chunks of work until stop.
func startCoRunners(n int) *load {
	l := &load{counts: make([]paddedCount, n)}
	l.wg.Add(n)
	for i := range n {
		go func() {
			defer l.wg.Done()
			x := uint64(i)
			for !l.quit.Load() {
				x = spin(x, corunChunk)
				l.counts[i].n.Add(1)
			}
			corunSink.Add(x)
		}()
	}
	return l
}

var corunSink atomic.Uint64

func (l *load) done() uint64 {
	var s uint64
	for i := range l.counts {
		s += l.counts[i].n.Load()
	}
	return s
}

// alone lets the co-runners run alone for aloneWindow, and says what they
// did. A hog has nothing to count.
func (l *load) alone() window {
	if l.counts == nil {
		return window{}
	}
	c0, cpu0, t0 := l.done(), processCPU(), time.Now()
	time.Sleep(aloneWindow)
	c1, cpu1, t1 := l.done(), processCPU(), time.Now()
	return window{c1 - c0, t1.Sub(t0), cpu1 - cpu0}
}

// begin and end bracket the timed loop (the meter calls them).
func (l *load) begin() {
	l.chunks0, l.t0 = l.done(), time.Now()
}

func (l *load) end(cpu time.Duration) {
	l.chunks, l.wall, l.cpu, l.timed = l.done()-l.chunks0, time.Since(l.t0), cpu, true
}

// report adds the co-runners' loss and the handoff's own CPU to b's
// results, against what they did alone (load=procs with a timed loop and a
// measurable rate alone).
func (l *load) report(b *testing.B, alone window) {
	if l.counts == nil || !l.timed || alone.chunks == 0 || alone.wall <= 0 {
		return
	}
	rate := float64(alone.chunks) / float64(alone.wall) // chunks per ns
	expected := rate * float64(l.wall)
	lost := expected - float64(l.chunks)
	n := float64(b.N)
	b.ReportMetric(lost/n, "corunner-lost/op")
	if expected > 0 {
		b.ReportMetric(100*lost/expected, "corunner-lost-pct")
	}
	if l.cpu >= 0 && alone.cpu >= 0 {
		perChunk := float64(alone.cpu) / float64(alone.chunks)
		b.ReportMetric((float64(l.cpu)-perChunk*float64(l.chunks))/n, "cpu-ns/op")
	}
}

// stop ends the co-runners or the hog and waits for them.
func (l *load) stop() error {
	if l.hog != nil {
		return l.hog.stop()
	}
	l.quit.Store(true)
	l.wg.Wait()
	return nil
}
