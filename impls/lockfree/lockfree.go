// Package lockfree is a bounded single-producer single-consumer ring on
// sync/atomic, with no mutex and no channel on the fast path: the producer
// publishes an item by storing the tail index and the consumer frees slots
// by storing the head index, each on its own cache line, each side caching
// the other's, and the consumer takes every published item in one pass. A
// side that must wait spins a few hundred nanoseconds (not with one P, the
// Park strategy, or for a goroutine it has just woken) and then parks on a
// channel, so an idle consumer burns no core; a Put costs one atomic store
// and a flag load, a wake-up a channel send. It takes a single producer and
// cannot tell the consumer's goroutine from the producer's, so a handler
// calling its own Conn races with the producer (Traits.DetectsReentry false).
package lockfree

import (
	"math"
	"runtime"
	"sync/atomic"
	"time"

	"golang.org/x/sys/cpu"

	"github.com/handoffbench/handoff"
	"github.com/handoffbench/handoff/internal/adapt"
	"github.com/handoffbench/handoff/internal/spin"
)

// MaxCapacity is the largest Options.Capacity Open accepts: the ring is
// allocated up front, rounded up to a power of two.
const MaxCapacity = 1 << 16

// Traits are what this implementation offers beyond the contract.
var Traits = handoff.Traits{MaxCapacity: MaxCapacity}

// Wait is how a side waits for the other.
type Wait uint8

const (
	// SpinThenPark checks the other side's index a while before parking:
	// a wait shorter than the spin never pays for a park and a wake-up.
	SpinThenPark Wait = iota
	// Park parks at once: no CPU burnt in waiting, every wait a wake-up.
	Park
	// Spin keeps spinning while the Conn is busy and parks only after
	// SpinIdle with nothing to wait for, so an idle Conn burns no core for
	// long. It spins longer than the runtime takes to move a just-woken
	// goroutine to an idle P, so producer and consumer end up spinning on
	// two Ps rather than taking turns on one (see package spin). With one
	// P it yields instead of spinning.
	Spin
	// Adaptive waits as Park or as Spin, whichever the producer measures to
	// move its calls faster, and measures again as the Conn runs (package
	// adapt). With one P it parks, as spinning cannot pay there.
	Adaptive
)

// SpinIdle is how long a Spin waiter spins with nothing arriving before it
// parks: the project's spin.Idle, the same for every spinning row.
const SpinIdle = spin.Idle

// spinChecks is how many times a waiting side looks again before it parks:
// a few hundred nanoseconds on a current core. Measured side by side at
// GOMAXPROCS=2, 1000 checks made a stream at capacity 256 slower (25 ns an
// item against 19) and burnt 1.3 to 1.5 times its wall time in CPU; 64 or
// 250 checks cost the same as parking at once.
const spinChecks = 250

// releaseEvery is how many items the consumer handles, in a long batch,
// before it frees their slots, so that the producer can refill the ring
// while the rest of the batch is handled.
const releaseEvery = 64

type slot[In any] struct {
	v    In
	send bool // a Send waits for this item's reply
}

type conn[In, Out any] struct {
	h      handoff.Handler[In, Out]
	ring   []slot[In]
	mask   uint64
	limit  uint64 // Capacity+1: the most items the ring may hold
	spins  int    // SpinThenPark: looks before parking
	idle   time.Duration
	yield  bool           // Spin with one P: yield rather than spin
	gather uint64         // Spin with two Ps: the batch of Puts awaitBatch waits for
	adapt  *adapt.Adapter // Adaptive with two Ps: whether to wait as Spin or as Park

	_ cpu.CacheLinePad
	// The producer's line: the published tail, and what only the producer
	// touches.
	tail      atomic.Uint64 // items [head, tail) are in the ring
	next      uint64        // the producer's copy of tail
	headCache uint64        // the producer's last look at head
	closed    bool          // Close was called
	woke      bool          // the last publish woke the consumer: do not spin for it
	reraised  bool          // a panic was re-raised
	adaptAt   uint64        // next at which the adapter looks at its clock: never without one
	refused   uint64        // Sends whose item the consumer ended before
	outcome   error

	_ cpu.CacheLinePad
	// The consumer's line.
	head atomic.Uint64 // items before head are handled, their slots free
	pos  uint64        // the item being handled, for a panic's report

	_ cpu.CacheLinePad
	// Rarely written: waiting, closing, failing, replying.
	consumerParked atomic.Bool
	producerParked atomic.Bool
	closing        atomic.Bool
	ended          atomic.Bool // the consumer failed; set after the fields below
	wakeConsumer   chan struct{}
	wakeProducer   chan struct{}
	done           chan struct{}

	replied   atomic.Uint64 // 1 + the index of the last Send item replied to
	replyOut  Out
	replyErr  error
	replyLost bool // the consumer panicked on the Send's item

	handled  uint64 // items handled when the consumer failed
	failure  error
	panicked *handoff.PanicError
}

var _ handoff.Conn[int, int] = (*conn[int, int])(nil)

// Open starts the consumer goroutine with the SpinThenPark strategy; Close
// must be called to end it.
func Open[In, Out any](h handoff.Handler[In, Out], o handoff.Options) (handoff.Conn[In, Out], error) {
	return OpenWait(h, o, SpinThenPark)
}

// OpenWait is Open with a waiting strategy.
func OpenWait[In, Out any](h handoff.Handler[In, Out], o handoff.Options, w Wait) (handoff.Conn[In, Out], error) {
	if err := handoff.CheckOpen("lockfree", h, o, MaxCapacity); err != nil {
		return nil, err
	}
	size := uint64(1)
	for size < uint64(o.Capacity)+1 {
		size <<= 1
	}
	c := &conn[In, Out]{
		h:            h,
		ring:         make([]slot[In], size),
		mask:         size - 1,
		limit:        uint64(o.Capacity) + 1,
		wakeConsumer: make(chan struct{}, 1),
		wakeProducer: make(chan struct{}, 1),
		done:         make(chan struct{}),
		adaptAt:      math.MaxUint64,
	}
	switch {
	case w == Spin:
		c.idle, c.yield = SpinIdle, spin.Yield()
		if !c.yield {
			c.gather = min(c.limit/2, 32)
		}
	case w == Adaptive && !spin.Yield():
		c.adapt = adapt.New(time.Now)
		c.adaptAt = 1
		c.gather = min(c.limit/2, 32)
	case w == SpinThenPark && runtime.GOMAXPROCS(0) > 1:
		c.spins = spinChecks // with one P, the other side cannot run while we spin
	}
	go c.consume()
	return c, nil
}

func (c *conn[In, Out]) Put(v In) error { return c.publish(v, false) }

func (c *conn[In, Out]) Send(v In) (Out, error) {
	var zero Out
	if err := c.publish(v, true); err != nil {
		return zero, err
	}
	seq := c.next
	if !c.await(func() bool { return c.replied.Load() >= seq }) {
		c.refused++ // the consumer ended before the item
		return zero, c.refuse()
	}
	if c.replyLost {
		return zero, c.refuse() // the handler panicked on it: re-raise
	}
	c.headCache = seq // the consumer freed the slot before replying
	out, err := c.replyOut, c.replyErr
	c.replyOut, c.replyErr = zero, nil
	return out, err
}

// publish puts v in the ring once there is room, and wakes the consumer if
// it is parked.
func (c *conn[In, Out]) publish(v In, send bool) error {
	if c.closed || c.ended.Load() {
		return c.refuse()
	}
	t := c.next
	if t-c.headCache >= c.limit {
		c.headCache = c.head.Load()
		if t-c.headCache >= c.limit && !c.await(func() bool {
			c.headCache = c.head.Load()
			return t-c.headCache < c.limit
		}) {
			return c.refuse()
		}
	}
	c.ring[t&c.mask] = slot[In]{v: v, send: send}
	c.next = t + 1
	c.tail.Store(t + 1)
	if c.consumerParked.Load() {
		c.woke = wake(&c.consumerParked, c.wakeConsumer)
	}
	if c.next >= c.adaptAt {
		c.adaptAt = c.adapt.Step(c.next)
	}
	return nil
}

// spinFor is how long a waiting side spins before it parks, for Spin and
// Adaptive: SpinIdle while Adaptive spins, 0 while it parks.
func (c *conn[In, Out]) spinFor() time.Duration {
	if c.adapt != nil {
		if c.adapt.Spin() {
			return SpinIdle
		}
		return 0
	}
	return c.idle
}

// await is the producer waiting until ready, spinning then parking; false
// if the consumer ended first. It does not spin for a consumer it has just
// woken: the runtime runs a woken goroutine next on the waker's own P, so
// the consumer would only start once the spin had given up.
func (c *conn[In, Out]) await(ready func() bool) bool {
	if idle := c.spinFor(); idle > 0 {
		if spin.Until(func() bool { return ready() || c.ended.Load() }, idle, c.yield) {
			if ready() {
				return true
			}
			return c.settled(ready)
		}
		if c.adapt != nil {
			c.adapt.Missed(c.next)
		}
	}
	spins := c.spins
	if c.woke {
		spins, c.woke = 0, false
	}
	for range spins {
		if ready() {
			return true
		}
		if c.ended.Load() {
			return c.settled(ready)
		}
	}
	for {
		c.producerParked.Store(true)
		// Look again after saying so: the consumer either sees the flag
		// and wakes us, or made its change before we looked.
		if ready() {
			c.producerParked.Store(false)
			return true
		}
		if c.ended.Load() {
			c.producerParked.Store(false)
			return c.settled(ready)
		}
		<-c.wakeProducer
	}
}

// settled waits for an ended consumer to exit, after which nothing changes,
// and says whether ready came true before it did.
func (c *conn[In, Out]) settled(ready func() bool) bool {
	<-c.done
	return ready()
}

// wake takes the other side's parked flag, if set, and sends it one
// wake-up; a wake-up it no longer needs is consumed by its next look. It
// says whether it woke the other side.
func wake(parked *atomic.Bool, ch chan struct{}) bool {
	if !parked.CompareAndSwap(true, false) {
		return false
	}
	select {
	case ch <- struct{}{}:
	default:
	}
	return true
}

// refuse is the answer to a call the Conn cannot take: the first call to
// observe a handler panic re-raises it, any other gets ErrClosed.
func (c *conn[In, Out]) refuse() error {
	c.reraiseUnobserved()
	return handoff.ErrClosed
}

// reraiseUnobserved re-raises a handler panic in the producer if no call
// has observed it yet. c.panicked is set before ended, so ended guards it.
func (c *conn[In, Out]) reraiseUnobserved() {
	if c.ended.Load() && c.panicked != nil && !c.reraised {
		c.reraised = true
		panic(c.panicked.Value)
	}
}

func (c *conn[In, Out]) Close() error {
	if !c.closed {
		c.closed = true
		c.closing.Store(true)
		wake(&c.consumerParked, c.wakeConsumer)
		<-c.done
		if c.ended.Load() {
			c.outcome = &handoff.ConsumerError{Err: c.failure, Unhandled: int(c.next - c.handled - c.refused)}
		}
	}
	c.reraiseUnobserved()
	return c.outcome
}

// consume is the consumer goroutine: it takes every published item in one
// pass, handles them in order, frees their slots, and waits — spinning,
// then parked — when the ring is empty. It ends when Close has been called
// and the ring is drained, or when the handler fails.
func (c *conn[In, Out]) consume() {
	defer close(c.done)
	defer c.rescue()
	head := uint64(0)
	woke := false // this pass woke the producer: do not spin for it
	send := false // the last item handled was a Send's
	for {
		tail := c.tail.Load()
		if tail == head {
			if !c.awaitItems(head, woke) {
				return
			}
			woke = false
			continue
		}
		for ; head != tail; head++ {
			s := &c.ring[head&c.mask]
			c.pos = head
			out, err := c.h(s.v)
			send = s.send
			*s = slot[In]{} // drop the reference to a handled item
			if err != nil {
				c.fail(head+1, err) // before the reply: the Send's next call is refused
			}
			if send {
				// Free the slot first: a Send that has its reply knows
				// its slot is free, and need not look at head.
				c.replyOut, c.replyErr = out, err
				c.head.Store(head + 1)
				c.replied.Store(head + 1)
				woke = c.wakeParked() || woke
			} else if (head+1)%releaseEvery == 0 {
				woke = c.release(head+1) || woke
			}
			if err != nil {
				wake(&c.producerParked, c.wakeProducer)
				return
			}
		}
		woke = c.release(head) || woke
		if c.gather > 1 && !send && (c.adapt == nil || c.adapt.Spin()) {
			c.awaitBatch(head)
		}
	}
}

// gatherPauses bounds how long awaitBatch lets items gather: so many
// pauses of spin.Pause(gatherPause) each, a few microseconds in all.
const (
	gatherPauses = 8
	gatherPause  = 128
)

// awaitBatch, for Spin with two Ps, lets a stream of Puts gather before
// the consumer looks at tail again. A consumer that looked at once would
// take one item a pass and pull the tail's cache line away from the
// producer for each, so that every publish paid a cache-line transfer; one
// that waits takes a batch a pass, as a ring that publishes in batches
// does, at the price of a microsecond or two of latency for the last items
// of a burst. A Send's item is never waited for: its producer is waiting.
func (c *conn[In, Out]) awaitBatch(head uint64) {
	for range gatherPauses {
		spin.Pause(gatherPause)
		if c.tail.Load()-head >= c.gather || c.closing.Load() {
			return
		}
	}
}

// release frees the slots before head and wakes a producer waiting for one
// or for a reply, saying whether it did.
func (c *conn[In, Out]) release(head uint64) bool {
	c.head.Store(head)
	return c.wakeParked()
}

// wakeParked wakes the producer if it is parked, saying whether it did.
func (c *conn[In, Out]) wakeParked() bool {
	return c.producerParked.Load() && wake(&c.producerParked, c.wakeProducer)
}

// awaitItems is the consumer waiting for an item after head; false once the
// Conn is closing and drained. It does not spin for a producer it has just
// woken, which runs next on this goroutine's P, only once it parks.
func (c *conn[In, Out]) awaitItems(head uint64, woke bool) bool {
	spins := c.spins
	if woke {
		spins = 0
	}
	for range spins {
		if c.tail.Load() != head {
			return true
		}
	}
	if idle := c.spinFor(); idle > 0 {
		spin.Until(func() bool { return c.tail.Load() != head || c.closing.Load() }, idle, c.yield)
	}
	for {
		if c.tail.Load() != head {
			return true
		}
		if c.closing.Load() {
			// The producer stored its last tail before closing: if we
			// see closing, a second look at tail is final.
			return c.tail.Load() != head
		}
		c.consumerParked.Store(true)
		// Look again after saying so, as the producer does in await.
		if c.tail.Load() != head || c.closing.Load() {
			c.consumerParked.Store(false)
			continue
		}
		<-c.wakeConsumer
	}
}

// fail records that the consumer ends after handled items; the producer
// learns it from ended, set last.
func (c *conn[In, Out]) fail(handled uint64, err error) {
	c.handled, c.failure = handled, err
	c.ended.Store(true)
}

// rescue turns a handler panic into the consumer's failure; a Send waiting
// for the item is told to re-raise it.
func (c *conn[In, Out]) rescue() {
	r := recover()
	if r == nil {
		return
	}
	c.panicked = handoff.NewPanicError(r)
	c.fail(c.pos+1, c.panicked)
	s := &c.ring[c.pos&c.mask]
	if s.send {
		c.replyLost = true
		c.replied.Store(c.pos + 1)
	}
	*s = slot[In]{}
	wake(&c.producerParked, c.wakeProducer)
}
