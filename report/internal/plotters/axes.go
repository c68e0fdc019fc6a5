package plotters

import (
	"math"

	"gonum.org/v1/plot"
)

// Settle gives an axis a range its ticker can divide, whatever the data set
// it to. gonum pads an empty range by ±1 before it asks for ticks, which is
// no padding at all from 10¹⁶ up (the ticker then panics on an "illegal
// range"), and below zero on a log axis. Here an empty or vanishing range
// (narrower than a billionth of its values) widens by 5% of its values, or
// doubles each way on a log axis, and an axis no data reached gets [0, 1]
// (or [1, 10]): the chart is then empty, which its page notes.
func Settle(a *plot.Axis) {
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

// IsLog says whether the plot's Y axis is a log scale.
func IsLog(p *plot.Plot) bool {
	_, ok := p.Y.Scale.(plot.LogScale)
	return ok
}

// Drawable says whether y can be placed on an axis: within ±10²⁹⁰, where
// an axis's span and the steps of its ticks stay finite; on a log axis,
// above zero and at least 10⁻²⁹⁰, within the powers of ten that gonum's
// log ticks can reach without their float64 running out (10⁻³²⁴ is 0).
func Drawable(y float64, log bool) bool {
	if log {
		return y >= 1e-290 && y <= 1e290
	}
	return y >= -1e290 && y <= 1e290
}
