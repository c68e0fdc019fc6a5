// Package mutexqueue is the textbook locked queue: a bounded ring of
// Options.Capacity+1 slots guarded by a sync.Mutex, with sync.Cond for the
// consumer goroutine waiting for items, producers waiting for space and Sends
// waiting for their reply. No channels.
//
// The consumer takes every waiting item, up to 64, in one lock acquisition
// and handles the batch outside the lock, freeing the slots only once the
// items are handled (so Put's bound holds); a producer pays one lock per
// item, and the consumer one per batch. It is safe for concurrent producers. It cannot
// tell the consumer's goroutine from a producer's, so a handler that calls
// its own Conn deadlocks (Traits.DetectsReentry is false).
package mutexqueue

import (
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sys/cpu"

	"github.com/handoffbench/handoff"
	"github.com/handoffbench/handoff/internal/spin"
)

// MaxCapacity is the largest Options.Capacity Open accepts: the ring is
// allocated up front.
const MaxCapacity = 1 << 16

// Traits are what this implementation offers beyond the contract. Neither
// form allocates in steady state (rule 8), but a waiter that parks
// (sync.Cond.Wait, a contended Lock) can make the runtime allocate a sudog
// for it, when the cache of the P it parks on and the central cache (which
// every GC empties) are both empty. OpenSpin's waiters park seldom, on
// whichever P they happen to run, so they meet such refills at random
// moments long after a warm-up; the conformance suite leaves those out of
// its count (handofftest's runtimeOwn), as the runtime's cost of parking,
// bounded by its caches' size, and not the Conn's.
var Traits = handoff.Traits{ConcurrentProducers: true, MaxCapacity: MaxCapacity}

type slot[In, Out any] struct {
	v     In
	reply *cell[Out] // the waiting Send's reply; nil for Put
}

type cellState uint8

const (
	pending cellState = iota
	replied           // out and err are the handler's
	// refused: the consumer ended before the reply — before the item, or
	// panicking on it. The Send answers as refuseUnlock does: it re-raises
	// a panic nobody has observed yet, or returns ErrClosed.
	refused
)

// A cell is where the consumer leaves a Send's reply. Cells are reused
// through conn.cells, so a Send allocates only while more Sends overlap than
// ever before.
type cell[Out any] struct {
	out   Out
	err   error
	state cellState
}

type conn[In, Out any] struct {
	h handoff.Handler[In, Out]
	// Spinning waiters (OpenSpin): how long to spin on changes before
	// Cond.Wait, and whether to yield instead (one P).
	spinFor time.Duration
	yield   bool

	_ cpu.CacheLinePad
	// The consumer's own: of the batch being handled, how many the handler
	// has had. Written once an item, outside the lock, so it has a line of
	// its own rather than sharing one with count, which every Put writes.
	taken int

	_       cpu.CacheLinePad
	mu      sync.Mutex
	work    sync.Cond // the consumer waits for items or Close
	space   sync.Cond // producers wait for a free slot
	replies sync.Cond // Sends wait for their cell to be filled

	// All below are guarded by mu, except that the consumer reads head and
	// the slots of its batch without it (only the consumer moves head, and
	// producers write only slots outside [head, head+count)).
	ring         []slot[In, Out]
	head         int // the oldest item not yet handled
	count        int // items in the ring, the batch being handled included
	idle         bool
	spaceWaiters int
	cells        []*cell[Out]

	closing  bool
	ended    bool
	panicked *handoff.PanicError
	reraised bool
	outcome  error

	consumer sync.WaitGroup

	// changes counts, for spinning waiters, the changes made under mu that
	// a waiter may wait for: an item pushed, slots released, a reply, the
	// end. A waiter spins until it moves, outside the lock.
	changes atomic.Uint64
}

var _ handoff.Conn[int, int] = (*conn[int, int])(nil)

// Open starts the consumer goroutine; Close must be called to end it.
// Every wait is a Cond.Wait: the waiter parks at once.
func Open[In, Out any](h handoff.Handler[In, Out], o handoff.Options) (handoff.Conn[In, Out], error) {
	return open(h, o, 0)
}

// SpinIdle is how long a waiter of OpenSpin spins before Cond.Wait when
// nothing changes: lockfree.SpinIdle, so that the two differ in their
// synchronisation alone.
const SpinIdle = spin.Idle

// OpenSpin is Open with waiters that first let go of the lock and spin on a
// hint of change, outside it, for up to SpinIdle, and only then Cond.Wait:
// while the Conn is busy, producer and consumer each keep a P and no
// handoff goes through the scheduler. Every change made under the lock
// then also writes the hint, one more atomic store.
func OpenSpin[In, Out any](h handoff.Handler[In, Out], o handoff.Options) (handoff.Conn[In, Out], error) {
	return open(h, o, SpinIdle)
}

func open[In, Out any](h handoff.Handler[In, Out], o handoff.Options, idle time.Duration) (handoff.Conn[In, Out], error) {
	if err := handoff.CheckOpen("mutexqueue", h, o, MaxCapacity); err != nil {
		return nil, err
	}
	c := &conn[In, Out]{h: h, ring: make([]slot[In, Out], o.Capacity+1), spinFor: idle}
	if idle > 0 {
		c.yield = spin.Yield()
	}
	c.work.L = &c.mu
	c.space.L = &c.mu
	c.replies.L = &c.mu
	c.consumer.Add(1)
	go c.consume()
	return c, nil
}

func (c *conn[In, Out]) Put(v In) error {
	c.mu.Lock()
	if !c.waitForSpace() {
		return c.refuseUnlock()
	}
	c.push(v, nil)
	c.mu.Unlock()
	return nil
}

func (c *conn[In, Out]) Send(v In) (Out, error) {
	c.mu.Lock()
	if !c.waitForSpace() {
		var zero Out
		return zero, c.refuseUnlock()
	}
	var r *cell[Out]
	if n := len(c.cells); n > 0 {
		r = c.cells[n-1]
		c.cells = c.cells[:n-1]
	} else {
		r = new(cell[Out])
	}
	c.push(v, r)
	for r.state == pending {
		c.wait(&c.replies)
	}
	out, err, state := r.out, r.err, r.state
	*r = cell[Out]{}
	c.cells = append(c.cells, r)
	if state == refused {
		return out, c.refuseUnlock()
	}
	c.mu.Unlock()
	return out, err
}

// waitForSpace waits, holding mu, until a slot is free; false means the
// Conn is closing or the consumer ended instead.
func (c *conn[In, Out]) waitForSpace() bool {
	for c.count == len(c.ring) && !c.closing && !c.ended {
		c.spaceWaiters++
		c.wait(&c.space)
		c.spaceWaiters--
	}
	return !c.closing && !c.ended
}

// push appends an item, holding mu, and wakes the consumer if it sleeps.
func (c *conn[In, Out]) push(v In, r *cell[Out]) {
	i := c.head + c.count
	if i >= len(c.ring) {
		i -= len(c.ring)
	}
	c.ring[i] = slot[In, Out]{v: v, reply: r}
	c.count++
	c.changed()
	if c.idle {
		c.idle = false
		c.work.Signal()
	}
}

// refuseUnlock answers a producer the Conn turned away, and unlocks mu: it
// re-raises a handler panic nobody has observed yet, or returns ErrClosed.
func (c *conn[In, Out]) refuseUnlock() error {
	c.reraiseUnobserved()
	c.mu.Unlock()
	return handoff.ErrClosed
}

// reraiseUnobserved, holding mu, re-raises a handler panic in the calling
// producer if no call has observed it yet, unlocking mu first.
func (c *conn[In, Out]) reraiseUnobserved() {
	if c.panicked != nil && !c.reraised {
		c.reraised = true
		c.mu.Unlock()
		panic(c.panicked.Value) // set once, before ended: safe to read unlocked
	}
}

func (c *conn[In, Out]) Close() error {
	c.mu.Lock()
	if !c.closing {
		c.closing = true
		c.changed()
		if c.idle {
			c.idle = false
			c.work.Signal()
		}
		c.space.Broadcast() // blocked producers give up with ErrClosed
	}
	c.mu.Unlock()
	c.consumer.Wait()
	c.mu.Lock()
	c.reraiseUnobserved()
	outcome := c.outcome
	c.mu.Unlock()
	return outcome
}

// batchMax is the most items the consumer takes in one lock acquisition.
// A consumer that took a full ring at once would free its slots only when
// it had handled them all, so a producer that fills the ring parks for a
// whole ring's handling, and the consumer, once done, finds it empty and
// parks in turn while the producer wakes: the two sides take turns rather
// than work at once. Measured in the Pipeline benchmark at 250 ns of work
// a side, capacity 256, GOMAXPROCS=2: 2.0x the overlap limit with every
// waiting item taken (docs/pipeline.md).
const batchMax = 64

// consume is the consumer goroutine: it takes up to batchMax waiting items
// at once, handles them outside the lock and frees their slots after,
// until Close has been called and the ring is empty, or the handler fails.
func (c *conn[In, Out]) consume() {
	defer c.consumer.Done()
	defer c.rescue() // a handler panic unwinds to here, with mu not held
	c.mu.Lock()
	for {
		for c.count == 0 {
			if c.closing {
				c.mu.Unlock()
				return
			}
			c.idle = true
			c.wait(&c.work)
			c.idle = false
		}
		n := min(c.count, batchMax)
		c.mu.Unlock()
		k, r, err := c.handle(n)
		c.mu.Lock()
		c.release(k, r)
		if err != nil {
			c.end(err)
			c.mu.Unlock()
			return
		}
	}
}

// handle runs the handler on up to n items from head, outside the lock. It
// stops early after a Send's item, so the Send is woken at once, and on a
// failure. It returns how many items it took and the cell to mark replied.
// c.taken counts the items taken so far, for rescue.
func (c *conn[In, Out]) handle(n int) (k int, r *cell[Out], err error) {
	i := c.head
	for k < n {
		cur := &c.ring[i]
		if i++; i == len(c.ring) {
			i = 0
		}
		k++
		c.taken = k
		out, herr := c.h(cur.v)
		r = cur.reply
		*cur = slot[In, Out]{} // drop the reference to a handled item
		if r != nil {
			r.out, r.err = out, herr
			return k, r, herr
		}
		if herr != nil {
			return k, nil, herr
		}
	}
	return k, nil, nil
}

// rescue turns a handler panic into the consumer's failure: the item being
// handled counts as taken, a Send waiting for it is told to re-raise.
func (c *conn[In, Out]) rescue() {
	p := recover()
	if p == nil {
		return
	}
	pe := handoff.NewPanicError(p)
	c.mu.Lock()
	defer c.mu.Unlock()
	cur := &c.ring[(c.head+c.taken-1)%len(c.ring)]
	if cur.reply != nil {
		cur.reply.state = refused
	}
	*cur = slot[In, Out]{}
	c.release(c.taken, nil)
	c.panicked = pe
	c.end(pe)
}

// release frees the k handled slots, holding mu, and wakes whoever waits;
// r is the Send's cell the batch ended on, if any.
func (c *conn[In, Out]) release(k int, r *cell[Out]) {
	if c.head += k; c.head >= len(c.ring) {
		c.head -= len(c.ring)
	}
	c.count -= k
	c.changed()
	for i := 0; i < k && i < c.spaceWaiters; i++ {
		c.space.Signal()
	}
	if r != nil {
		r.state = replied
		c.replies.Broadcast()
	}
}

// end records the consumer's failure, holding mu: the items still in the
// ring are not handled, Sends among them are refused, Puts are counted.
func (c *conn[In, Out]) end(err error) {
	unhandled := 0
	for ; c.count > 0; c.count-- {
		s := &c.ring[c.head]
		if s.reply != nil {
			s.reply.state = refused
		} else {
			unhandled++
		}
		*s = slot[In, Out]{}
		if c.head++; c.head == len(c.ring) {
			c.head = 0
		}
	}
	c.ended = true
	c.changed()
	c.outcome = &handoff.ConsumerError{Err: err, Unhandled: unhandled}
	c.space.Broadcast()
	c.replies.Broadcast()
}

// wait waits on cond, holding mu, for a change the caller then checks.
// Spinning waiters first let go of mu and spin until changes moves (or
// SpinIdle passes with none), then look again under mu: a change made
// while they were not yet in cond.Wait would have signalled nobody.
func (c *conn[In, Out]) wait(cond *sync.Cond) {
	if c.spinFor > 0 {
		seen := c.changes.Load()
		c.mu.Unlock()
		spin.Until(func() bool { return c.changes.Load() != seen }, c.spinFor, c.yield)
		c.mu.Lock()
		if c.changes.Load() != seen {
			return
		}
	}
	cond.Wait()
}

// changed tells spinning waiters, holding mu, that something changed.
func (c *conn[In, Out]) changed() {
	if c.spinFor > 0 {
		c.changes.Add(1)
	}
}
