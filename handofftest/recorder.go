package handofftest

import (
	"fmt"
	"runtime"
	"sync/atomic"
)

// A recorder is a handler that writes down what it sees: the items in
// order, and whether it was ever entered while already running. It must
// not be called concurrently with itself; if it is, overlap says so and the
// race detector usually says more.
type recorder struct {
	handled []int
	done    atomic.Int64 // len(handled), readable from any goroutine
	inside  atomic.Bool
	overlap atomic.Bool

	// before runs first on every item, in the handler, when set.
	before func(v int)
	// yield makes the handler give up its thread now and then, so that
	// producers and consumer interleave in more ways.
	yield bool
}

// reply is what every recorder's handler returns for v: a function of v,
// so that a reply for the wrong item shows.
func reply(v int) int { return 3*v + 1 }

func (r *recorder) handle(v int) (int, error) {
	if r.inside.Swap(true) {
		r.overlap.Store(true)
	}
	if r.before != nil {
		r.before(v)
	}
	if r.yield && v%3 == 0 {
		runtime.Gosched()
	}
	r.handled = append(r.handled, v)
	r.inside.Store(false)
	r.done.Add(1)
	return reply(v), nil
}

// check compares what was handled with what should have been, once the
// Conn is closed.
func (r *recorder) check(want []int) error {
	if r.overlap.Load() {
		return fmt.Errorf("the handler ran concurrently with itself")
	}
	got := r.handled
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			return fmt.Errorf("item %d handled is %d, want %d (handled %d items, want %d)", i, got[i], want[i], len(got), len(want))
		}
	}
	if len(got) != len(want) {
		return fmt.Errorf("handled %d items, want %d", len(got), len(want))
	}
	return nil
}
