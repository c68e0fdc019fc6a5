package plotters

import (
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// errorBar draws the interval [lo, hi] at x: a vertical line held within
// the axis, and a cap cw wide on each side of x at each end the axis holds.
// Every plotter here that draws an interval draws it so.
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
