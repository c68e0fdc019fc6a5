package runner

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"golang.org/x/perf/benchfmt"
)

// result is one run: n iterations at ns per op.
func result(n int, ns float64) *benchfmt.Result {
	return &benchfmt.Result{Iters: n, Values: []benchfmt.Value{{Value: ns * 1e-9, Unit: "sec/op"}}}
}

// TestFixRaisesABadFirstRun: the first run sets b.N; a run at that b.N
// that fills the benchtime keeps it; one that takes under half of it (the
// first run was slowed) raises it to fill the benchtime, at most 100x.
func TestFixRaisesABadFirstRun(t *testing.T) {
	iters := map[string]int{}
	fix(iters, "60ms", "u", result(1000, 50_000)) // a slowed first run: 50 µs an op
	assert.Equal(t, 1000, iters["u"])
	fix(iters, "60ms", "u", result(1000, 40_000)) // 40 ms: over half, kept
	assert.Equal(t, 1000, iters["u"])
	fix(iters, "60ms", "u", result(1000, 600)) // 0.6 ms: b.N raised, but by at most 100x
	assert.Equal(t, 100_000, iters["u"])
	fix(iters, "60ms", "u", result(100_000, 400)) // 40 ms: kept
	assert.Equal(t, 100_000, iters["u"])

	var none map[string]int // no Iters: nothing is fixed, nothing written
	assert.NotPanics(t, func() { fix(none, "60ms", "u", result(10, 1)) })
}
