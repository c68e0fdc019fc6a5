package stats_test

import (
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
