// Package rawqueue is the floor of a row built on a third-party queue: the
// library's queue used raw by two goroutines, as its own benchmarks use it,
// with none of the contract — no bound but the queue's, no reply, no error
// or panic path, no order among several producers — behind the Put and
// Close of a handoff.Conn, so that the benchmark loop that measures the row
// measures its queue alone. The row's cost over it is what the adapter
// (package queueconn) adds.
//
// A side that must wait yields (runtime.Gosched) and tries again, as
// xsync's own producer–consumer benchmarks do: with one P that lets the
// other side run, with several it spins through the scheduler. An idle
// floor keeps a core busy; a floor is never left idle.
package rawqueue

import (
	"errors"
	"runtime"
	"sync/atomic"

	"github.com/handoffbench/handoff"
	"github.com/handoffbench/handoff/internal/queueconn"
)

// errNoSend is what a floor's Send returns: a stream floor has no reply.
var errNoSend = errors.New("rawqueue: a floor streams; it has no Send")

// A TryQueue is a queue whose calls never block, as xsync's: the
// interface the third-party rows' adapter takes.
type TryQueue[T any] = queueconn.TryQueue[T]

// A Queue is a queue with blocking calls of its own, as Workiva's
// RingBuffer: Put waits while it is full, Get while it is empty.
type Queue[T any] = queueconn.Queue[T]

// noSend is both floors' Send.
type noSend[T any] struct{}

func (noSend[T]) Send(T) (T, error) {
	var zero T
	return zero, errNoSend
}

// An Item is what crosses a Queue: a value, or the end.
type Item[T any] struct {
	v   T
	end bool
}

// OpenTry runs a consumer goroutine that takes q's items and hands each to
// h, until Close.
func OpenTry[T any](h handoff.Handler[T, T], q TryQueue[T]) handoff.Conn[T, T] {
	c := &tryConn[T]{q: q, done: make(chan struct{})}
	go func() {
		defer close(c.done)
		for {
			if v, ok := q.TryDequeue(); ok {
				h(v)
				continue
			}
			if c.closing.Load() {
				// Every Put returned before closing was set: a queue
				// still empty now is empty for good.
				if v, ok := q.TryDequeue(); ok {
					h(v)
					continue
				}
				return
			}
			runtime.Gosched()
		}
	}()
	return c
}

type tryConn[T any] struct {
	noSend[T]
	q       TryQueue[T]
	closing atomic.Bool
	done    chan struct{}
}

func (c *tryConn[T]) Put(v T) error {
	for !c.q.TryEnqueue(v) {
		runtime.Gosched()
	}
	return nil
}

func (c *tryConn[T]) Close() error {
	c.closing.Store(true)
	<-c.done
	return nil
}

// OpenQueue runs a consumer goroutine that Gets q's items and hands each to
// h, until Close's end marker.
func OpenQueue[T any](h handoff.Handler[T, T], q Queue[Item[T]]) handoff.Conn[T, T] {
	c := &queueConn[T]{q: q, done: make(chan struct{})}
	go func() {
		defer close(c.done)
		for it := q.Get(); !it.end; it = q.Get() {
			h(it.v)
		}
	}()
	return c
}

type queueConn[T any] struct {
	noSend[T]
	q    Queue[Item[T]]
	done chan struct{}
}

func (c *queueConn[T]) Put(v T) error {
	c.q.Put(Item[T]{v: v})
	return nil
}

func (c *queueConn[T]) Close() error {
	c.q.Put(Item[T]{end: true})
	<-c.done
	return nil
}
