package report

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// bars is one series of a grouped bar chart with confidence-interval error
// bars. Unlike plotter.BarChart it draws on a log scale too: a bar rises
// from the bottom of the axis, not from zero, which a log axis lacks.
type bars struct {
	vals, lo, hi []float64   // per category; NaN for a missing value
	rounds       [][]float64 // per category, nil or each round's value: a dot each
	// offset from the category's center and width, as fractions of the
	// distance between categories: the bars fill the chart at any size.
	offset, width float64
	color         color.Color
	// base is the value the bars rise from, or fall to: 0 for the bottom
	// of the axis; a ratio's bars start at 1×, so that one below it points
	// down.
	base float64
	// log: the chart's Y axis is a log scale, which has no place for an
	// interval's bottom at or below zero: that error bar is left out, and
	// out of the data range.
	log bool
}

// Plot draws the bars and, where the interval is finite, the error bars.
func (b *bars) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	bottom := trY(p.Y.Min)
	if b.base > p.Y.Min && b.base < p.Y.Max {
		bottom = trY(b.base)
	}
	unit := trX(1) - trX(0)
	width := unit * vg.Length(b.width)
	line := draw.LineStyle{Color: color.Black, Width: vg.Points(0.6)}
	for i, v := range b.vals {
		if !drawable(v, isLog(p)) {
			continue
		}
		x := trX(float64(i)) + unit*vg.Length(b.offset)
		top := trY(onAxis(p, v))
		pts := []vg.Point{{X: x - width/2, Y: bottom}, {X: x - width/2, Y: top}, {X: x + width/2, Y: top}, {X: x + width/2, Y: bottom}}
		c.FillPolygon(b.color, c.ClipPolygonY(pts))
		if i < len(b.rounds) {
			dot := draw.GlyphStyle{Color: color.Black, Radius: vg.Points(1.3), Shape: draw.RingGlyph{}}
			for _, r := range b.rounds[i] {
				if drawable(r, isLog(p)) && inAxis(p, r) {
					c.DrawGlyph(dot, vg.Point{X: x, Y: trY(r)})
				}
			}
		}
		lo, hi := b.lo[i], b.hi[i]
		if !drawable(lo, isLog(p)) || !drawable(hi, isLog(p)) {
			continue
		}
		errorBar(c, p, trY, line, x, width/4, lo, hi)
	}
}

func isLog(p *plot.Plot) bool {
	_, ok := p.Y.Scale.(plot.LogScale)
	return ok
}

// DataRange covers the categories and the bars' values and intervals.
func (b *bars) DataRange() (xmin, xmax, ymin, ymax float64) {
	ymin, ymax = math.Inf(1), math.Inf(-1)
	for i, v := range b.vals {
		ys := []float64{v, b.lo[i], b.hi[i]}
		if i < len(b.rounds) {
			ys = append(ys, b.rounds[i]...)
		}
		for _, y := range ys {
			if drawable(y, b.log) {
				ymin, ymax = math.Min(ymin, y), math.Max(ymax, y)
			}
		}
	}
	return 0, float64(len(b.vals) - 1), ymin, ymax
}

// Thumbnail is the legend's swatch.
func (b *bars) Thumbnail(c *draw.Canvas) {
	pts := []vg.Point{{X: c.Min.X, Y: c.Min.Y}, {X: c.Min.X, Y: c.Max.Y}, {X: c.Max.X, Y: c.Max.Y}, {X: c.Max.X, Y: c.Min.Y}}
	c.FillPolygon(b.color, pts)
}
