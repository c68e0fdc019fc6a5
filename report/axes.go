package report

import (
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// settle gives an axis a range its ticker can divide, whatever the data set
// it to. gonum pads an empty range by ±1 before it asks for ticks, which is
// no padding at all from 10¹⁶ up (the ticker then panics on an "illegal
// range"), and below zero on a log axis. Here an empty or vanishing range
// (narrower than a billionth of its values) widens by 5% of its values, or
// doubles each way on a log axis, and an axis no data reached gets [0, 1]
// (or [1, 10]): the chart is then empty, which its page notes.
func settle(a *plot.Axis) {
	_, log := a.Scale.(plot.LogScale)
	finite := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) && (!log || v > 0) }
	switch {
	case !finite(a.Min) && !finite(a.Max):
		a.Min, a.Max = 0, 1
		if log {
			a.Min, a.Max = 1, 10
		}
		return
	case !finite(a.Min):
		a.Min = a.Max
	case !finite(a.Max):
		a.Max = a.Min
	}
	if a.Min > a.Max {
		a.Min, a.Max = a.Max, a.Min
	}
	if log {
		if a.Max/a.Min < 1+1e-9 {
			a.Min, a.Max = a.Min/2, a.Max*2
		}
		return
	}
	if mag := math.Max(math.Abs(a.Min), math.Abs(a.Max)); a.Max-a.Min <= mag*1e-9 {
		pad := mag * 0.05
		if pad == 0 {
			pad = 1
		}
		a.Min, a.Max = a.Min-pad, a.Max+pad
	}
}

// onAxis is y held within the Y axis's range: a bar or an interval past the
// axis is drawn to its edge. Its transform is then finite however narrow
// the range — on [0, 5e-324], -1e9 maps to -Inf, which clipping turns to
// NaN and the rasteriser loops on for ever.
func onAxis(p *plot.Plot, y float64) float64 { return math.Min(math.Max(y, p.Y.Min), p.Y.Max) }

// inAxis says whether y is within the Y axis's range: where a horizontal
// mark (a median, an interval's cap) is drawn at all.
func inAxis(p *plot.Plot, y float64) bool { return y >= p.Y.Min && y <= p.Y.Max }

// errorBar draws the interval [lo, hi] at x: a vertical line held within
// the axis, and a cap cw wide on each side of x at each end the axis holds.
func errorBar(c draw.Canvas, p *plot.Plot, trY func(float64) vg.Length, style draw.LineStyle, x, cw vg.Length, lo, hi float64) {
	ylo, yhi := trY(onAxis(p, lo)), trY(onAxis(p, hi))
	c.StrokeLines(style, c.ClipLinesY([]vg.Point{{X: x, Y: ylo}, {X: x, Y: yhi}})...)
	if inAxis(p, hi) {
		c.StrokeLines(style, []vg.Point{{X: x - cw, Y: yhi}, {X: x + cw, Y: yhi}})
	}
	if inAxis(p, lo) {
		c.StrokeLines(style, []vg.Point{{X: x - cw, Y: ylo}, {X: x + cw, Y: ylo}})
	}
}
