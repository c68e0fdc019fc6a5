package bench

import (
	"fmt"
	"sync"
	"testing"

	"github.com/handoffbench/handoff"
	"github.com/handoffbench/handoff/bench/matrix"
)

// RunContention has c.Producers goroutines share one Conn of a measured
// row that claims ConcurrentProducers, Putting b.N items between
// them (c.Mode stream), or Sending them and checking every reply
// (roundtrip: a worker pool's or an actor's callers); ns/op is wall time
// per item, Close included.
func RunContention(b *testing.B, c matrix.Case) {
	t := tally{}
	conn, err := implNamed(b, c.Impl).Open(func(v int) (int, error) { t.see(uint64(v)); return v, nil }, handoff.Options{Capacity: c.Cap})
	if err != nil {
		b.Fatal(err)
	}
	var wg sync.WaitGroup
	wants := make([]uint64, c.Producers)
	errs := make([]error, c.Producers)
	m := startMeter(b)
	for p := range c.Producers {
		wg.Go(func() {
			// Summed in a local and stored once: producers writing
			// neighbouring elements of wants in the loop would share a
			// cache line, and the benchmark would measure that too.
			var want uint64
			defer func() { wants[p] = want }()
			for i := p; i < b.N; i += c.Producers {
				want += uint64(i)
				if c.Mode == matrix.Roundtrip {
					got, err := conn.Send(i)
					if err == nil && got != i {
						err = fmt.Errorf("Send(%d) replied %d", i, got)
					}
					if err != nil {
						errs[p] = err
						return
					}
					continue
				}
				if err := conn.Put(i); err != nil {
					errs[p] = err
					return
				}
			}
		})
	}
	wg.Wait()
	err = conn.Close()
	m.stop(b)
	for _, e := range append(errs, err) {
		if e != nil {
			b.Fatal(e)
		}
	}
	var want uint64
	for _, w := range wants {
		want += w
	}
	if err := t.check(b.N, want); err != nil {
		b.Fatal(err)
	}
}
