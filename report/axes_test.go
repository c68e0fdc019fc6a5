package report

import (
	"image/color"
	"io"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"gonum.org/v1/plot"
)

// TestSettle gives each axis range that gonum's ticker can't divide and
// checks that, once settled, the axis has ticks and holds its data.
func TestSettle(t *testing.T) {
	inf := math.Inf(1)
	cases := []struct {
		name     string
		log      bool
		min, max float64
		wantMin  float64
		wantMax  float64
	}{
		{"no data", false, inf, -inf, 0, 1},
		{"no data, log", true, inf, -inf, 1, 10},
		{"one zero", false, 0, 0, -1, 1},
		{"one huge value", false, 1e16, 1e16, 0.95e16, 1.05e16},
		{"one negative value", false, -1e300, -1e300, -1.05e300, -0.95e300},
		{"one value, log", true, 1e15, 1e15, 5e14, 2e15},
		{"upper bound missing", false, 5, -inf, 4.75, 5.25},
		{"reversed", false, 3, 1, 1, 3},
		{"a range that needs nothing", false, 1, 2, 1, 2},
		{"a log range that needs nothing", true, 1, 1000, 1, 1000},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := plot.New()
			if c.log {
				p.Y.Scale = plot.LogScale{}
				p.Y.Tick.Marker = plot.LogTicks{}
			}
			p.Y.Min, p.Y.Max = c.min, c.max
			settle(&p.Y)
			assert.InDelta(t, c.wantMin, p.Y.Min, math.Abs(c.wantMin)*1e-12, "min")
			assert.InDelta(t, c.wantMax, p.Y.Max, math.Abs(c.wantMax)*1e-12, "max")
			assert.NotPanics(t, func() {
				assert.NotEmpty(t, p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max))
			})
		})
	}
}

// TestBarsPastANarrowAxis: bars, steps and strips whose values lie far
// past an axis of a denormal's width draw, and in a moment: their
// transforms were ±Inf, and the rasteriser looped on them for ever (found
// by FuzzReport).
func TestBarsPastANarrowAxis(t *testing.T) {
	s := newSeries("a", 2)
	s.vals = []float64{5e-324, -1e9}
	s.lo, s.hi = []float64{-1e9, -1e9}, []float64{1e300, 1e300}
	p := groupedBars("narrow", "ns", []string{"x", "y"}, []*series{s}, false)
	p.Add(&steps{vals: []float64{-1e9, 1e9}, lo: []float64{-1e9, 0}, hi: []float64{1e9, 1e9}, own: []bool{false, false}, width: 10})
	p.Add(&strip{x: 0, vals: []float64{-1e9}, center: -1e9, lo: -1e9, hi: 1e9, band: 0.1, color: color.Black})
	p.Y.Min, p.Y.Max = 0, 5e-324
	done := make(chan error, 1)
	go func() { done <- writeChart(chart{"narrow", "narrow", p}, 300, 200, "png", io.Discard) }()
	select {
	case err := <-done:
		assert.NoError(t, err)
	case <-time.After(20 * time.Second):
		t.Fatal("the chart has not drawn in 20 s")
	}
}
