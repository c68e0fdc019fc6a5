package stats_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/handoffbench/handoff/stats"
)

// The expected values are R's p.adjust(p, "holm") and p.adjust(p, "BH").
func TestAdjust(t *testing.T) {
	p := []float64{0.01, 0.04, 0.03, 0.005}
	assert.InDeltaSlice(t, []float64{0.03, 0.06, 0.06, 0.02}, stats.Holm.Adjust(p), 1e-12)
	assert.InDeltaSlice(t, []float64{0.02, 0.04, 0.04, 0.02}, stats.BH.Adjust(p), 1e-12)
	assert.Equal(t, p, stats.None.Adjust(p))
	assert.InDeltaSlice(t, []float64{1, 1}, stats.Holm.Adjust([]float64{0.9, 0.8}), 1e-12)
}

func TestMinP(t *testing.T) {
	// benchmath's own table of the smallest p-value at n per side.
	assert.InDelta(t, 0.0021645021645021645, stats.MinP(6, 6), 1e-15)
	assert.InDelta(t, 0.0001554001554001554, stats.MinP(8, 8), 1e-15)
	assert.Equal(t, 1.0, stats.MinP(0, 5))
	assert.Equal(t, 8, stats.RoundsNeeded(100, 0.05, stats.Holm))
	assert.Equal(t, 4, stats.RoundsNeeded(100, 0.05, stats.None))
}

// TestAdjustIgnoresInputOrder: the adjusted p-values are a function of the
// p-values, whatever order they come in, even with a NaN among them. The
// ranks come from a sort, which needs a total order: one that calls NaN
// equal to everything ranks the other p-values by where the NaN stood.
func TestAdjustIgnoresInputOrder(t *testing.T) {
	ps := []float64{0.04, math.NaN(), 0.01, 0.03}
	for _, c := range []stats.Correction{stats.Holm, stats.BH, stats.None} {
		want := c.Adjust(ps)
		for _, perm := range permutations(len(ps)) {
			shuffled, wantShuffled := make([]float64, len(ps)), make([]float64, len(ps))
			for to, from := range perm {
				shuffled[to], wantShuffled[to] = ps[from], want[from]
			}
			// Compared as text, as NaN != NaN.
			if !assert.Equal(t, fmt.Sprint(wantShuffled), fmt.Sprint(c.Adjust(shuffled)),
				"%s of %v: not the adjustment of %v in that order", c, shuffled, ps) {
				break
			}
		}
	}
}

// permutations lists every order of 0, …, n−1.
func permutations(n int) [][]int {
	if n == 0 {
		return [][]int{{}}
	}
	var all [][]int
	for _, p := range permutations(n - 1) {
		for at := range n {
			q := append(append(append([]int{}, p[:at]...), n-1), p[at:]...)
			all = append(all, q)
		}
	}
	return all
}
