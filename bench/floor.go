package bench

import (
	"errors"
	"iter"
	"sync"
	"testing"

	"github.com/handoffbench/handoff"
	"github.com/handoffbench/handoff/bench/matrix"
)

// RunFloor measures a raw mechanism doing a Handoff case's exchange with an
// int, minus the contract: no error path, no panic report, no close
// protocol, no bound beyond the mechanism's own. Each floor is wrapped as a
// Conn and measured by the very loop, handler and checks that measure the
// implementations, so the difference between an implementation and its
// floor is what the contract costs and nothing else.
func RunFloor(b *testing.B, c matrix.Case) {
	var open handoff.OpenFunc[int, int]
	switch c.Impl {
	case matrix.FuncCall:
		open = openCall[int]
	case matrix.ChanPingPong:
		open = openChanPingPong[int]
	case matrix.MutexCondPingPong:
		open = openMutexCond[int]
	case matrix.IterPullRoundtrip:
		open = openPull[int]
	case matrix.ChanStream:
		open = openChanStream[int]
	case matrix.AtomicSpinPingPong:
		open = openSpinPingPong[int]
	case matrix.AtomicSpinStream:
		open = openSpinStream[int]
	case matrix.LadderSMDirect:
		open = openDirect[int]
	case matrix.LadderSMFuncValue:
		open = openFuncValue[int]
	case matrix.LadderSMDict:
		open = openDictCall[int]
	case matrix.LadderSMRecover:
		open = openRecoverCall[int]
	case matrix.LadderSMSwitch:
		open = openSwitchCall[int]
	case matrix.LadderIPNext:
		open = openBareNext[int]
	case matrix.LadderIPChecks:
		open = openCheckedPull[int]
	default:
		// A floor of the measured rows (Impl.Floor).
		open = implNamed(b, c.Impl).Open
	}
	exchange(b, c, open, intRing())
}

var errFloorMode = errors.New("bench: this floor does not do that mode")

// callConn: the handler called through a func value behind the Conn
// interface; the compiler can neither inline nor devirtualise it.
type callConn[T any] struct{ h handoff.Handler[T, T] }

func openCall[T any](h handoff.Handler[T, T], _ handoff.Options) (handoff.Conn[T, T], error) {
	return &callConn[T]{h}, nil
}

func (c *callConn[T]) Send(v T) (T, error) { return c.h(v) }
func (c *callConn[T]) Put(v T) error       { _, err := c.h(v); return err }
func (c *callConn[T]) Close() error        { return nil }

// chanPingPong: a request and its reply over two unbuffered channels.
type chanPingPong[T any] struct {
	req, rep chan T
	done     chan struct{}
}

func openChanPingPong[T any](h handoff.Handler[T, T], _ handoff.Options) (handoff.Conn[T, T], error) {
	c := &chanPingPong[T]{make(chan T), make(chan T), make(chan struct{})}
	go func() {
		defer close(c.done)
		for v := range c.req {
			r, _ := h(v)
			c.rep <- r
		}
	}()
	return c, nil
}

func (c *chanPingPong[T]) Send(v T) (T, error) { c.req <- v; return <-c.rep, nil }
func (c *chanPingPong[T]) Put(T) error         { return errFloorMode }
func (c *chanPingPong[T]) Close() error        { close(c.req); <-c.done; return nil }

// chanStream: sends on a buffered channel to a goroutine ranging over it.
type chanStream[T any] struct {
	ch   chan T
	done chan struct{}
}

func openChanStream[T any](h handoff.Handler[T, T], o handoff.Options) (handoff.Conn[T, T], error) {
	c := &chanStream[T]{make(chan T, o.Capacity), make(chan struct{})}
	go func() {
		defer close(c.done)
		for v := range c.ch {
			h(v)
		}
	}()
	return c, nil
}

func (c *chanStream[T]) Send(v T) (T, error) { return v, errFloorMode }
func (c *chanStream[T]) Put(v T) error       { c.ch <- v; return nil }
func (c *chanStream[T]) Close() error        { close(c.ch); <-c.done; return nil }

// mutexCond: one slot under a mutex, a sync.Cond for each direction.
type mutexCond[T any] struct {
	mu             sync.Mutex
	full, answered sync.Cond
	slot, reply    T
	has, hasReply  bool
	quit           bool
	done           chan struct{}
}

func openMutexCond[T any](h handoff.Handler[T, T], _ handoff.Options) (handoff.Conn[T, T], error) {
	c := &mutexCond[T]{done: make(chan struct{})}
	c.full.L, c.answered.L = &c.mu, &c.mu
	go func() {
		defer close(c.done)
		c.mu.Lock()
		defer c.mu.Unlock()
		for {
			for !c.has && !c.quit {
				c.full.Wait()
			}
			if c.quit {
				return
			}
			v := c.slot
			c.has = false
			c.mu.Unlock()
			r, _ := h(v)
			c.mu.Lock()
			c.reply, c.hasReply = r, true
			c.answered.Signal()
		}
	}()
	return c, nil
}

func (c *mutexCond[T]) Send(v T) (T, error) {
	c.mu.Lock()
	c.slot, c.has = v, true
	c.full.Signal()
	for !c.hasReply {
		c.answered.Wait()
	}
	c.hasReply = false
	r := c.reply
	c.mu.Unlock()
	return r, nil
}

func (c *mutexCond[T]) Put(T) error { return errFloorMode }

func (c *mutexCond[T]) Close() error {
	c.mu.Lock()
	c.quit = true
	c.full.Signal()
	c.mu.Unlock()
	<-c.done
	return nil
}

// pull: the seed's generator protocol on a bare iter.Pull — set the item,
// call next, take the reply the consumer yielded.
type pull[T any] struct {
	in   T
	next func() (T, bool)
	stop func()
}

func openPull[T any](h handoff.Handler[T, T], _ handoff.Options) (handoff.Conn[T, T], error) {
	c := &pull[T]{}
	c.next, c.stop = iter.Pull(func(yield func(T) bool) {
		for {
			r, _ := h(c.in)
			if !yield(r) {
				return
			}
		}
	})
	return c, nil
}

func (c *pull[T]) Send(v T) (T, error) { c.in = v; r, _ := c.next(); return r, nil }
func (c *pull[T]) Put(T) error         { return errFloorMode }
func (c *pull[T]) Close() error        { c.stop(); return nil }
