// Package statemachine is the stackless handoff, in the manner of
// Protothreads: no goroutine, no coroutine, no saved stack. The consumer is
// an explicit state field (fresh, idle, handling, closed, failed) that a
// switch advances on every call, as the C switch on a local continuation
// does, and each Send or Put is one resume that runs the handler inline on
// the producer's goroutine.
//
// A handoff costs a switch, an indirect call and a deferred recover; it never
// buffers, so Options.Capacity bounds nothing here and every Put handles its
// item before it returns. It is not safe for concurrent producers. It detects
// a handler calling its own Conn, because the state is "handling" then.
package statemachine

import (
	"errors"

	"github.com/handoffbench/handoff"
)

// MaxCapacity is the largest Options.Capacity Open accepts. The state machine
// never buffers, so the capacity is unused; the limit matches the other
// implementations so that one Options value opens them all.
const MaxCapacity = 1 << 16

// Traits are what this implementation offers beyond the contract.
var Traits = handoff.Traits{DetectsReentry: true, MaxCapacity: MaxCapacity, Synchronous: true, OnProducerGoroutine: true}

// state is the consumer's local continuation: where it will resume.
type state uint8

const (
	fresh    state = iota // opened, not yet primed (the generator before send(None))
	idle                  // waiting at "n = yield r" for the next item
	handling              // inside the handler; any call now is reentrant
	closed                // Close was called
	failed                // the handler returned an error or panicked
)

type conn[In, Out any] struct {
	h       handoff.Handler[In, Out]
	state   state
	outcome error // what Close returns: nil or *handoff.ConsumerError
}

var _ handoff.Conn[int, int] = (*conn[int, int])(nil)

// errGoexit is the outcome when the handler ended the producer's goroutine
// with runtime.Goexit: the consumer cannot resume after that.
var errGoexit = errors.New("statemachine: handler called runtime.Goexit")

// Open returns a Conn that runs h inline on every Send and Put.
func Open[In, Out any](h handoff.Handler[In, Out], o handoff.Options) (handoff.Conn[In, Out], error) {
	if err := handoff.CheckOpen("statemachine", h, o, MaxCapacity); err != nil {
		return nil, err
	}
	return &conn[In, Out]{h: h}, nil
}

func (c *conn[In, Out]) Send(v In) (Out, error) { return c.resume(v) }

func (c *conn[In, Out]) Put(v In) error {
	_, err := c.resume(v)
	return err
}

// resume is one step of the consumer: from fresh or idle it handles v and
// returns to idle, or ends in failed.
func (c *conn[In, Out]) resume(v In) (out Out, err error) {
	switch c.state {
	case fresh, idle: // fresh primes itself: the first item resumes it at once
		c.state = handling
		defer c.rescue()
		if out, err = c.h(v); err != nil {
			c.fail(err)
			return out, err
		}
		c.state = idle
		return out, nil
	case handling:
		return out, handoff.ErrReentrant
	default: // closed, failed
		return out, handoff.ErrClosed
	}
}

// rescue runs after every handler call. If the state is still handling,
// the handler did not return: it panicked, and the panic goes on up the
// producer's own stack with its original value (the producer's call is the
// first, and only, one to observe it), or it called runtime.Goexit.
func (c *conn[In, Out]) rescue() {
	if c.state != handling {
		return
	}
	r := recover()
	if r == nil {
		c.fail(errGoexit)
		return
	}
	c.fail(handoff.NewPanicError(r))
	panic(r)
}

func (c *conn[In, Out]) fail(err error) {
	c.state = failed
	c.outcome = &handoff.ConsumerError{Err: err}
}

func (c *conn[In, Out]) Close() error {
	switch c.state {
	case handling:
		return handoff.ErrReentrant
	case fresh, idle:
		c.state = closed
	}
	return c.outcome
}
