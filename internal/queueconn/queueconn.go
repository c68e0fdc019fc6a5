// Package queueconn keeps the handoff contract over a third-party queue, with
// the least code the contract needs: a consumer goroutine that Gets items
// from the queue and handles them, an admission count that keeps Put's
// bound of Capacity+1 whatever the queue's own rounding, a reply cell per
// Send, and Close's marker through the queue itself, behind every item put
// before it. The queue decides how an item crosses; everything else is the
// same for every queue, so that rows built on it differ in the queue alone.
//
// A Send waits for its reply, and a producer for room, as its [Waiting]
// says: the project's Spin strategy (spin while the Conn is busy, park on a
// mutex and sync.Cond after SpinIdle with nothing arriving), or for one
// producer the adaptive wait (package adapt). A queue with only
// non-blocking calls (as xsync's) waits the same way in its Get through
// [Spinning]; a queue with blocking calls of its own (as Workiva's
// RingBuffer) keeps them.
//
// With Multi, Send and Put may be called from several goroutines at once,
// and the gate of package admission counts the producers inside them so
// that a racing Close never strands an item, as package channels does. The consumer cannot tell its
// own goroutine from a producer's, so a handler calling its own Conn
// deadlocks or races (Traits.DetectsReentry is false).
package queueconn

import (
	"math"
	"sync/atomic"

	"golang.org/x/sys/cpu"

	"github.com/handoffbench/handoff"
	"github.com/handoffbench/handoff/internal/admission"
)

// A Queue is the third-party queue under a Conn, as two blocking calls: Put
// waits while the queue is full, Get while it is empty. A queue of n items
// must take Capacity+2 of them: the Conn's bound, and Close's marker.
type Queue[T any] interface {
	Put(T)
	Get() T
}

// An Item is what crosses the queue. Its fields are the Conn's own.
type Item[In, Out any] struct {
	v     In
	reply *cell[Out] // nil for Put
	close bool       // Close's marker: everything before it is handled
}

// Cell states.
const (
	pending uint32 = iota
	replied        // out and err are the handler's
	refused        // the consumer ended before the reply
)

// A cell is where the consumer leaves a Send's reply.
type cell[Out any] struct {
	out   Out
	err   error
	state atomic.Uint32
}

// spareCells bounds the reply cells kept for concurrent Sends (Multi): a
// Send allocates only while more Sends overlap than ever before.
const spareCells = 64

type conn[In, Out any] struct {
	h     handoff.Handler[In, Out]
	q     Queue[Item[In, Out]]
	limit uint64 // Capacity+1 items admitted and not yet done with
	multi bool
	wait  *Waiting

	_        cpu.CacheLinePad
	admitted atomic.Uint64 // tickets taken by producers (Close's marker too)
	seen     uint64        // one producer's last look at done (not Multi)
	calls    uint64        // the one producer's calls (not Multi), for an adaptive wait
	adaptAt  uint64        // calls at which the adaptive wait looks at its clock: never without one

	_    cpu.CacheLinePad
	done atomic.Uint64 // items the consumer is through with, handled or drained
	n    uint64        // the consumer's own count of them

	_         cpu.CacheLinePad
	gate      admission.Gate
	producers Parker          // producers waiting for room or for a reply
	reply     cell[Out]       // the reply cell of the one Send that owns it
	replyBusy atomic.Bool     // (Multi) a Send owns reply
	spare     chan *cell[Out] // (Multi) reply cells for Sends that overlap
	exited    chan struct{}   // closed when the consumer goroutine exits
	outcome   error
}

// Open starts the consumer goroutine on q, which Open's caller made for
// o.Capacity; Close must be called to end it. impl names the implementation
// in errors. With multi, Send and Put may be called concurrently. Producers
// wait for room and replies as w says, which q's Get shares; an adaptive
// wait takes one producer (not multi).
func Open[In, Out any](impl string, h handoff.Handler[In, Out], o handoff.Options, maxCapacity int, multi bool, w *Waiting, q func(size int) Queue[Item[In, Out]]) (handoff.Conn[In, Out], error) {
	if err := handoff.CheckOpen(impl, h, o, maxCapacity); err != nil {
		return nil, err
	}
	if multi && w.Adaptive() {
		panic("queueconn: an adaptive wait learns from one producer's calls; it cannot serve several")
	}
	c := &conn[In, Out]{
		h:       h,
		q:       q(o.Capacity + 2),
		limit:   uint64(o.Capacity) + 1,
		multi:   multi,
		wait:    w,
		exited:  make(chan struct{}),
		adaptAt: math.MaxUint64,
	}
	if w.adapt != nil {
		c.adaptAt = 1
	}
	c.gate.Init()
	if multi {
		c.spare = make(chan *cell[Out], spareCells)
	}
	c.producers.init()
	go c.consume()
	return c, nil
}

// Put and Send pass the gate (package admission), which Close waits for
// them to leave before it puts its marker: counted inside it with several
// producers; with one, a look at it (EnterAs), since Close, called by that
// producer, need not wait for it.
func (c *conn[In, Out]) Put(v In) error {
	if !c.gate.EnterAs(!c.multi) {
		return c.gate.Refuse()
	}
	c.admit()
	c.q.Put(Item[In, Out]{v: v})
	if !c.multi {
		c.tick()
	}
	c.leave()
	return nil
}

// leave lets a producer that enter counted out.
func (c *conn[In, Out]) leave() {
	if c.multi {
		c.gate.Leave()
	}
}

// tick counts the one producer's call for an adaptive wait, which looks at
// its clock once in some calls.
func (c *conn[In, Out]) tick() {
	if c.calls++; c.calls >= c.adaptAt {
		c.adaptAt = c.wait.adapt.Step(c.calls)
	}
}

func (c *conn[In, Out]) Send(v In) (Out, error) {
	var zero Out
	if !c.gate.EnterAs(!c.multi) {
		return zero, c.gate.Refuse()
	}
	r := &c.reply
	owned := !c.multi || c.replyBusy.CompareAndSwap(false, true)
	if !owned {
		select {
		case r = <-c.spare:
		default:
			r = new(cell[Out])
		}
	}
	c.admit()
	c.q.Put(Item[In, Out]{v: v, reply: r})
	if !c.multi {
		c.tick()
	}
	answered := func() bool { return r.state.Load() != pending }
	c.wait.until(answered, &c.producers, true, c.calls)
	out, err, state := r.out, r.err, r.state.Load()
	r.out, r.err = zero, nil
	r.state.Store(pending)
	switch {
	case !c.multi:
	case owned:
		c.replyBusy.Store(false)
	default:
		select {
		case c.spare <- r:
		default:
		}
	}
	c.leave()
	if state == refused {
		return out, c.gate.Refuse()
	}
	return out, err
}

// admit takes a ticket and waits until it is within the bound: at most
// Capacity+1 items admitted that the consumer is not through with.
func (c *conn[In, Out]) admit() {
	t := c.admitted.Add(1)
	if !c.multi && t-c.seen <= c.limit {
		return
	}
	room := func() bool {
		c.seen = c.done.Load()
		return t-c.seen <= c.limit
	}
	if c.multi {
		// Tickets are taken in order but used in any: later tickets may
		// be done with before this one, so the difference is signed.
		room = func() bool { return int64(t-c.done.Load()) <= int64(c.limit) }
	}
	c.wait.until(room, &c.producers, true, c.calls)
}

func (c *conn[In, Out]) Close() error {
	if c.gate.Close() { // the first Close, with no producer left inside
		c.admit()
		c.q.Put(Item[In, Out]{close: true})
	}
	<-c.exited
	c.gate.Reraise()
	return c.outcome
}

// consume is the consumer goroutine. It serves items until Close's marker;
// if the handler fails it drains the queue instead, so that no producer
// waits forever, counting the Puts it could not handle.
func (c *conn[In, Out]) consume() {
	defer close(c.exited)
	err := c.serve()
	if err == nil {
		return
	}
	c.outcome = admission.Drain(err, func() (Item[In, Out], bool) { it := c.q.Get(); return it, it.close }, func(it Item[In, Out]) bool {
		defer c.through()
		if it.reply != nil {
			c.answer(it.reply, refused)
		}
		return it.reply != nil
	})
}

// serve handles items until Close's marker (nil) or a handler failure: its
// error, or a *handoff.PanicError after telling a waiting Send to re-raise.
func (c *conn[In, Out]) serve() (err error) {
	var cur Item[In, Out]
	defer func() {
		if r := recover(); r != nil {
			p := handoff.NewPanicError(r)
			err = p
			c.gate.End(p)
			if cur.reply != nil {
				c.answer(cur.reply, refused)
			}
			c.through()
		}
	}()
	for {
		cur = c.q.Get()
		if cur.close {
			return nil
		}
		out, err := c.h(cur.v)
		if err != nil {
			c.gate.End(nil) // before the reply: the Send's next call is refused
		}
		if cur.reply != nil {
			cur.reply.out, cur.reply.err = out, err
			c.answer(cur.reply, replied)
		}
		c.through()
		if err != nil {
			return err
		}
	}
}

// through counts one more item the consumer is through with, making room,
// and wakes the producers parked for room or for a reply settled before.
func (c *conn[In, Out]) through() {
	c.n++
	c.done.Store(c.n)
	c.producers.Wake()
}

// answer settles a Send's cell; through, after it, wakes the Send if it
// parked.
func (c *conn[In, Out]) answer(r *cell[Out], state uint32) {
	r.state.Store(state)
}
