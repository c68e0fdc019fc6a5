package plotters

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Bars is one series of a grouped bar chart with confidence-interval error
// bars. Unlike plotter.BarChart it draws on a log scale too: a bar rises
// from the bottom of the axis, not from zero, which a log axis lacks.
//
// The contract: category i is at X = i. A bar is drawn where Vals[i] is
// Drawable, held within the Y axis; its error bar where both Lo[i] and
// Hi[i] are; each of Rounds[i] the axis holds is a ring on the bar. A
// missing value is NaN. The data range covers the categories and every
// drawable value, end of interval and round (with Log, those above zero).
type Bars struct {
	Vals, Lo, Hi []float64   // per category; NaN for a missing value
	Rounds       [][]float64 // per category, nil or each round's value: a dot each
	// Offset from the category's center and Width, as fractions of the
	// distance between categories: the bars fill the chart at any size.
	Offset, Width float64
	Color         color.Color
	// Base is the value the bars rise from, or fall to: 0 for the bottom
	// of the axis; a ratio's bars start at 1×, so that one below it points
	// down.
	Base float64
	// Log: the chart's Y axis is a log scale, which has no place for an
	// interval's bottom at or below zero: that error bar is left out, and
	// out of the data range.
	Log bool
}

// Plot draws the bars and, where the interval is finite, the error bars.
func (b *Bars) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	bottom := trY(p.Y.Min)
	if b.Base > p.Y.Min && b.Base < p.Y.Max {
		bottom = trY(b.Base)
	}
	unit := trX(1) - trX(0)
	width := unit * vg.Length(b.Width)
	line := draw.LineStyle{Color: color.Black, Width: vg.Points(0.6)}
	for i, v := range b.Vals {
		if !Drawable(v, IsLog(p)) {
			continue
		}
		x := trX(float64(i)) + unit*vg.Length(b.Offset)
		column(c, b.Color, x, width/2, bottom, trY(onAxis(p, v)))
		if i < len(b.Rounds) {
			dot := draw.GlyphStyle{Color: color.Black, Radius: vg.Points(1.3), Shape: draw.RingGlyph{}}
			for _, r := range b.Rounds[i] {
				if Drawable(r, IsLog(p)) && inAxis(p, r) {
					c.DrawGlyph(dot, vg.Point{X: x, Y: trY(r)})
				}
			}
		}
		lo, hi := b.Lo[i], b.Hi[i]
		if !Drawable(lo, IsLog(p)) || !Drawable(hi, IsLog(p)) {
			continue
		}
		errorBar(c, p, trY, line, x, width/4, lo, hi)
	}
}

// DataRange covers the categories and the bars' values and intervals.
func (b *Bars) DataRange() (xmin, xmax, ymin, ymax float64) {
	ymin, ymax = math.Inf(1), math.Inf(-1)
	for i, v := range b.Vals {
		ys := []float64{v, b.Lo[i], b.Hi[i]}
		if i < len(b.Rounds) {
			ys = append(ys, b.Rounds[i]...)
		}
		for _, y := range ys {
			if Drawable(y, b.Log) {
				ymin, ymax = math.Min(ymin, y), math.Max(ymax, y)
			}
		}
	}
	return 0, float64(len(b.Vals) - 1), ymin, ymax
}

// Thumbnail is the legend's swatch.
func (b *Bars) Thumbnail(c *draw.Canvas) { (&Swatch{b.Color}).Thumbnail(c) }
