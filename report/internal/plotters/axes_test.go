package plotters

import (
	"math"
	"testing"

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
			Settle(&p.Y)
			assert.InDelta(t, c.wantMin, p.Y.Min, math.Abs(c.wantMin)*1e-12, "min")
			assert.InDelta(t, c.wantMax, p.Y.Max, math.Abs(c.wantMax)*1e-12, "max")
			assert.NotPanics(t, func() {
				assert.NotEmpty(t, p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max))
			})
		})
	}
}
