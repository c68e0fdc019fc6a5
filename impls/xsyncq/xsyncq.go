// Package xsyncq is the handoff contract over the lock-free queues of
// github.com/puzpuzpuz/xsync/v4, through package queueconn: SPSCQueue (a
// Lamport ring after rigtorp's, one producer) and MPMCQueue (Vyukov's
// bounded queue after rigtorp's, several producers). Their calls never
// block (TryEnqueue, TryDequeue), so the rows wait as the project's rows
// do (queueconn.Spinning): the SPSC row with the adaptive wait of
// lockfree-adaptive, which won under load and tied parking idle, the MPMC
// row with the Spin strategy (spin while busy, park after 50 µs idle),
// since the adaptive wait learns from one producer.
package xsyncq

import (
	"github.com/puzpuzpuz/xsync/v4"

	"github.com/handoffbench/handoff"
	"github.com/handoffbench/handoff/internal/queueconn"
	"github.com/handoffbench/handoff/internal/rawqueue"
)

// Module is the third-party module the rows measure.
const Module = "github.com/puzpuzpuz/xsync/v4"

// MaxCapacity is the largest Options.Capacity Open accepts: the queues are
// allocated up front.
const MaxCapacity = 1 << 16

// SPSCTraits and MPMCTraits are what the rows offer beyond the contract.
var (
	SPSCTraits = handoff.Traits{MaxCapacity: MaxCapacity}
	MPMCTraits = handoff.Traits{ConcurrentProducers: true, MaxCapacity: MaxCapacity}
)

// OpenSPSC opens a Conn on an xsync.SPSCQueue: one producer, with the
// adaptive wait, which spins only while the producer measures spinning to
// move its calls faster (package adapt; lockfree-adaptive's).
func OpenSPSC[In, Out any](h handoff.Handler[In, Out], o handoff.Options) (handoff.Conn[In, Out], error) {
	w := queueconn.AdaptiveWait()
	return queueconn.Open("xsync-spsc", h, o, MaxCapacity, false, w, func(size int) queueconn.Queue[queueconn.Item[In, Out]] {
		return queueconn.Spinning(xsync.NewSPSCQueue[queueconn.Item[In, Out]](size), w)
	})
}

// OpenMPMC opens a Conn on an xsync.MPMCQueue: several producers, with the
// Spin strategy, as the adaptive wait learns from one producer's calls.
func OpenMPMC[In, Out any](h handoff.Handler[In, Out], o handoff.Options) (handoff.Conn[In, Out], error) {
	w := queueconn.SpinWait()
	return queueconn.Open("xsync-mpmc", h, o, MaxCapacity, true, w, func(size int) queueconn.Queue[queueconn.Item[In, Out]] {
		return queueconn.Spinning(xsync.NewMPMCQueue[queueconn.Item[In, Out]](size), w)
	})
}

// OpenRawSPSC is xsync-spsc's floor: an SPSCQueue of o.Capacity (at least
// 1) used raw (package rawqueue). It keeps no rule of the contract but
// order; only the benchmarks use it.
func OpenRawSPSC[T any](h handoff.Handler[T, T], o handoff.Options) (handoff.Conn[T, T], error) {
	return rawqueue.OpenTry(h, xsync.NewSPSCQueue[T](max(o.Capacity, 1))), nil
}

// OpenRawMPMC is xsync-mpmc's floor, the same over an MPMCQueue.
func OpenRawMPMC[T any](h handoff.Handler[T, T], o handoff.Options) (handoff.Conn[T, T], error) {
	return rawqueue.OpenTry(h, xsync.NewMPMCQueue[T](max(o.Capacity, 1))), nil
}
