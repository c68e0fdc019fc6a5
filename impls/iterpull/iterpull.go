// Package iterpull is the stackful handoff on Go's coroutines: the consumer
// is an iter.Seq driven by iter.Pull, so it keeps its own stack and runs only
// when the producer switches to it, on the producer's behalf, never beside
// it. As the seed's c.send(n) does, the producer sets a variable (the batch)
// and calls next; the consumer handles it and hands the reply back through
// yield.
//
// Send costs one coroutine switch there and back. Put only buffers, up to
// Options.Capacity items, and the Put that overflows the buffer hands the
// whole batch over in one switch, so a stream amortises the switch over the
// batch at the price of latency: an item waits until its batch is full. It
// is not safe for concurrent producers. It detects a handler calling its own
// Conn. Close always stops the coroutine.
package iterpull

import (
	"fmt"
	"iter"

	"github.com/handoffbench/handoff"
)

// MaxCapacity is the largest Options.Capacity Open accepts: the buffer is
// allocated up front at Capacity+1 items.
const MaxCapacity = 1 << 16

// Traits are what this implementation offers beyond the contract.
var Traits = handoff.Traits{DetectsReentry: true, MaxCapacity: MaxCapacity, Synchronous: true}

type state uint8

const (
	open    state = iota
	running       // the producer switched to the consumer; any call now is reentrant
	closed
	failed
)

type conn[In, Out any] struct {
	h     handoff.Handler[In, Out]
	state state
	next  func() (Out, bool)
	stop  func()

	// batch[:n] are the items Put but not yet handed over; the producer
	// adds the Send item, or the Put item that overflows the capacity, and
	// switches. len(batch) is capacity+1.
	batch    []In
	n        int
	capacity int

	// Written by the consumer during a switch, read by the producer after.
	pos      int   // index in batch of the item being handled
	err      error // the handler's error that ended the consumer
	panicked *handoff.PanicError

	outcome error // what Close returns: nil or *handoff.ConsumerError
}

var _ handoff.Conn[int, int] = (*conn[int, int])(nil)

// Open starts the consumer coroutine; Close must be called to stop it.
func Open[In, Out any](h handoff.Handler[In, Out], o handoff.Options) (handoff.Conn[In, Out], error) {
	if err := handoff.CheckOpen("iterpull", h, o, MaxCapacity); err != nil {
		return nil, err
	}
	c := &conn[In, Out]{h: h, capacity: o.Capacity, batch: make([]In, o.Capacity+1)}
	c.next, c.stop = iter.Pull(c.consume)
	return c, nil
}

// consume is the consumer: each resume handles the whole batch and yields
// the reply for its last item. It returns, ending the coroutine, when the
// handler fails or panics, or when Close stops it.
func (c *conn[In, Out]) consume(yield func(Out) bool) {
	defer func() {
		if r := recover(); r != nil {
			c.panicked = handoff.NewPanicError(r)
		}
	}()
	var zero In
	h := c.h
	for {
		var out Out
		var err error
		batch := c.batch[:c.n]
		for i, v := range batch {
			batch[i] = zero // drop the reference to a handled item
			c.pos = i
			if out, err = h(v); err != nil {
				c.err = err
				return
			}
		}
		if !yield(out) {
			return
		}
	}
}

// Send and Put switch to the consumer themselves rather than through a
// helper: after a coroutine switch the CPU mispredicts every return on the
// way back, so each call level between the caller and next costs.

func (c *conn[In, Out]) Send(v In) (Out, error) {
	if c.state != open {
		var zero Out
		return zero, c.refuse()
	}
	c.batch[c.n] = v
	c.n++
	c.state = running
	out, ok := c.next()
	if !ok {
		return out, c.ended(true)
	}
	c.n = 0
	c.state = open
	return out, nil
}

func (c *conn[In, Out]) Put(v In) error {
	if c.state != open {
		return c.refuse()
	}
	n := c.n
	c.batch[n] = v
	if c.n = n + 1; n < c.capacity {
		return nil
	}
	c.state = running
	if _, ok := c.next(); !ok {
		return c.ended(true)
	}
	c.n = 0
	c.state = open
	return nil
}

// ended records that the consumer ended on c.pos, by an error or a panic,
// and returns what the call that switched to it gets: the handler's error,
// or, if the item that failed was not its own, an error matching ErrClosed
// as well. own says the batch's last item belongs to that call rather than
// to an earlier Put that already returned nil. A panic it re-raises.
func (c *conn[In, Out]) ended(own bool) error {
	c.state = failed
	n := c.n
	c.n = 0
	clear(c.batch) // the items after the failure were not cleared
	unhandled := n - c.pos - 1
	if own && unhandled > 0 {
		unhandled-- // the caller's own item: it learns from the error below
	}
	c.stop()
	if p := c.panicked; p != nil {
		c.outcome = &handoff.ConsumerError{Err: p, Unhandled: unhandled}
		panic(p.Value)
	}
	c.outcome = &handoff.ConsumerError{Err: c.err, Unhandled: unhandled}
	if own && c.pos < n-1 {
		return fmt.Errorf("iterpull: item not handled, an earlier item failed: %w: %w", handoff.ErrClosed, c.err)
	}
	return c.err
}

// refuse is the answer of Send and Put when the consumer is not open.
func (c *conn[In, Out]) refuse() error {
	if c.state == running {
		return handoff.ErrReentrant
	}
	return handoff.ErrClosed
}

func (c *conn[In, Out]) Close() error {
	switch c.state {
	case running:
		return handoff.ErrReentrant
	case open:
		if c.n > 0 {
			c.state = running
			if _, ok := c.next(); !ok {
				c.ended(false)
				return c.outcome
			}
		}
		c.stop()
		c.state = closed
	}
	return c.outcome
}
