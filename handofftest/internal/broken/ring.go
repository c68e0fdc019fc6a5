// Package broken holds handoff implementations that each break the
// contract in one known way, for the self-test of package handofftest: the
// suite must fail every one of them, every time.
//
// Their common base is a small single-producer ring that waits the way
// lock-free handoffs do — spin a while, then set a parked flag, look again
// and park on a channel — and that keeps every rule. A Fault breaks it. The
// ring is written here, apart from the implementations under test, so that
// a change to one of those never changes what the self-test checks.
package broken

import (
	"runtime"
	"sync/atomic"

	"github.com/handoffbench/handoff"
)

// MaxCapacity is the largest Options.Capacity Open accepts.
const MaxCapacity = 1 << 12

// Traits are what every Conn of this package claims: one producer, no
// reentry detection, the handler on a goroutine of its own.
var Traits = handoff.Traits{MaxCapacity: MaxCapacity}

// spins is how many times a waiting side looks before it parks, when
// there is a second P for the other side to run on.
const spins = 200

type slot[In any] struct {
	v    In
	send bool // a Send waits for this item's reply
}

// ring is the base: the producer publishes item t by storing tail = t+1,
// the consumer handles items one at a time and frees each slot by storing
// head, and a side that must wait spins, then parks until the other wakes
// it. Fields without a comment on their owner belong to the producer.
type ring[In, Out any] struct {
	h          handoff.Handler[In, Out]
	items      []slot[In]
	mask       uint64
	limit      uint64 // Capacity+1: the most items in the ring at once
	spins      int
	lostWakeup bool // the consumer parks without a second look

	tail     atomic.Uint64 // items before tail are published
	head     atomic.Uint64 // items before head are handled (set by the consumer)
	next     uint64        // the producer's copy of tail
	closed   bool          // Close was called
	woke     bool          // the last publish woke the consumer
	reraised bool          // a handler panic was re-raised
	refused  uint64        // published Sends whose item the consumer ended before
	outcome  error         // what Close returns

	consumerParked, producerParked atomic.Bool
	wakeConsumer, wakeProducer     chan struct{}
	closing                        atomic.Bool
	ended                          atomic.Bool // the consumer failed; set after the fields below
	done                           chan struct{}

	// Set by the consumer.
	replied   atomic.Uint64 // 1 + the index of the last Send item replied to
	replyOut  Out
	replyErr  error
	replyLost bool   // the handler panicked on the Send's item
	pos       uint64 // the item in the handler
	handled   uint64 // items handled when the consumer failed
	failure   error
	panicked  *handoff.PanicError
}

func openRing[In, Out any](h handoff.Handler[In, Out], o handoff.Options, lostWakeup bool) (*ring[In, Out], error) {
	if err := handoff.CheckOpen("broken", h, o, MaxCapacity); err != nil {
		return nil, err
	}
	size := uint64(1)
	for size < uint64(o.Capacity)+1 {
		size <<= 1
	}
	r := &ring[In, Out]{
		h:            h,
		items:        make([]slot[In], size),
		mask:         size - 1,
		limit:        uint64(o.Capacity) + 1,
		lostWakeup:   lostWakeup,
		wakeConsumer: make(chan struct{}, 1),
		wakeProducer: make(chan struct{}, 1),
		done:         make(chan struct{}),
	}
	if runtime.GOMAXPROCS(0) > 1 {
		r.spins = spins
	}
	go r.consume()
	return r, nil
}

func (r *ring[In, Out]) Put(v In) error { return r.publish(v, false) }

func (r *ring[In, Out]) Send(v In) (Out, error) {
	var zero Out
	if err := r.publish(v, true); err != nil {
		return zero, err
	}
	if !r.await(forReply, r.next) {
		r.refused++
		return zero, r.refuse()
	}
	if r.replyLost {
		return zero, r.refuse() // re-raises the handler's panic on it
	}
	out, err := r.replyOut, r.replyErr
	r.replyOut, r.replyErr = zero, nil
	return out, err
}

// publish waits for a free slot, fills it and wakes a parked consumer.
func (r *ring[In, Out]) publish(v In, send bool) error {
	if r.closed || r.ended.Load() {
		return r.refuse()
	}
	t := r.next
	if !r.ready(forRoom, t) && !r.await(forRoom, t) {
		return r.refuse()
	}
	r.items[t&r.mask] = slot[In]{v: v, send: send}
	r.next = t + 1
	r.tail.Store(t + 1)
	r.woke = wake(&r.consumerParked, r.wakeConsumer)
	return nil
}

// What the producer waits for.
type want uint8

const (
	forRoom  want = iota // a free slot for item n
	forReply             // the reply to item n-1
)

func (r *ring[In, Out]) ready(w want, n uint64) bool {
	if w == forRoom {
		return n-r.head.Load() < r.limit
	}
	return r.replied.Load() >= n
}

// await is the producer waiting until ready(w, n): false if the consumer
// ended first. It does not spin for a consumer it has just woken: the
// runtime runs a woken goroutine next on the waker's P, so the consumer
// would only start once the spin gave up.
func (r *ring[In, Out]) await(w want, n uint64) bool {
	spins := r.spins
	if r.woke {
		spins, r.woke = 0, false
	}
	for range spins {
		if r.ready(w, n) {
			return true
		}
	}
	for {
		if r.ready(w, n) {
			return true
		}
		if r.ended.Load() {
			<-r.done // nothing changes once the consumer is gone
			return r.ready(w, n)
		}
		r.producerParked.Store(true)
		// The second look: the consumer either sees the flag and wakes us,
		// or made its change before we looked.
		if r.ready(w, n) || r.ended.Load() {
			r.producerParked.Store(false)
			continue
		}
		<-r.wakeProducer
	}
}

// wake takes the other side's parked flag, if set, and leaves it one
// wake-up; a stale one is consumed by its next park, which looks again. It
// says whether it woke the other side.
func wake(parked *atomic.Bool, ch chan struct{}) bool {
	if !parked.Load() || !parked.CompareAndSwap(true, false) {
		return false
	}
	select {
	case ch <- struct{}{}:
	default:
	}
	return true
}

// refuse answers a call the Conn cannot take: the first to observe a
// handler panic re-raises it, any other gets ErrClosed.
func (r *ring[In, Out]) refuse() error {
	r.reraiseUnobserved()
	return handoff.ErrClosed
}

func (r *ring[In, Out]) reraiseUnobserved() {
	if r.ended.Load() && r.panicked != nil && !r.reraised {
		r.reraised = true
		panic(r.panicked.Value)
	}
}

func (r *ring[In, Out]) Close() error {
	if !r.closed {
		r.closed = true
		r.closing.Store(true)
		wake(&r.consumerParked, r.wakeConsumer)
		<-r.done
		if r.ended.Load() {
			r.outcome = &handoff.ConsumerError{Err: r.failure, Unhandled: int(r.next - r.handled - r.refused)}
		}
	}
	r.reraiseUnobserved()
	return r.outcome
}

// consume is the consumer goroutine: it handles the items one at a time,
// until Close has been called and the ring is drained, or the handler fails.
func (r *ring[In, Out]) consume() {
	defer close(r.done)
	defer r.rescue()
	woke := false // the last item woke the producer
	for head := uint64(0); r.awaitItem(head, woke); head++ {
		s := &r.items[head&r.mask]
		r.pos = head
		out, err := r.h(s.v)
		send := s.send
		*s = slot[In]{}
		if err != nil {
			r.fail(head+1, err) // before the reply: the Send's next call is refused
		}
		if send {
			r.replyOut, r.replyErr = out, err
			r.replied.Store(head + 1)
		}
		r.head.Store(head + 1)
		woke = wake(&r.producerParked, r.wakeProducer)
		if err != nil {
			return
		}
	}
}

// awaitItem is the consumer waiting for item head to be published: false
// once the Conn is closing and drained. Like await, it does not spin for a
// producer it has just woken.
func (r *ring[In, Out]) awaitItem(head uint64, woke bool) bool {
	spins := r.spins
	if woke {
		spins = 0
	}
	for range spins {
		if r.tail.Load() != head {
			return true
		}
	}
	for {
		if r.tail.Load() != head {
			return true
		}
		if r.closing.Load() {
			// Close comes after the producer's last publish.
			return r.tail.Load() != head
		}
		if r.lostWakeup {
			// Widen the window between the look and the flag, so that the
			// fault shows on a busy machine too, where the two sides rarely
			// run at the same instant: a producer that runs now publishes
			// unannounced.
			runtime.Gosched()
		}
		r.consumerParked.Store(true)
		// The second look, as in await. Without it, an item published
		// between the first look and the flag is never announced: the
		// producer saw no flag, and the consumer parks with work to do.
		if !r.lostWakeup && (r.tail.Load() != head || r.closing.Load()) {
			r.consumerParked.Store(false)
			continue
		}
		<-r.wakeConsumer
	}
}

// fail records that the consumer ends after handled items; the producer
// learns it from ended, stored last.
func (r *ring[In, Out]) fail(handled uint64, err error) {
	r.handled, r.failure = handled, err
	r.ended.Store(true)
}

// rescue turns a handler panic into the consumer's failure, and answers a
// Send waiting for the item with the panic to re-raise.
func (r *ring[In, Out]) rescue() {
	p := recover()
	if p == nil {
		return
	}
	r.panicked = handoff.NewPanicError(p)
	r.fail(r.pos+1, r.panicked)
	s := &r.items[r.pos&r.mask]
	if s.send {
		r.replyLost = true
		r.replied.Store(r.pos + 1)
	}
	*s = slot[In]{}
	r.head.Store(r.pos + 1)
	wake(&r.producerParked, r.wakeProducer)
}
