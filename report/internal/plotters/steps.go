package plotters

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Steps are a ladder's bars: bar i rises from 0 to the step below in Base,
// then to its own value in Up (Down where it is lower than the step
// below), with its 95% interval as an error bar. A step that does another
// exchange than the one below (Own) is drawn whole, from 0.
//
// The contract: step i is at X = i, Width wide; a NaN value draws nothing,
// and the step after it is drawn whole; every bar is held within the Y
// axis; an interval is drawn where Lo is finite and Hi not infinite. The
// data range is the steps from 0 to the largest finite value or top of an
// interval.
type Steps struct {
	Vals, Lo, Hi   []float64
	Own            []bool // a different exchange from the step below: no base
	Width          vg.Length
	Base, Up, Down color.Color // the step below; what a step adds; what it takes away
}

// Plot draws each step on the one below, and its error bar.
func (s *Steps) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	line := draw.LineStyle{Color: color.Black, Width: vg.Points(0.6)}
	rect := func(x vg.Length, y0, y1 float64, col color.Color) {
		column(c, col, x, s.Width/2, trY(onAxis(p, y0)), trY(onAxis(p, y1)))
	}
	for i, v := range s.Vals {
		if math.IsNaN(v) {
			continue
		}
		x := trX(float64(i))
		below := 0.0
		if i > 0 && !s.Own[i] && !math.IsNaN(s.Vals[i-1]) {
			below = s.Vals[i-1]
		}
		switch {
		case v >= below:
			rect(x, 0, below, s.Base)
			rect(x, below, v, s.Up)
		default:
			rect(x, 0, v, s.Base)
			rect(x, v, below, s.Down)
		}
		if lo, hi := s.Lo[i], s.Hi[i]; !math.IsNaN(lo) && !math.IsInf(lo, 0) && !math.IsInf(hi, 0) {
			errorBar(c, p, trY, line, x, s.Width/4, lo, hi)
		}
	}
}

// DataRange covers the steps, from 0 to the highest value or interval.
func (s *Steps) DataRange() (xmin, xmax, ymin, ymax float64) {
	ymax = math.Inf(-1)
	for i, v := range s.Vals {
		for _, y := range []float64{v, s.Hi[i]} {
			if !math.IsNaN(y) && !math.IsInf(y, 0) {
				ymax = math.Max(ymax, y)
			}
		}
	}
	return 0, float64(len(s.Vals) - 1), 0, ymax
}
