package broken

import (
	"testing"

	"github.com/handoffbench/handoff"
	"github.com/handoffbench/handoff/bench"
	"github.com/handoffbench/handoff/bench/matrix"
	"github.com/handoffbench/handoff/impls/mutexqueue"
)

// dropper passes every Put on except the first, which it loses.
type dropper struct {
	handoff.Conn[int, int]
	dropped bool
}

func (d *dropper) Put(v int) error {
	if !d.dropped {
		d.dropped = true
		return nil
	}
	return d.Conn.Put(v)
}

func BenchmarkHandoff(b *testing.B) {
	c := matrix.Case{Bench: matrix.Handoff, Impl: "dropper", Mode: matrix.Stream, Cap: 16, Payload: matrix.P8B}
	b.Run(c.Sub(), func(b *testing.B) {
		bench.RunHandoffWith(b, c, func(h handoff.Handler[int, int], o handoff.Options) (handoff.Conn[int, int], error) {
			conn, err := mutexqueue.Open(h, o)
			return &dropper{Conn: conn}, err
		})
	})
}
