package bench

import (
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
//     their rate alone measured in the same process just before the Conn
//     opens and just after it closes;
//   - corunner-lost-pct, that loss as a share of what they do alone;
//   - cpu-ns/op, the process's CPU less what the co-runners' chunks took at
//     their CPU per chunk alone: the handoff's own CPU, not theirs.
//
// Both windows alone cost 2 × aloneWindow a call.
func RunLoad(b *testing.B, c matrix.Case) {
	var l *load
	switch c.Load {
	case matrix.LoadProcs:
		l = startCoRunners(runtime.GOMAXPROCS(0))
	case matrix.LoadHost:
		h, err := startHog()
		if err != nil {
			b.Fatal(err)
		}
		l = &load{hog: h}
	default:
		b.Fatalf("bench: no load %q (have %v)", c.Load, matrix.Loads)
	}
	defer func() {
		activeLoad = nil
		if err := l.stop(); err != nil {
			b.Error(err)
		}
	}()
	l.alone()
	activeLoad = l
	switch in := c.Inner(); in.Bench {
	case matrix.Floor:
		RunFloor(b, in)
	case matrix.Latency:
		RunLatency(b, in)
	default:
		RunHandoff(b, in)
	}
	activeLoad = nil
	l.alone()
	l.report(b)
}

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

	// Alone: chunks, wall and process CPU over both windows.
	aloneChunks         uint64
	aloneWall, aloneCPU time.Duration
	// The timed loop: chunks done and wall time, and the process's CPU.
	chunks0, chunks uint64
	t0              time.Time
	wall, cpu       time.Duration
	timed           bool
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

// alone lets the co-runners run alone for aloneWindow and adds what they
// did to the alone totals. A hog has nothing to count.
func (l *load) alone() {
	if l.counts == nil {
		return
	}
	c0, cpu0, t0 := l.done(), processCPU(), time.Now()
	time.Sleep(aloneWindow)
	c1, cpu1, t1 := l.done(), processCPU(), time.Now()
	l.aloneChunks += c1 - c0
	l.aloneWall += t1.Sub(t0)
	l.aloneCPU += cpu1 - cpu0
}

// begin and end bracket the timed loop (the meter calls them).
func (l *load) begin() {
	l.chunks0, l.t0 = l.done(), time.Now()
}

func (l *load) end(cpu time.Duration) {
	l.chunks, l.wall, l.cpu, l.timed = l.done()-l.chunks0, time.Since(l.t0), cpu, true
}

// report adds the co-runners' loss and the handoff's own CPU to b's
// results (load=procs with a timed loop and a measurable rate alone).
func (l *load) report(b *testing.B) {
	if l.counts == nil || !l.timed || l.aloneChunks == 0 || l.aloneWall <= 0 {
		return
	}
	rate := float64(l.aloneChunks) / float64(l.aloneWall) // chunks per ns
	expected := rate * float64(l.wall)
	lost := expected - float64(l.chunks)
	n := float64(b.N)
	b.ReportMetric(lost/n, "corunner-lost/op")
	if expected > 0 {
		b.ReportMetric(100*lost/expected, "corunner-lost-pct")
	}
	if l.cpu >= 0 && l.aloneCPU >= 0 {
		perChunk := float64(l.aloneCPU) / float64(l.aloneChunks)
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
