package bench

import (
	"errors"
	"fmt"
	"iter"

	"github.com/handoffbench/handoff"
)

// The ladders (matrix.Ladders): floors for the implementations that stay on
// the producer's thread, each step the one below plus one thing, so that
// the difference between two steps measured in one run is what that thing
// costs. Every step is measured and checked by exchange like any floor. A
// step meant to cost a call keeps it: the calls go through func values or
// interfaces set at run time, which the compiler can neither inline nor
// devirtualise, or through a method marked go:noinline where the thing
// measured is the call itself. None allocates per op.

// Errors the ladder's checks return. The benchmark never provokes them;
// the steps test for them because the implementations do.
var (
	errLadderState = errors.New("bench: ladder step called out of its state")
	errLadderEnded = errors.New("bench: ladder consumer ended")
)

// directCall, the statemachine ladder's first step: the loop calls handle,
// the handler's body, directly. The call is inlined (go build -gcflags=-m
// reports "inlining call to handle" at roundtrips), so the step is the loop,
// the checksums and the handler's work with no call at all. It runs its
// own loop (a looper); its Send, for anything else, is funccall's.
type directCall[T any] struct{ callConn[T] }

func openDirect[T any](h handoff.Handler[T, T], _ handoff.Options) (handoff.Conn[T, T], error) {
	return &directCall[T]{callConn[T]{h}}, nil
}

func (c *directCall[T]) roundtrips(t *tally, ring []T, n int) (want, replies uint64, err error) {
	for i := range n {
		v := ring[i&(ringSize-1)]
		want += key(v)
		r, err := handle(t, v)
		if err != nil {
			return 0, 0, fmt.Errorf("Send #%d: %w", i, err)
		}
		replies += key(r)
	}
	return want, replies, nil
}

// funcValue, the second step: the same loop calls the handler through the
// func value it was opened with, one indirect call and the closure's frame.
// The loop cannot see which function the field holds, so the call stays.
type funcValue[T any] struct{ callConn[T] }

func openFuncValue[T any](h handoff.Handler[T, T], _ handoff.Options) (handoff.Conn[T, T], error) {
	return &funcValue[T]{callConn[T]{h}}, nil
}

func (c *funcValue[T]) roundtrips(_ *tally, ring []T, n int) (want, replies uint64, err error) {
	for i := range n {
		v := ring[i&(ringSize-1)]
		want += key(v)
		r, err := c.h(v)
		if err != nil {
			return 0, 0, fmt.Errorf("Send #%d: %w", i, err)
		}
		replies += key(r)
	}
	return want, replies, nil
}

// The third step is the funccall floor: exchange's own loop calls Send
// through the Conn interface, and Send, inlined into the method the
// interface's table points to, calls the handler through the func value.

// dictCall, the fourth step: Send is a method of a generic type kept out of
// line, as a method with a defer is. The interface's table points to a
// wrapper for the instantiation, which calls the shared (shape) body with
// its dictionary: one more call level than funccall, where the body is
// inlined into the wrapper.
type dictCall[T any] struct{ h handoff.Handler[T, T] }

func openDictCall[T any](h handoff.Handler[T, T], _ handoff.Options) (handoff.Conn[T, T], error) {
	return &dictCall[T]{h}, nil
}

//go:noinline
func (c *dictCall[T]) Send(v T) (T, error) { return c.h(v) }
func (c *dictCall[T]) Put(v T) error       { _, err := c.Send(v); return err }
func (c *dictCall[T]) Close() error        { return nil }

// recoverCall, the fifth step: dictCall's Send with the deferred recover the
// contract needs to see a handler's panic or runtime.Goexit, and the flag
// that tells the deferred function whether the handler returned. On the
// way out it re-raises a panic; the benchmark never panics.
type recoverCall[T any] struct {
	h        handoff.Handler[T, T]
	handling bool
}

func openRecoverCall[T any](h handoff.Handler[T, T], _ handoff.Options) (handoff.Conn[T, T], error) {
	return &recoverCall[T]{h: h}, nil
}

func (c *recoverCall[T]) Send(v T) (r T, err error) {
	c.handling = true
	defer c.rescue()
	r, err = c.h(v)
	c.handling = false
	return r, err
}

func (c *recoverCall[T]) rescue() {
	if c.handling {
		panic(recover())
	}
}

func (c *recoverCall[T]) Put(v T) error { _, err := c.Send(v); return err }
func (c *recoverCall[T]) Close() error  { return nil }

// switchCall, the sixth step: recoverCall with the state machine's switch
// on its state field — resume from fresh or idle, refuse while handling
// (reentry) or after the end — and the writes that advance it.
type switchCall[T any] struct {
	h     handoff.Handler[T, T]
	state ladderState
}

type ladderState uint8

const (
	ladderFresh ladderState = iota
	ladderIdle
	ladderHandling
	ladderClosed
)

func openSwitchCall[T any](h handoff.Handler[T, T], _ handoff.Options) (handoff.Conn[T, T], error) {
	return &switchCall[T]{h: h}, nil
}

func (c *switchCall[T]) Send(v T) (r T, err error) {
	switch c.state {
	case ladderFresh, ladderIdle:
		c.state = ladderHandling
		defer c.rescue()
		r, err = c.h(v)
		c.state = ladderIdle
		return r, err
	default:
		return r, errLadderState
	}
}

func (c *switchCall[T]) rescue() {
	if c.state == ladderHandling {
		c.state = ladderClosed
		panic(recover())
	}
}

func (c *switchCall[T]) Put(v T) error { _, err := c.Send(v); return err }
func (c *switchCall[T]) Close() error  { c.state = ladderClosed; return nil }

// bareNext, the iterpull ladder's first step: the coroutine switch alone.
// The producer leaves the item in a field and calls next; the consumer
// handles it, leaves the reply in a field and yields nothing.
type bareNext[T any] struct {
	in, out T
	next    func() (struct{}, bool)
	stop    func()
}

func openBareNext[T any](h handoff.Handler[T, T], _ handoff.Options) (handoff.Conn[T, T], error) {
	c := &bareNext[T]{}
	c.next, c.stop = iter.Pull(func(yield func(struct{}) bool) {
		for {
			c.out, _ = h(c.in)
			if !yield(struct{}{}) {
				return
			}
		}
	})
	return c, nil
}

func (c *bareNext[T]) Send(v T) (T, error) { c.in = v; c.next(); return c.out, nil }
func (c *bareNext[T]) Put(T) error         { return errFloorMode }
func (c *bareNext[T]) Close() error        { c.stop(); return nil }

// The second step is the iterpull-roundtrip floor (pull): the reply comes
// back as the value yield passes to next.

// checkedPull, the third step: pull with the contract's checks on both
// sides. The producer refuses a call out of the open state and marks itself
// running across the switch (reentry), and tests next's ok (the consumer
// ended); the consumer tests the handler's error and recovers a panic, with
// a defer set up once per coroutine, not per item. Send is too large to
// inline into its wrapper, so this step also pays the dictionary's call.
type checkedPull[T any] struct {
	state ladderState
	in    T
	err   error
	next  func() (T, bool)
	stop  func()
}

func openCheckedPull[T any](h handoff.Handler[T, T], _ handoff.Options) (handoff.Conn[T, T], error) {
	c := &checkedPull[T]{state: ladderIdle}
	c.next, c.stop = iter.Pull(func(yield func(T) bool) {
		defer func() {
			if r := recover(); r != nil {
				c.err = fmt.Errorf("bench: handler panicked: %v", r)
			}
		}()
		for {
			r, err := h(c.in)
			if err != nil {
				c.err = err
				return
			}
			if !yield(r) {
				return
			}
		}
	})
	return c, nil
}

func (c *checkedPull[T]) Send(v T) (T, error) {
	if c.state != ladderIdle {
		var zero T
		return zero, errLadderState
	}
	c.in = v
	c.state = ladderHandling
	r, ok := c.next()
	if !ok {
		c.state = ladderClosed
		return r, errors.Join(errLadderEnded, c.err)
	}
	c.state = ladderIdle
	return r, nil
}

func (c *checkedPull[T]) Put(T) error  { return errFloorMode }
func (c *checkedPull[T]) Close() error { c.stop(); c.state = ladderClosed; return c.err }
