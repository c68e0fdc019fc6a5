package bench

import (
	"testing"

	"github.com/handoffbench/handoff"
	"github.com/handoffbench/handoff/bench/matrix"
)

// RunHandoff measures one Handoff case on the measured row it names (see
// Main): b.N Sends (roundtrip) or b.N Puts and the Close (stream).
func RunHandoff(b *testing.B, c matrix.Case) {
	im := implNamed(b, c.Impl)
	switch {
	case c.Payload == matrix.P8B:
		exchange(b, c, im.Open, intRing())
	case c.Payload == matrix.P64B && im.OpenStruct != nil:
		exchange(b, c, im.OpenStruct, structRing())
	case c.Payload == matrix.PPtr && im.OpenPtr != nil:
		exchange(b, c, im.OpenPtr, ptrRing())
	default:
		b.Fatalf("bench: %s has no payload %q", c.Impl, c.Payload)
	}
}

// RunHandoffWith measures case c with an int payload on Conns from open,
// a row that need not be described: how a test shows that a broken
// implementation fails the benchmark instead of reporting a number.
func RunHandoffWith(b *testing.B, c matrix.Case, open handoff.OpenFunc[int, int]) {
	exchange(b, c, open, intRing())
}

// exchange is the measurement: b.N items from the ring handed over in the
// case's mode, then the checks. Only Open happens outside the timed loop.
func exchange[T any](b *testing.B, c matrix.Case, open handoff.OpenFunc[T, T], ring []T) {
	t := tally{iters: workIters(c.Work)}
	conn, err := open(func(v T) (T, error) { return handle(&t, v) }, handoff.Options{Capacity: c.Cap})
	if err != nil {
		b.Fatal(err)
	}
	if err := warmUp(conn, &t, ring); err != nil {
		b.Fatal(err)
	}
	var want, replies uint64
	m := startMeter(b)
	own, ownLoop := conn.(looper[T])
	switch {
	case c.Mode == matrix.Roundtrip && ownLoop:
		if want, replies, err = own.roundtrips(&t, ring, b.N); err != nil {
			b.Fatal(err)
		}
		m.stop(b)
		err = conn.Close()
	case c.Mode == matrix.Roundtrip:
		// For b.N ops, or in a time box for its time (see timeBox).
		for i, n := 0, m.ops(b); i < n; {
			for end := m.until(i, n); i < end; i++ {
				v := ring[i&(ringSize-1)]
				want += key(v)
				r, err := conn.Send(v)
				if err != nil {
					b.Fatalf("Send #%d: %v", i, err)
				}
				replies += key(r)
			}
			if m.over() {
				n, b.N = i, i
			}
		}
		m.stop(b)
		err = conn.Close()
	case c.Mode == matrix.Stream:
		for i := range b.N {
			v := ring[i&(ringSize-1)]
			want += key(v)
			if err := conn.Put(v); err != nil {
				b.Fatalf("Put #%d: %v", i, err)
			}
		}
		err = conn.Close() // timed: a stream is done when every item is handled
		m.stop(b)
	default:
		b.Fatalf("bench: no mode %q", c.Mode)
	}
	if err != nil {
		b.Fatalf("Close: %v", err)
	}
	if err := t.check(b.N, want); err != nil {
		b.Fatal(err)
	}
	if c.Mode == matrix.Roundtrip && replies != want {
		b.Fatalf("replies sum to %d, want %d: a Send got another item's reply", replies, want)
	}
}

// handle is the body of every benchmark's handler: the tally sees the item,
// and the reply is the item itself. It is small enough to inline, and is:
// into the handler closure, and into the ladder's direct step.
func handle[T any](t *tally, v T) (T, error) {
	t.see(key(v))
	return v, nil
}

// A looper is a floor that runs the timed roundtrip loop itself, so that
// what it measures is not behind the Conn interface: the ladder's first two
// steps. Its loop must be exchange's roundtrip loop but for the call, and
// it returns the same sums for the same checks, or the first error.
type looper[T any] interface {
	roundtrips(t *tally, ring []T, n int) (want, replies uint64, err error)
}
