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
var Traits = handoff.Traits{DetectsReentry: true, MaxCapacity: MaxCapacity}

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

	// batch holds the items Put but not yet handed over; the producer
	// appends the Send item and switches. Its length never exceeds
	// capacity+1.
	batch    []In
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
	c := &conn[In, Out]{h: h, capacity: o.Capacity, batch: make([]In, 0, o.Capacity+1)}
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
	for {
		var out Out
		var err error
		for i, v := range c.batch {
			c.pos = i
			if out, err = c.h(v); err != nil {
				c.err = err
				return
			}
		}
		if !yield(out) {
			return
		}
	}
}

func (c *conn[In, Out]) Send(v In) (Out, error) {
	if c.state != open {
		var zero Out
		return zero, c.refuse()
	}
	c.batch = append(c.batch, v)
	return c.flush(true)
}

func (c *conn[In, Out]) Put(v In) error {
	if c.state != open {
		return c.refuse()
	}
	c.batch = append(c.batch, v)
	if len(c.batch) <= c.capacity {
		return nil
	}
	_, err := c.flush(true)
	return err
}

// flush switches to the consumer once to handle the whole batch. own says
// the batch's last item belongs to the calling Send or Put rather than to an
// earlier Put that already returned nil.
func (c *conn[In, Out]) flush(own bool) (Out, error) {
	c.state = running
	out, ok := c.next()
	n := len(c.batch)
	clear(c.batch) // drop references to handled items
	c.batch = c.batch[:0]
	if ok {
		c.state = open
		return out, nil
	}
	// The consumer ended on c.pos: an error or a panic.
	c.state = failed
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
		// An earlier item failed: the caller's own item was never handled.
		return out, fmt.Errorf("iterpull: item not handled, an earlier item failed: %w: %w", handoff.ErrClosed, c.err)
	}
	return out, c.err
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
		if len(c.batch) > 0 {
			if _, err := c.flush(false); err != nil {
				return c.outcome
			}
		}
		c.stop()
		c.state = closed
	}
	return c.outcome
}
