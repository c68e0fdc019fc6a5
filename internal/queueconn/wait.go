package queueconn

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/handoffbench/handoff/internal/adapt"
	"github.com/handoffbench/handoff/internal/spin"
)

// SpinIdle is how long a waiter spins with nothing arriving before it
// parks: the project's spin.Idle, as lockfree-spin waits.
const SpinIdle = spin.Idle

// A Waiting is how a Conn's sides wait for each other: the project's Spin
// strategy (spin for SpinIdle, then park), or, for one producer, the
// adaptive wait of package adapt, which spins only while the producer
// measures spinning to move its calls faster. The Conn and its Spinning
// queue share one.
type Waiting struct {
	adapt    *adapt.Adapter // nil: the Spin strategy
	yield    bool           // with one P: yield rather than spin
	adaptive bool           // the adaptive wait was asked for
}

// SpinWait is the Spin strategy.
func SpinWait() *Waiting { return &Waiting{yield: spin.Yield()} }

// AdaptiveWait is the adaptive wait, for a Conn of one producer. With one
// P there is nothing to learn, spinning being unable to pay, and it waits
// as the Spin strategy does there, yielding: parking on a Parker's Cond at
// one P made a roundtrip 41% slower and a stream at capacity 256 twice as
// slow, paired over 10 rounds (make regress).
func AdaptiveWait() *Waiting {
	w := &Waiting{yield: spin.Yield(), adaptive: true}
	if !w.yield {
		w.adapt = adapt.New(time.Now)
	}
	return w
}

// Adaptive says whether w is the adaptive wait.
func (w *Waiting) Adaptive() bool { return w.adaptive }

// until waits for ready as w says: spinning for SpinIdle (or not at all,
// while the adaptive wait parks), then parking on p. Either way it looks
// first, so that what is already there costs no lock. A producer's spin
// that ran out is the adaptive wait's miss, after calls calls.
func (w *Waiting) until(ready func() bool, p *Parker, producer bool, calls uint64) {
	if w.adapt != nil && !w.adapt.Spin() {
		if !ready() {
			p.Wait(ready)
		}
		return
	}
	if spin.Until(ready, SpinIdle, w.yield) {
		return
	}
	if producer && w.adapt != nil {
		w.adapt.Missed(calls)
	}
	p.Wait(ready)
}

// A Parker is where waiters park once spinning has not paid: a count of
// waiters that a waker reads first, so that waking nobody costs one atomic
// load, and a mutex and sync.Cond to park on.
type Parker struct {
	waiters atomic.Int32
	mu      sync.Mutex
	cond    sync.Cond
}

func (p *Parker) init() { p.cond.L = &p.mu }

// Wait parks until ready, which is called with the mutex held. A waker
// changes what ready reads, then calls Wake: either Wake sees this waiter
// counted and broadcasts under the mutex, or the count came after the
// change and ready sees it.
func (p *Parker) Wait(ready func() bool) {
	p.waiters.Add(1)
	p.mu.Lock()
	for !ready() {
		p.cond.Wait()
	}
	p.mu.Unlock()
	p.waiters.Add(-1)
}

// Wake wakes every parked waiter to look again; with none, it costs a load.
func (p *Parker) Wake() {
	if p.waiters.Load() > 0 {
		p.mu.Lock()
		p.cond.Broadcast()
		p.mu.Unlock()
	}
}

// A TryQueue is a bounded queue with non-blocking calls only.
type TryQueue[T any] interface {
	TryEnqueue(T) bool
	TryDequeue() (T, bool)
}

// Spinning makes a TryQueue a Queue that waits as w says: Put retries
// while the queue is full, and Get spins while it is empty (as w allows),
// then parks until a Put wakes it. Name the strategy where a row uses it.
func Spinning[T any](q TryQueue[T], w *Waiting) Queue[T] {
	s := &spinning[T]{q: q, w: w}
	s.consumer.init()
	return s
}

type spinning[T any] struct {
	q        TryQueue[T]
	w        *Waiting
	consumer Parker
}

func (s *spinning[T]) Put(v T) {
	for !spin.Until(func() bool { return s.q.TryEnqueue(v) }, SpinIdle, s.w.yield) {
	}
	s.consumer.Wake()
}

func (s *spinning[T]) Get() T {
	var v T
	took := func() (ok bool) { v, ok = s.q.TryDequeue(); return ok }
	s.w.until(took, &s.consumer, false, 0)
	return v
}
