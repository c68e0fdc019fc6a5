// Package condring is a handoff of its own, outside the handoff module: a
// ring of Options.Capacity+1 slots under one sync.Mutex, with one
// sync.Cond that every wait shares. The consumer goroutine takes one item
// at a time and handles it outside the lock; every change wakes every
// waiter (Broadcast), which is simple and costs a wake-up of each.
//
// It is the example of a row another module measures beside the suite's
// own: see the README beside it.
package condring

import (
	"sync"

	"github.com/handoffbench/handoff"
)

// Traits are what condring claims beyond the contract: a capacity of up to
// 1,024 waiting items, and one producer at a time.
var Traits = handoff.Traits{MaxCapacity: 1 << 10}

type slot[In any] struct {
	v    In
	send bool // its producer waits for the reply
}

type conn[In, Out any] struct {
	h      handoff.Handler[In, Out]
	mu     sync.Mutex
	change sync.Cond // every wait, on every change
	done   chan struct{}

	// Guarded by mu.
	ring     []slot[In] // items put and not yet handled, from head
	head     int
	count    int    // unhandled items, the one in the handler included
	put      uint64 // items put so far
	handled  uint64 // items handled so far
	out      Out    // the reply to the last Send's item
	err      error
	lost     uint64 // 1 + the Send item the handler panicked on, or 0
	closing  bool
	ended    bool // the consumer failed
	panicked *handoff.PanicError
	reraised bool
	outcome  error
}

// Open starts the consumer goroutine; Close ends it.
func Open[In, Out any](h handoff.Handler[In, Out], o handoff.Options) (handoff.Conn[In, Out], error) {
	if err := handoff.CheckOpen("condring", h, o, Traits.MaxCapacity); err != nil {
		return nil, err
	}
	c := &conn[In, Out]{h: h, ring: make([]slot[In], o.Capacity+1), done: make(chan struct{})}
	c.change.L = &c.mu
	go c.consume()
	return c, nil
}

func (c *conn[In, Out]) Put(v In) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.enqueue(v, false)
}

func (c *conn[In, Out]) Send(v In) (Out, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var zero Out
	if err := c.enqueue(v, true); err != nil {
		return zero, err
	}
	seq := c.put
	for c.handled < seq && !c.ended {
		c.change.Wait()
	}
	if c.handled < seq || c.lost == seq {
		return zero, c.refuse() // ended before its item, or on it by a panic
	}
	out, err := c.out, c.err
	c.out, c.err = zero, nil
	return out, err
}

// enqueue waits, holding mu, until a slot is free, and fills it.
func (c *conn[In, Out]) enqueue(v In, send bool) error {
	for c.count == len(c.ring) && !c.closing && !c.ended {
		c.change.Wait()
	}
	if c.closing || c.ended {
		return c.refuse()
	}
	c.ring[(c.head+c.count)%len(c.ring)] = slot[In]{v, send}
	c.count++
	c.put++
	c.change.Broadcast()
	return nil
}

// refuse is the answer to a call the Conn turns away, holding mu: the
// first to see a handler panic re-raises it, the others get ErrClosed.
func (c *conn[In, Out]) refuse() error {
	c.reraise()
	return handoff.ErrClosed
}

// reraise re-raises the handler's panic, holding mu, if no call has yet.
func (c *conn[In, Out]) reraise() {
	if c.panicked != nil && !c.reraised {
		c.reraised = true
		panic(c.panicked.Value)
	}
}

func (c *conn[In, Out]) Close() error {
	c.mu.Lock()
	c.closing = true
	c.change.Broadcast()
	c.mu.Unlock()
	<-c.done
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reraise()
	return c.outcome
}

// consume handles the ring's items in order until Close has been called
// and the ring is empty, or the handler fails.
func (c *conn[In, Out]) consume() {
	defer close(c.done)
	c.mu.Lock()
	defer c.mu.Unlock()
	for {
		for c.count == 0 && !c.closing {
			c.change.Wait()
		}
		if c.count == 0 {
			return // closing, and every item handled
		}
		s := c.ring[c.head]
		c.mu.Unlock()
		out, err, p := c.call(s.v)
		c.mu.Lock()
		c.ring[c.head] = slot[In]{}
		c.head = (c.head + 1) % len(c.ring)
		c.count--
		c.handled++
		if s.send {
			c.out, c.err = out, err
			if p != nil {
				c.lost = c.handled
			}
		}
		if p != nil {
			c.panicked = p
			c.end(p)
		} else if err != nil {
			c.end(err)
		}
		c.change.Broadcast()
		if c.ended {
			return
		}
	}
}

// end records the consumer's failure, holding mu: the put items still in
// the ring are never handled, and Close counts them.
func (c *conn[In, Out]) end(err error) {
	unhandled := 0
	for i := range c.count {
		if !c.ring[(c.head+i)%len(c.ring)].send {
			unhandled++
		}
	}
	c.ended, c.outcome = true, &handoff.ConsumerError{Err: err, Unhandled: unhandled}
}

// call runs the handler on v, turning a panic into a *PanicError.
func (c *conn[In, Out]) call(v In) (out Out, err error, p *handoff.PanicError) {
	defer func() {
		if r := recover(); r != nil {
			p = handoff.NewPanicError(r)
		}
	}()
	out, err = c.h(v)
	return out, err, nil
}
