package queueconn

import (
	"sync"
	"sync/atomic"

	"github.com/handoffbench/handoff/internal/spin"
)

// SpinIdle is how long a waiter spins with nothing arriving before it
// parks: the project's spin.Idle, as lockfree-spin waits.
const SpinIdle = spin.Idle

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

// Spinning makes a TryQueue a Queue with the project's Spin strategy: Put
// retries while the queue is full, and Get spins while it is empty, then
// parks until a Put wakes it. Name the strategy where a row uses it.
func Spinning[T any](q TryQueue[T]) Queue[T] {
	s := &spinning[T]{q: q, yield: spin.Yield()}
	s.consumer.init()
	return s
}

type spinning[T any] struct {
	q        TryQueue[T]
	yield    bool
	consumer Parker
}

func (s *spinning[T]) Put(v T) {
	for !spin.Until(func() bool { return s.q.TryEnqueue(v) }, SpinIdle, s.yield) {
	}
	s.consumer.Wake()
}

func (s *spinning[T]) Get() T {
	var v T
	took := func() (ok bool) { v, ok = s.q.TryDequeue(); return ok }
	if !spin.Until(took, SpinIdle, s.yield) {
		s.consumer.Wait(took)
	}
	return v
}
