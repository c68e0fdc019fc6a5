// Package byo measures condring beside every row of the handoff suite:
// handoff bench -pkg=. from here.
package byo

import (
	"testing"

	"github.com/handoffbench/handoff/bench"
	"github.com/handoffbench/handoff/bench/matrix"
	"github.com/handoffbench/handoff/examples/byo/condring"
	"github.com/handoffbench/handoff/resultfmt"
)

var row = bench.Impl{Name: "condring", Summary: "a ring under a sync.Mutex, one sync.Cond for every wait",
	Sync: resultfmt.SyncMutex, Wait: resultfmt.WaitPark, Traits: condring.Traits, Open: condring.Open[int, int]}

func TestMain(m *testing.M) { bench.Main(m, append(bench.Registry(), row)...) }

func BenchmarkHandoff(b *testing.B)    { bench.Run(b, matrix.Handoff) }
func BenchmarkFloor(b *testing.B)      { bench.Run(b, matrix.Floor) }
func BenchmarkLatency(b *testing.B)    { bench.Run(b, matrix.Latency) }
func BenchmarkContention(b *testing.B) { bench.Run(b, matrix.Contention) }
func BenchmarkIdle(b *testing.B)       { bench.Run(b, matrix.Idle) }
func BenchmarkLoad(b *testing.B)       { bench.Run(b, matrix.Load) }
func BenchmarkPipeline(b *testing.B)   { bench.Run(b, matrix.Pipeline) }
