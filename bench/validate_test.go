package bench_test

import (
	"flag"
	"runtime"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/handoffbench/handoff"
	"github.com/handoffbench/handoff/bench"
	"github.com/handoffbench/handoff/bench/matrix"
	"github.com/handoffbench/handoff/impls/channels"
)

// A broken implementation must fail its benchmark rather than report a
// number. These wrap a correct Conn and break it one way each.

// dropper loses every hundredth Put: it returns nil and never hands it over.
type dropper struct {
	handoff.Conn[int, int]
	n int
}

func (d *dropper) Put(v int) error {
	if d.n++; d.n%100 == 1 {
		return nil
	}
	return d.Conn.Put(v)
}

// replier answers every Send with the item before.
type replier struct {
	handoff.Conn[int, int]
	last int
}

func (r *replier) Send(v int) (int, error) {
	got, err := r.Conn.Send(v)
	got, r.last = r.last, got
	return got, err
}

func TestBrokenImplementationsFail(t *testing.T) {
	defer setBenchtime(t, "5000x")()
	wrap := func(w func(handoff.Conn[int, int]) handoff.Conn[int, int]) handoff.OpenFunc[int, int] {
		return func(h handoff.Handler[int, int], o handoff.Options) (handoff.Conn[int, int], error) {
			c, err := channels.Open(h, o)
			return w(c), err
		}
	}
	cases := []struct {
		name string
		c    matrix.Case
		open handoff.OpenFunc[int, int]
	}{
		{"drops a Put", matrix.Case{Bench: matrix.Handoff, Mode: matrix.Stream, Cap: 16, Payload: matrix.P8B},
			wrap(func(c handoff.Conn[int, int]) handoff.Conn[int, int] { return &dropper{Conn: c} })},
		{"replies to the wrong Send", matrix.Case{Bench: matrix.Handoff, Mode: matrix.Roundtrip, Payload: matrix.P8B},
			wrap(func(c handoff.Conn[int, int]) handoff.Conn[int, int] { return &replier{Conn: c} })},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := testing.Benchmark(func(b *testing.B) { bench.RunHandoffWith(b, tc.c, tc.open) })
			assert.Zero(t, r.N, "the benchmark reported %v instead of failing", r)
		})
	}
	t.Run("a correct one passes", func(t *testing.T) {
		ok := matrix.Case{Bench: matrix.Handoff, Mode: matrix.Stream, Cap: 16, Payload: matrix.P8B}
		r := testing.Benchmark(func(b *testing.B) { bench.RunHandoffWith(b, ok, channels.Open[int, int]) })
		assert.NotZero(t, r.N)
	})
}

// TestEveryCaseRuns runs every case of the matrix for a few hundred
// iterations, under the race detector, so that a case that cannot run is
// found by the tests rather than in the middle of a bench run: make test
// (-short) the default profile's cases, make test-long every case.
func TestEveryCaseRuns(t *testing.T) {
	defer setBenchtime(t, "200x")()
	bodies := map[string]func(*testing.B, matrix.Case){
		matrix.Handoff:    bench.RunHandoff,
		matrix.Floor:      bench.RunFloor,
		matrix.Latency:    bench.RunLatency,
		matrix.Contention: bench.RunContention,
		matrix.Idle:       bench.RunIdle,
		matrix.Load:       bench.RunLoad,
		matrix.Pipeline:   bench.RunPipeline,
	}
	cases := matrix.All(bench.Rows())
	if testing.Short() {
		def, err := matrix.LookupProfile("default")
		if err != nil {
			t.Fatal(err)
		}
		cases = cases[:0]
		for _, u := range def.Units(bench.Rows()) {
			if !slices.Contains(cases, u.Case) {
				cases = append(cases, u.Case)
			}
		}
	}
	for _, c := range cases {
		t.Run(c.Name(), func(t *testing.T) {
			if c.MinProcs() > runtime.GOMAXPROCS(0) {
				t.Skipf("needs GOMAXPROCS ≥ %d", c.MinProcs())
			}
			if c.Bench == matrix.Idle {
				defer setBenchtime(t, "2x")() // an op is 20 ms of idleness
			}
			r := testing.Benchmark(func(b *testing.B) { bodies[c.Bench](b, c) })
			assert.NotZero(t, r.N, "the case failed")
			switch {
			case c.Bench == matrix.Idle:
				assert.Contains(t, r.Extra, "idle-cpu-ns/s")
			case c.Bench == matrix.Load:
				assert.Contains(t, r.Extra, "cpu-ns/op")
				if c.Load == matrix.LoadProcs {
					assert.Contains(t, r.Extra, "corunner-lost-pct")
				}
				if c.Mode == matrix.Stream {
					assert.Contains(t, r.Extra, "ns/p99")
				}
			default:
				assert.Contains(t, r.Extra, "cpu-ns/op")
			}
		})
	}
}

func setBenchtime(t *testing.T, d string) (restore func()) {
	f := flag.Lookup("test.benchtime")
	old := f.Value.String()
	if err := f.Value.Set(d); err != nil {
		t.Fatal(err)
	}
	return func() { f.Value.Set(old) }
}

// TestLaddersDoNotAllocate: every step of a ladder, floor or implementation,
// allocates nothing per op, or the steps would measure the allocator.
func TestLaddersDoNotAllocate(t *testing.T) {
	defer setBenchtime(t, "2000x")()
	body := map[string]func(*testing.B, matrix.Case){matrix.Floor: bench.RunFloor, matrix.Handoff: bench.RunHandoff}
	for _, l := range matrix.Ladders {
		for _, s := range l.Steps {
			t.Run(s.Name(), func(t *testing.T) {
				r := testing.Benchmark(func(b *testing.B) { body[s.Bench](b, s.Case) })
				assert.NotZero(t, r.N, "the case failed")
				assert.Zero(t, r.AllocsPerOp())
			})
		}
	}
}
