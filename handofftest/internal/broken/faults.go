package broken

import (
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/handoffbench/handoff"
)

// A Fault is one way to break the ring.
type Fault string

const (
	// None keeps every rule: the control, which the suite must pass.
	None Fault = "none"
	// LostWakeup: the consumer sets its parked flag and parks without
	// looking at the ring again, so an item published in between is never
	// announced. A Send then waits forever for its reply (rule 2), which
	// happens only when the producer publishes in a window of a few
	// instructions.
	LostWakeup Fault = "lost-wakeup"
	// DropsPut: every 97th Put returns nil and hands nothing over (rule 1).
	DropsPut Fault = "drops-put"
	// Reorders: a Put is handed over after the Put that follows it (rule 1).
	Reorders Fault = "reorders"
	// SwallowsPanic: a handler panic becomes a zero reply, and the
	// consumer goes on (rule 6).
	SwallowsPanic Fault = "swallows-panic"
	// GivesUp: after 3000 calls, every Send and Put returns an error that
	// is neither ErrClosed nor the handler's, which Conn.Send's contract
	// rules out.
	GivesUp Fault = "gives-up"
	// AllocatesRarely: every 1000th Send or Put allocates once, in steady
	// state (rule 8): rare enough that an average over many calls, rounded
	// down, reads zero.
	AllocatesRarely Fault = "allocates-rarely"
)

// Faults lists every fault but None.
var Faults = []Fault{LostWakeup, DropsPut, Reorders, SwallowsPanic, GivesUp, AllocatesRarely}

// Open returns the Open of the ring broken by f, for handofftest.Run.
func Open[In, Out any](f Fault) (func(handoff.Handler[In, Out], handoff.Options) (handoff.Conn[In, Out], error), error) {
	ring := func(h handoff.Handler[In, Out], o handoff.Options) (handoff.Conn[In, Out], error) {
		r, err := openRing(h, o, f == LostWakeup)
		if err != nil {
			return nil, err // not a typed nil in the interface
		}
		return r, nil
	}
	wrap := func(w func(handoff.Conn[In, Out]) handoff.Conn[In, Out]) func(handoff.Handler[In, Out], handoff.Options) (handoff.Conn[In, Out], error) {
		return func(h handoff.Handler[In, Out], o handoff.Options) (handoff.Conn[In, Out], error) {
			c, err := ring(h, o)
			if err != nil {
				return nil, err
			}
			return w(c), nil
		}
	}
	switch f {
	case None, LostWakeup:
		return ring, nil
	case DropsPut:
		return wrap(func(c handoff.Conn[In, Out]) handoff.Conn[In, Out] { return &dropper[In, Out]{Conn: c} }), nil
	case Reorders:
		return wrap(func(c handoff.Conn[In, Out]) handoff.Conn[In, Out] { return &reorderer[In, Out]{Conn: c} }), nil
	case GivesUp:
		return wrap(func(c handoff.Conn[In, Out]) handoff.Conn[In, Out] { return &quitter[In, Out]{Conn: c} }), nil
	case AllocatesRarely:
		return wrap(func(c handoff.Conn[In, Out]) handoff.Conn[In, Out] { return &allocator[In, Out]{Conn: c} }), nil
	case SwallowsPanic:
		return func(h handoff.Handler[In, Out], o handoff.Options) (handoff.Conn[In, Out], error) {
			if h == nil {
				return ring(h, o)
			}
			return ring(func(v In) (out Out, err error) {
				defer func() {
					if recover() != nil {
						var zero Out
						out, err = zero, nil
					}
				}()
				return h(v)
			}, o)
		}, nil
	}
	return nil, fmt.Errorf("broken: no fault %q (have %s and %v)", f, None, Faults)
}

type dropper[In, Out any] struct {
	handoff.Conn[In, Out]
	puts int
}

func (d *dropper[In, Out]) Put(v In) error {
	if d.puts++; d.puts%97 == 0 {
		return nil
	}
	return d.Conn.Put(v)
}

// reorderer holds every other Put back and hands it over after the next
// one; a Send or Close hands a held item over first.
type reorderer[In, Out any] struct {
	handoff.Conn[In, Out]
	held    In
	holding bool
}

func (r *reorderer[In, Out]) Put(v In) error {
	if !r.holding {
		r.held, r.holding = v, true
		return nil
	}
	r.holding = false
	if err := r.Conn.Put(v); err != nil {
		return err
	}
	return r.Conn.Put(r.held)
}

func (r *reorderer[In, Out]) flush() {
	if r.holding {
		r.holding = false
		r.Conn.Put(r.held)
	}
}

func (r *reorderer[In, Out]) Send(v In) (Out, error) {
	r.flush()
	return r.Conn.Send(v)
}

func (r *reorderer[In, Out]) Close() error {
	r.flush()
	return r.Conn.Close()
}

var errGaveUp = errors.New("broken: gave up after 3000 calls")

type quitter[In, Out any] struct {
	handoff.Conn[In, Out]
	calls int
}

func (q *quitter[In, Out]) Put(v In) error {
	if q.calls++; q.calls > 3000 {
		return errGaveUp
	}
	return q.Conn.Put(v)
}

func (q *quitter[In, Out]) Send(v In) (Out, error) {
	if q.calls++; q.calls > 3000 {
		var zero Out
		return zero, errGaveUp
	}
	return q.Conn.Send(v)
}

// allocator allocates once every 1000 calls, and keeps the last allocation
// where the compiler cannot prove it dead.
type allocator[In, Out any] struct {
	handoff.Conn[In, Out]
	calls int
}

// allocated keeps allocator's allocations alive.
var allocated atomic.Pointer[[2]int]

func (a *allocator[In, Out]) maybeAllocate() {
	if a.calls++; a.calls%1000 == 0 {
		allocated.Store(&[2]int{a.calls, a.calls})
	}
}

func (a *allocator[In, Out]) Put(v In) error {
	a.maybeAllocate()
	return a.Conn.Put(v)
}

func (a *allocator[In, Out]) Send(v In) (Out, error) {
	a.maybeAllocate()
	return a.Conn.Send(v)
}
