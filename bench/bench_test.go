package bench_test

import (
	"testing"

	"github.com/handoffbench/handoff/bench"
	"github.com/handoffbench/handoff/bench/matrix"
)

// The matrix over this module's rows; the bodies live in package bench,
// which another module's benchmark package calls the same way.

func TestMain(m *testing.M) { bench.Main(m, bench.Registry()...) }

func BenchmarkHandoff(b *testing.B)    { bench.Run(b, matrix.Handoff) }
func BenchmarkFloor(b *testing.B)      { bench.Run(b, matrix.Floor) }
func BenchmarkLatency(b *testing.B)    { bench.Run(b, matrix.Latency) }
func BenchmarkContention(b *testing.B) { bench.Run(b, matrix.Contention) }
func BenchmarkIdle(b *testing.B)       { bench.Run(b, matrix.Idle) }
func BenchmarkLoad(b *testing.B)       { bench.Run(b, matrix.Load) }
func BenchmarkPipeline(b *testing.B)   { bench.Run(b, matrix.Pipeline) }
