package bench

import (
	"testing"

	"github.com/handoffbench/handoff"
	"github.com/handoffbench/handoff/bench/matrix"
)

// RunPipeline measures a Pipeline case: a stream of ints in which the
// producer works c.PWork nominal ns before each Put, on an item that
// carries its result, and the handler works c.Work on each item, so that a
// handoff that crosses threads can run the two sides at once and one that
// stays on the producer's thread cannot. ns/op is the wall time per item,
// the Close that drains the stream included. Two units say why a handoff
// falls short of the overlap limit: wakeups/op, the goroutines made to run
// again after waiting per item (estimated from the runtime's sampled
// scheduling latencies), which a consumer that parks whenever it has
// caught up pays once an item; and thread-sleeps/op, the times a thread of
// the process went to sleep in the kernel (voluntary context switches) per
// item, which a wake-up across cores can cost on top. The floors, measured by the
// same loop without a Conn: matrix.Serial does both works one after the
// other on the producer's thread, and matrix.OverlapLimit the larger
// side's alone, the least a perfect overlap could cost; both with the
// producer's bookkeeping and one call an item. The stream floors of
// matrix.PipelineMechanisms run as rows do, through their Conn wrappers.
func RunPipeline(b *testing.B, c matrix.Case) {
	switch c.Impl {
	case matrix.Serial:
		// The handler called in Put on the producer's thread: funccall's
		// Conn, one indirect call an item.
		pipeline(b, c, openCall[int])
	case matrix.OverlapLimit:
		// The larger work on the producer's side, none in the handler.
		lim := c
		lim.PWork, lim.Work = max(c.PWork, c.Work), 0
		pipeline(b, lim, openCall[int])
	case matrix.ChanStream:
		pipeline(b, c, openChanStream[int])
	case matrix.AtomicSpinStream:
		pipeline(b, c, openSpinStream[int])
	default:
		pipeline(b, c, implNamed(b, c.Impl).Open)
	}
}

// pipeline is the measurement: b.N items, each made by the producer's
// work, handed over by Put, then the checks of exchange.
func pipeline(b *testing.B, c matrix.Case, open handoff.OpenFunc[int, int]) {
	t := tally{iters: workIters(c.Work)}
	conn, err := open(func(v int) (int, error) { return handle(&t, v) }, handoff.Options{Capacity: c.Cap})
	if err != nil {
		b.Fatal(err)
	}
	ring, steps := intRing(), workIters(c.PWork)
	x := uint64(len(ring))
	var want uint64
	sleeps := threadSleeps()
	m := startMeter(b)
	m.wakeups = true
	for i := range b.N {
		x = spin(x, steps)
		// The item depends on the work, as a stage's output does: a Put
		// cannot be issued before the work that made it is done.
		v := ring[i&(ringSize-1)] + int(x>>48)
		want += key(v)
		if err := conn.Put(v); err != nil {
			b.Fatalf("Put #%d: %v", i, err)
		}
	}
	err = conn.Close()
	m.stop(b)
	if now := threadSleeps(); sleeps >= 0 && now >= 0 {
		b.ReportMetric(float64(now-sleeps)/float64(b.N), "thread-sleeps/op")
	}
	sink += x
	if err != nil {
		b.Fatalf("Close: %v", err)
	}
	if err := t.check(b.N, want); err != nil {
		b.Fatal(err)
	}
}
