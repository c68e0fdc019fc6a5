// Package channels is the handoff of idiomatic Go: a consumer goroutine fed
// by a channel of Options.Capacity items, replying to Send over a channel.
//
// Every handoff is a channel operation, so a Put costs a buffered send and a
// Send a round trip through the scheduler; there is no mutex of its own. A
// gate of atomic adds, entered and left by every call, counts the producers
// inside Send and Put so that a Close racing with them never strands an
// item (package admission). It is safe for concurrent
// producers. It cannot tell the consumer's goroutine from a producer's, so a
// handler that calls its own Conn deadlocks (Traits.DetectsReentry is false).
package channels

import (
	"sync/atomic"

	"golang.org/x/sys/cpu"

	"github.com/handoffbench/handoff"
	"github.com/handoffbench/handoff/internal/admission"
)

// MaxCapacity is the largest Options.Capacity Open accepts: the channel's
// buffer is allocated up front.
const MaxCapacity = 1 << 16

// Traits are what this implementation offers beyond the contract.
var Traits = handoff.Traits{ConcurrentProducers: true, MaxCapacity: MaxCapacity}

// spareReplies bounds the reply channels kept for concurrent Sends.
const spareReplies = 64

type item[In, Out any] struct {
	v     In
	reply chan reply[Out] // nil for Put
	close bool            // Close's marker: everything before it is handled
}

type reply[Out any] struct {
	out Out
	err error
	// refused: the consumer ended before the reply — before the item, or
	// panicking on it. The Send answers as refuse does: it re-raises a
	// panic nobody has observed yet, or returns ErrClosed.
	refused bool
}

type conn[In, Out any] struct {
	h     handoff.Handler[In, Out]
	items chan item[In, Out]

	// gate is entered by every Send and Put and shut by Close and by a
	// failing consumer. Every Put writes it twice, so it has a cache line
	// of its own: the consumer reads h and items once an item, and would
	// otherwise lose that line to every Put.
	_    cpu.CacheLinePad
	gate admission.Gate
	_    cpu.CacheLinePad

	reply     chan reply[Out] // the reply channel of the one Send that owns it
	replyBusy atomic.Bool
	spare     chan chan reply[Out] // reply channels for Sends that overlap

	done    chan struct{} // closed when the consumer goroutine exits
	outcome error
}

var _ handoff.Conn[int, int] = (*conn[int, int])(nil)

// Open starts the consumer goroutine; Close must be called to end it.
func Open[In, Out any](h handoff.Handler[In, Out], o handoff.Options) (handoff.Conn[In, Out], error) {
	if err := handoff.CheckOpen("channels", h, o, MaxCapacity); err != nil {
		return nil, err
	}
	c := &conn[In, Out]{
		h:     h,
		items: make(chan item[In, Out], o.Capacity),
		reply: make(chan reply[Out], 1),
		spare: make(chan chan reply[Out], spareReplies),
		done:  make(chan struct{}),
	}
	c.gate.Init()
	go c.consume()
	return c, nil
}

// Put and Send pass the gate (package admission), which Close waits for
// them to leave before it sends its marker, so no item can land behind the
// marker and be lost.
func (c *conn[In, Out]) Put(v In) error {
	if !c.gate.Enter() {
		return c.gate.Refuse()
	}
	c.items <- item[In, Out]{v: v}
	c.gate.Leave()
	return nil
}

func (c *conn[In, Out]) Send(v In) (Out, error) {
	if !c.gate.Enter() {
		var zero Out
		return zero, c.gate.Refuse()
	}
	rc := c.reply
	owned := c.replyBusy.CompareAndSwap(false, true)
	if !owned {
		rc = c.spareReply()
	}
	c.items <- item[In, Out]{v: v, reply: rc}
	r := <-rc
	if owned {
		c.replyBusy.Store(false)
	} else {
		c.returnReply(rc)
	}
	c.gate.Leave()
	if r.refused {
		return r.out, c.gate.Refuse()
	}
	return r.out, r.err
}

func (c *conn[In, Out]) spareReply() chan reply[Out] {
	select {
	case rc := <-c.spare:
		return rc
	default:
		return make(chan reply[Out], 1)
	}
}

func (c *conn[In, Out]) returnReply(rc chan reply[Out]) {
	select {
	case c.spare <- rc:
	default:
	}
}

func (c *conn[In, Out]) Close() error {
	if c.gate.Close() { // the first Close, with no producer left inside
		c.items <- item[In, Out]{close: true}
	}
	<-c.done
	c.gate.Reraise()
	return c.outcome
}

// consume is the consumer goroutine. It serves items until Close's marker;
// if the handler fails it drains the channel instead, so that no producer
// blocks forever, counting what it could not handle.
func (c *conn[In, Out]) consume() {
	defer close(c.done)
	err := c.serve()
	if err == nil {
		return
	}
	c.outcome = admission.Drain(err, func() (item[In, Out], bool) { it := <-c.items; return it, it.close }, func(it item[In, Out]) bool {
		if it.reply != nil {
			it.reply <- reply[Out]{refused: true}
		}
		return it.reply != nil
	})
}

// serve handles items until Close's marker (nil) or a handler failure: its
// error, or a *handoff.PanicError after telling a waiting Send to re-raise.
func (c *conn[In, Out]) serve() (err error) {
	var cur item[In, Out]
	defer func() {
		if r := recover(); r != nil {
			p := handoff.NewPanicError(r)
			err = p
			c.gate.End(p)
			if cur.reply != nil {
				cur.reply <- reply[Out]{refused: true}
			}
		}
	}()
	for cur = range c.items {
		if cur.close {
			return nil
		}
		out, err := c.h(cur.v)
		if err != nil {
			c.gate.End(nil) // before the reply: the Send's next call is refused
		}
		if cur.reply != nil {
			cur.reply <- reply[Out]{out: out, err: err}
		}
		if err != nil {
			return err
		}
	}
	return nil
}
