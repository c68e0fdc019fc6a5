// Package workivaring is the handoff contract over the RingBuffer of
// github.com/Workiva/go-datastructures/queue (Vyukov's bounded MPMC queue),
// through package queueconn, with the library's own blocking Put and Get.
// Both wait by calling runtime.Gosched in a loop: a waiting side never
// parks, so an idle Conn keeps its consumer busy yielding — a core's worth
// of CPU whenever nothing else wants it. The ring holds interface{} values,
// so every Put and Send boxes its item: one allocation each
// (Traits.Allocates), which rule 8 of the contract forbids.
package workivaring

import (
	"fmt"

	"github.com/Workiva/go-datastructures/queue"

	"github.com/handoffbench/handoff"
	"github.com/handoffbench/handoff/internal/queueconn"
	"github.com/handoffbench/handoff/internal/rawqueue"
)

// Module is the third-party module the row measures.
const Module = "github.com/Workiva/go-datastructures"

// MaxCapacity is the largest Options.Capacity Open accepts: the ring is
// allocated up front.
const MaxCapacity = 1 << 16

// Traits are what the row offers beyond the contract, and the rule it
// breaks.
var Traits = handoff.Traits{ConcurrentProducers: true, MaxCapacity: MaxCapacity, Allocates: true}

// Open opens a Conn on a queue.RingBuffer.
func Open[In, Out any](h handoff.Handler[In, Out], o handoff.Options) (handoff.Conn[In, Out], error) {
	return queueconn.Open("workiva-ring", h, o, MaxCapacity, true, queueconn.SpinWait(), func(size int) queueconn.Queue[queueconn.Item[In, Out]] {
		return ring[queueconn.Item[In, Out]]{queue.NewRingBuffer(uint64(size))}
	})
}

// ring adapts RingBuffer's interface{} calls. The Conn never disposes of
// it, so neither call can fail; if one does, the ring broke its word.
type ring[T any] struct{ rb *queue.RingBuffer }

func (r ring[T]) Put(v T) {
	if err := r.rb.Put(v); err != nil {
		panic(fmt.Sprintf("workivaring: RingBuffer.Put: %v", err))
	}
}

func (r ring[T]) Get() T {
	x, err := r.rb.Get()
	if err != nil {
		panic(fmt.Sprintf("workivaring: RingBuffer.Get: %v", err))
	}
	return x.(T)
}

// OpenRaw is workiva-ring's floor: a RingBuffer of o.Capacity (at least 1)
// used raw, with its own blocking Put and Get (package rawqueue). It keeps
// no rule of the contract but order; only the benchmarks use it.
func OpenRaw[T any](h handoff.Handler[T, T], o handoff.Options) (handoff.Conn[T, T], error) {
	return rawqueue.OpenQueue(h, ring[rawqueue.Item[T]]{queue.NewRingBuffer(uint64(max(o.Capacity, 1)))}), nil
}
