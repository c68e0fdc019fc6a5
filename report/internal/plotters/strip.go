package plotters

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// A Strip is one category of a strip chart: a row's value in each round as
// a ring, left to right in round order on the category's left, and on its
// right the row's median as a bar with its 95% interval through it, over a
// grey band of ±Band of the median (the width past which a row is flagged).
//
// The contract: the strip is at X; a ring is drawn where the canvas holds
// it (on a log axis, for a value above zero); the band where Center and
// Band are above zero, held within the Y axis; the median where the axis
// holds it; an end of the interval that is ±Inf runs off the chart. The
// data range covers X and every finite value above zero among the rounds,
// the median, the interval's ends and the band's.
type Strip struct {
	X              float64   // the category
	Vals           []float64 // in round order
	Center, Lo, Hi float64   // the median and its interval; ±Inf for no end
	Band           float64   // the flag's ± (stats.MaxSpread)
	Color          color.Color
}

// The strip's layout, as fractions of the distance between categories.
const (
	stripDotsFrom, stripDotsTo = -0.42, 0.06 // the first and last round's dots
	stripCI                    = 0.26        // the median and its interval
	stripCIHalf                = 0.12        // half the median bar's width
)

var stripBand = color.Gray{Y: 0xdd}

// dotX is the offset of the i-th of n rounds' dot.
func dotX(i, n int) float64 {
	if n < 2 {
		return (stripDotsFrom + stripDotsTo) / 2
	}
	return stripDotsFrom + (stripDotsTo-stripDotsFrom)*float64(i)/float64(n-1)
}

// Plot draws the band, the dots, and the median with its interval.
func (s *Strip) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	unit := trX(1) - trX(0)
	at := func(off float64) vg.Length { return trX(s.X) + unit*vg.Length(off) }
	cx, half := at(stripCI), unit*stripCIHalf

	if s.Center > 0 && s.Band > 0 {
		column(c, stripBand, cx, half, trY(onAxis(p, s.Center*(1-s.Band))), trY(onAxis(p, s.Center*(1+s.Band))))
	}
	ring := draw.GlyphStyle{Color: s.Color, Radius: vg.Points(1.7), Shape: draw.RingGlyph{}}
	for i, v := range s.Vals {
		if v > 0 || !IsLog(p) {
			pt := vg.Point{X: at(dotX(i, len(s.Vals))), Y: trY(v)}
			if c.Contains(pt) {
				c.DrawGlyph(ring, pt)
			}
		}
	}
	if s.Center <= 0 && IsLog(p) {
		return
	}
	ci := draw.LineStyle{Color: s.Color, Width: vg.Points(0.9)}
	ylo, yhi := c.Min.Y, c.Max.Y // an end the interval lacks runs off the chart
	if !math.IsInf(s.Lo, 0) && (s.Lo > 0 || !IsLog(p)) {
		ylo = trY(onAxis(p, s.Lo))
		if inAxis(p, s.Lo) {
			c.StrokeLines(ci, []vg.Point{{X: cx - half/2, Y: ylo}, {X: cx + half/2, Y: ylo}})
		}
	}
	if !math.IsInf(s.Hi, 0) {
		yhi = trY(onAxis(p, s.Hi))
		if inAxis(p, s.Hi) {
			c.StrokeLines(ci, []vg.Point{{X: cx - half/2, Y: yhi}, {X: cx + half/2, Y: yhi}})
		}
	}
	c.StrokeLines(ci, c.ClipLinesY([]vg.Point{{X: cx, Y: ylo}, {X: cx, Y: yhi}})...)
	med := draw.LineStyle{Color: s.Color, Width: vg.Points(2)}
	if inAxis(p, s.Center) {
		y := trY(s.Center)
		c.StrokeLines(med, []vg.Point{{X: cx - half, Y: y}, {X: cx + half, Y: y}})
	}
}

// DataRange covers the category and the dots, the median, its finite
// interval and its band.
func (s *Strip) DataRange() (xmin, xmax, ymin, ymax float64) {
	ymin, ymax = math.Inf(1), math.Inf(-1)
	ys := append([]float64{s.Center, s.Lo, s.Hi, s.Center * (1 - s.Band), s.Center * (1 + s.Band)}, s.Vals...)
	for _, y := range ys {
		if !math.IsNaN(y) && !math.IsInf(y, 0) && y > 0 {
			ymin, ymax = math.Min(ymin, y), math.Max(ymax, y)
		}
	}
	return s.X, s.X, ymin, ymax
}
