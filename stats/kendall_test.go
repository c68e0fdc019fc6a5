package stats

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestKendallS(t *testing.T) {
	assert.Equal(t, 15, kendallS([]float64{1, 2, 3, 4, 5, 6}))
	assert.Equal(t, -15, kendallS([]float64{6, 5, 4, 3, 2, 1}))
	assert.Equal(t, 0, kendallS([]float64{2, 2, 2}), "ties count as neither")
	assert.Equal(t, 1, kendallS([]float64{1, 3, 2}))
}

// TestKendallP checks the exact null distribution against counts done by
// hand, and the normal approximation against the exact count where both
// apply.
func TestKendallP(t *testing.T) {
	// n=3: S is 3 (1 order), 1 (2), -1 (2), -3 (1).
	assert.InDelta(t, 2.0/6, kendallP(3, 3), 1e-12)
	assert.InDelta(t, 1.0, kendallP(1, 3), 1e-12)
	assert.InDelta(t, 1.0, kendallP(0, 4), 1e-12)
	// A perfect order: 2 of n! orders are as extreme.
	assert.InDelta(t, 2.0/720, kendallP(15, 6), 1e-12)
	assert.InDelta(t, 2.0/120, kendallP(-10, 5), 1e-12)
	assert.Greater(t, kendallP(10, 5), DriftAlpha, "five rounds cannot drift at DriftAlpha")
	assert.Less(t, kendallP(15, 6), DriftAlpha, "six can")
	// Exact and approximate agree closely by n=60.
	exact := kendallP(300, maxExactKendall)
	sd := math.Sqrt(60 * 59 * 125 / 18.0)
	approx := math.Erfc((300 - 1) / sd / math.Sqrt2)
	assert.InDelta(t, approx, exact, 0.002)
	assert.InDelta(t, kendallP(300, 61), kendallP(300, 60), 0.01)
	// Two strata of 3: S is the sum of two independent S's, each 3, 1, -1,
	// -3 with weights 1, 2, 2, 1: |S| = 6 in 2 of 36 orders.
	assert.InDelta(t, 2.0/36, kendallP(6, 3, 3), 1e-12)
	assert.InDelta(t, 1.0, kendallP(0, 3, 3), 1e-12)
}

func TestSenSlope(t *testing.T) {
	assert.InDelta(t, 2, senSlope([]float64{1, 3, 5, 7, 100}), 1e-12, "one wild value does not move it")
	assert.True(t, math.IsNaN(senSlope([]float64{1})))
	assert.InDelta(t, 1, senSlope([]float64{1, 2, 3, 10, 11, 12}, []int{0, 1, 2}, []int{3, 4, 5}), 1e-12, "within strata, the step between them does not count")
}

// TestRankInterval pins what benchmath does for few values: the 95%
// interval of the median of n values as ranks (order statistics), which
// Shape.TooFew reads.
func TestRankInterval(t *testing.T) {
	inf := math.Inf(1)
	want := map[int][2]float64{
		1: {-inf, inf}, 4: {-inf, inf}, 5: {-inf, 5}, 6: {1, 6}, 7: {1, 7},
		8: {1, 7}, 9: {2, 8}, 10: {2, 9}, 12: {3, 10}, 20: {6, 15},
	}
	for n, w := range want {
		lo, hi := rankInterval(n)
		assert.Equal(t, w, [2]float64{lo, hi}, "n=%d", n)
	}
}
