package report

import (
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCrossing: where a series of ratios falls to 1 for good, on a log
// axis of work, from constructed grids.
func TestCrossing(t *testing.T) {
	nan := math.NaN()
	// Halfway in logs between 25 and 250 for a ratio that goes from 2 to ½.
	mid := 25 * math.Sqrt(10)
	cases := []struct {
		name   string
		ws, rs []float64
		want   edge
	}{
		{"nothing measured", nil, nil, edge{}},
		{"every level unusable", []float64{25, 250}, []float64{nan, 0}, edge{}},
		{"from above 1 to below, between two levels", []float64{25, 250, 2500}, []float64{2, 0.5, 0.5}, edge{edgeInside, mid}},
		{"the grid in any order", []float64{2500, 25, 250}, []float64{0.5, 2, 0.5}, edge{edgeInside, mid}},
		{"at or below 1 everywhere: below the grid", []float64{25, 250, 2500}, []float64{0.9, 0.5, 0.4}, edge{edgeBelow, 25}},
		{"above 1 everywhere: past the grid", []float64{25, 250, 2500}, []float64{3, 2, 1.5}, edge{edgeAbove, 2500}},
		{"exactly 1 counts as not above", []float64{25, 250}, []float64{2, 1}, edge{edgeInside, 250}},
		{"a missing level joins its neighbours", []float64{25, 250, 2500}, []float64{10, nan, 0.1}, edge{edgeInside, 250}},
		{"a level without work is left out", []float64{0, 25, 250}, []float64{0.5, 2, 0.5}, edge{edgeInside, mid}},
		{"an infinite ratio is left out", []float64{25, 250, 2500}, []float64{math.Inf(1), 2, 0.5}, edge{edgeInside, 250 * math.Sqrt(10)}},
		// Below 1, above, below again: it pays for good only after the
		// last level where it does not.
		{"not monotone: the last crossing", []float64{25, 250, 2500}, []float64{0.8, 2, 0.5}, edge{edgeInside, 250 * math.Sqrt(10)}},
		{"above 1 again at the end", []float64{25, 250, 2500}, []float64{2, 0.5, 1.2}, edge{edgeAbove, 2500}},
		{"one level", []float64{250}, []float64{0.7}, edge{edgeBelow, 250}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := crossing(c.ws, c.rs)
			assert.Equal(t, c.want.where, got.where)
			assert.InDelta(t, c.want.at, got.at, 1e-9*math.Max(1, c.want.at))
		})
	}
}

// TestBreakEven: the break-even and its interval from each even level's
// ratio and interval, and how the pages say it.
func TestBreakEven(t *testing.T) {
	nan := math.NaN()
	pts := func(rs ...[3]float64) []levelRatio {
		ws := []float64{25, 250, 2500}
		out := make([]levelRatio, len(rs))
		for i, r := range rs {
			out[i] = levelRatio{ws[i], r[0], r[1], r[2]}
		}
		return out
	}
	t.Run("inside the grid, its interval too", func(t *testing.T) {
		b := breakEvenOf(pts([3]float64{2, 1.8, 2.2}, [3]float64{0.5, 0.45, 0.55}, [3]float64{0.5, 0.4, 0.6}))
		require.Equal(t, edgeInside, b.est.where)
		assert.InDelta(t, 25*math.Sqrt(10), b.est.at, 1e-9)
		// The interval's low end crosses 1 at less work, its high end at more.
		assert.Equal(t, edgeInside, b.lo.where)
		assert.Equal(t, edgeInside, b.hi.where)
		assert.Less(t, b.lo.at, b.est.at)
		assert.Greater(t, b.hi.at, b.est.at)
		// ln 1.8 / (ln 1.8 − ln 0.45) of the way from 25 to 250, in logs.
		assert.InDelta(t, 25*math.Pow(10, math.Log(1.8)/math.Log(4)), b.lo.at, 1e-9)
		assert.InDelta(t, 25*math.Pow(10, math.Log(2.2)/(math.Log(2.2)-math.Log(0.55))), b.hi.at, 1e-9)
		assert.False(t, b.never)
		assert.Equal(t, "from about 79 ns of work a side [66 ns, 93 ns]", b.claim())
	})
	t.Run("open interval: its high end past the grid", func(t *testing.T) {
		b := breakEvenOf(pts([3]float64{2, 1.8, 2.2}, [3]float64{0.8, 0.6, 1.1}, [3]float64{0.9, 0.7, 1.05}))
		assert.Equal(t, edgeInside, b.est.where)
		assert.Equal(t, edgeAbove, b.hi.where)
		assert.Contains(t, b.claim(), ", 2.5 µs or more]")
	})
	t.Run("open interval: its low end below the grid", func(t *testing.T) {
		b := breakEvenOf(pts([3]float64{1.2, 0.9, 1.5}, [3]float64{0.5, 0.45, 0.55}, [3]float64{0.5, 0.4, 0.6}))
		assert.Equal(t, edgeBelow, b.lo.where)
		assert.True(t, strings.HasSuffix(b.claim(), "[25 ns or less, "+fmtWork(b.hi.at)+"]"), b.claim())
	})
	t.Run("pays at every level", func(t *testing.T) {
		b := breakEvenOf(pts([3]float64{0.9, 0.8, 1.1}, [3]float64{0.5, 0.45, 0.55}, [3]float64{0.5, 0.4, 0.6}))
		assert.Equal(t, edgeBelow, b.est.where)
		assert.Equal(t, "already at the least work measured, 25 ns a side, so from below it [25 ns or less, 34 ns]", b.claim())
	})
	t.Run("never pays", func(t *testing.T) {
		b := breakEvenOf(pts([3]float64{3, 2.8, 3.2}, [3]float64{2, 1.9, 2.1}, [3]float64{1.9, 1.8, 2}))
		assert.Equal(t, edgeAbove, b.est.where)
		assert.True(t, b.never)
		assert.Contains(t, b.claim(), "cross-thread rows never win here")
	})
	t.Run("dearer again at the most work: not never", func(t *testing.T) {
		b := breakEvenOf(pts([3]float64{3, 2.8, 3.2}, [3]float64{0.9, 0.8, 1}, [3]float64{1.2, 1.1, 1.3}))
		assert.Equal(t, edgeAbove, b.est.where)
		assert.False(t, b.never)
		assert.Contains(t, b.claim(), "only above 2.5 µs")
	})
	t.Run("no rounds: no interval", func(t *testing.T) {
		b := breakEvenOf(pts([3]float64{2, nan, nan}, [3]float64{0.5, nan, nan}))
		assert.Equal(t, edgeInside, b.est.where)
		assert.False(t, b.interval())
		assert.Equal(t, "from about 79 ns of work a side", b.claim())
	})
	t.Run("a missing level", func(t *testing.T) {
		b := breakEvenOf([]levelRatio{{25, 4, 3, 5}, {2500, 0.25, 0.2, 0.3}})
		assert.InDelta(t, 250, b.est.at, 1e-9)
	})
	t.Run("nothing to read", func(t *testing.T) {
		b := breakEvenOf(nil)
		assert.Equal(t, edgeNone, b.est.where)
		assert.False(t, b.never)
		assert.Empty(t, b.claim())
	})
}
