package bench

import (
	"sync/atomic"

	"golang.org/x/sys/cpu"

	"github.com/handoffbench/handoff"
)

// The machine's own limit for a handoff between two cores: goroutines that
// never park, each spinning on a cache line of its own. Nothing that crosses
// goroutines can do better than these on the same machine; what a Conn costs
// above them is its synchronisation, its waiting and its contract. They need
// two Ps: with one, the spinner would only hold off the side it waits for,
// so the matrix runs them at GOMAXPROCS ≥ 2 only.

// A spinLine is one side's cache line: a sequence number that the other
// side spins on, and the value it publishes.
type spinLine[T any] struct {
	_   cpu.CacheLinePad
	seq atomic.Uint64
	v   T
}

// spinQuit is the sequence number that tells the consumer to exit.
const spinQuit = ^uint64(0)

// spinPingPong: the producer writes the request on its line and spins on
// the consumer's line for the reply; the consumer spins on the producer's.
// One roundtrip is two cache-line transfers, the least a reply can cost.
type spinPingPong[T any] struct {
	req, rep spinLine[T]
	_        cpu.CacheLinePad
	n        uint64 // requests sent
	done     chan struct{}
}

func openSpinPingPong[T any](h handoff.Handler[T, T], _ handoff.Options) (handoff.Conn[T, T], error) {
	c := &spinPingPong[T]{done: make(chan struct{})}
	go func() {
		defer close(c.done)
		for seen := uint64(0); ; {
			s := c.req.seq.Load()
			if s == seen {
				continue
			}
			if s == spinQuit {
				return
			}
			r, _ := h(c.req.v)
			c.rep.v = r
			c.rep.seq.Store(s)
			seen = s
		}
	}()
	return c, nil
}

func (c *spinPingPong[T]) Send(v T) (T, error) {
	c.n++
	c.req.v = v
	c.req.seq.Store(c.n)
	for c.rep.seq.Load() != c.n {
	}
	return c.rep.v, nil
}

func (c *spinPingPong[T]) Put(T) error  { return errFloorMode }
func (c *spinPingPong[T]) Close() error { c.req.seq.Store(spinQuit); <-c.done; return nil }

// spinStream: a one-way single-producer ring whose indices are published in
// batches, an eighth of the ring at a time (at most 64 items), so that the
// two cores exchange a cache line per batch rather than per item — the
// cheapest a stream between two cores can be.
type spinStream[T any] struct {
	ring  []T
	mask  uint64
	batch uint64

	_         cpu.CacheLinePad
	tail      atomic.Uint64 // items before tail are published
	next      uint64        // the producer's own tail
	headCache uint64        // the producer's last look at head
	closed    atomic.Bool

	_    cpu.CacheLinePad
	head atomic.Uint64 // items before head are handled
	done chan struct{}
}

func openSpinStream[T any](h handoff.Handler[T, T], o handoff.Options) (handoff.Conn[T, T], error) {
	size := uint64(1)
	for size < uint64(max(o.Capacity, 1)) {
		size <<= 1
	}
	c := &spinStream[T]{ring: make([]T, size), mask: size - 1, batch: min(max(size/8, 1), 64), done: make(chan struct{})}
	go func() {
		defer close(c.done)
		head := uint64(0)
		for {
			tail := c.tail.Load()
			if tail == head {
				if c.closed.Load() && c.tail.Load() == head {
					return
				}
				continue
			}
			for ; head != tail; head++ {
				h(c.ring[head&c.mask])
				if head%c.batch == 0 {
					c.head.Store(head + 1)
				}
			}
			c.head.Store(head)
		}
	}()
	return c, nil
}

func (c *spinStream[T]) Put(v T) error {
	size := c.mask + 1
	if c.next-c.headCache >= size {
		c.tail.Store(c.next) // the consumer must see what it is to free
		for c.next-c.headCache >= size {
			c.headCache = c.head.Load()
		}
	}
	c.ring[c.next&c.mask] = v
	c.next++
	if c.next%c.batch == 0 {
		c.tail.Store(c.next)
	}
	return nil
}

func (c *spinStream[T]) Send(v T) (T, error) { return v, errFloorMode }

func (c *spinStream[T]) Close() error {
	c.tail.Store(c.next)
	c.closed.Store(true)
	<-c.done
	return nil
}
