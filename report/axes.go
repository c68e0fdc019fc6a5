package report

import (
	"math"

	"gonum.org/v1/plot"
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
