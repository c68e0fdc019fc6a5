package bench_test

import (
	"testing"

	"github.com/handoffbench/handoff/bench"
	"github.com/handoffbench/handoff/bench/matrix"
	"github.com/handoffbench/handoff/impls"
)

// Each benchmark registers its part of the matrix; the bodies live in
// package bench, so the runner's tests can reach them too.

func BenchmarkHandoff(b *testing.B)    { run(b, matrix.Handoff, bench.RunHandoff) }
func BenchmarkFloor(b *testing.B)      { run(b, matrix.Floor, bench.RunFloor) }
func BenchmarkLatency(b *testing.B)    { run(b, matrix.Latency, bench.RunLatency) }
func BenchmarkContention(b *testing.B) { run(b, matrix.Contention, bench.RunContention) }
func BenchmarkIdle(b *testing.B)       { run(b, matrix.Idle, bench.RunIdle) }
func BenchmarkLoad(b *testing.B)       { run(b, matrix.Load, bench.RunLoad) }
func BenchmarkPipeline(b *testing.B)   { run(b, matrix.Pipeline, bench.RunPipeline) }

func run(b *testing.B, kind string, body func(*testing.B, matrix.Case)) {
	for _, c := range matrix.All(impls.Rows()) {
		if c.Bench == kind {
			b.Run(c.Sub(), func(b *testing.B) { body(b, c) })
		}
	}
}
