package report

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// A strip is one category of a strip chart: a row's value in each round as
// a ring, left to right in round order on the category's left, and on its
// right the row's median as a bar with its 95% interval through it, over a
// grey band of ±band of the median (the width past which a row is flagged).
type strip struct {
	x              float64   // the category
	vals           []float64 // in round order
	center, lo, hi float64   // the median and its interval; ±Inf for no end
	band           float64   // the flag's ± (stats.MaxSpread)
	color          color.Color
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
func (s *strip) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	unit := trX(1) - trX(0)
	at := func(off float64) vg.Length { return trX(s.x) + unit*vg.Length(off) }
	cx, half := at(stripCI), unit*stripCIHalf

	if s.center > 0 && s.band > 0 {
		lo, hi := trY(onAxis(p, s.center*(1-s.band))), trY(onAxis(p, s.center*(1+s.band)))
		c.FillPolygon(stripBand, c.ClipPolygonY([]vg.Point{{X: cx - half, Y: lo}, {X: cx - half, Y: hi}, {X: cx + half, Y: hi}, {X: cx + half, Y: lo}}))
	}
	ring := draw.GlyphStyle{Color: s.color, Radius: vg.Points(1.7), Shape: draw.RingGlyph{}}
	for i, v := range s.vals {
		if v > 0 || !isLog(p) {
			pt := vg.Point{X: at(dotX(i, len(s.vals))), Y: trY(v)}
			if c.Contains(pt) {
				c.DrawGlyph(ring, pt)
			}
		}
	}
	if s.center <= 0 && isLog(p) {
		return
	}
	ci := draw.LineStyle{Color: s.color, Width: vg.Points(0.9)}
	ylo, yhi := c.Min.Y, c.Max.Y // an end the interval lacks runs off the chart
	if !math.IsInf(s.lo, 0) && (s.lo > 0 || !isLog(p)) {
		ylo = trY(onAxis(p, s.lo))
		if inAxis(p, s.lo) {
			c.StrokeLines(ci, []vg.Point{{X: cx - half/2, Y: ylo}, {X: cx + half/2, Y: ylo}})
		}
	}
	if !math.IsInf(s.hi, 0) {
		yhi = trY(onAxis(p, s.hi))
		if inAxis(p, s.hi) {
			c.StrokeLines(ci, []vg.Point{{X: cx - half/2, Y: yhi}, {X: cx + half/2, Y: yhi}})
		}
	}
	c.StrokeLines(ci, c.ClipLinesY([]vg.Point{{X: cx, Y: ylo}, {X: cx, Y: yhi}})...)
	med := draw.LineStyle{Color: s.color, Width: vg.Points(2)}
	if inAxis(p, s.center) {
		y := trY(s.center)
		c.StrokeLines(med, []vg.Point{{X: cx - half, Y: y}, {X: cx + half, Y: y}})
	}
}

// DataRange covers the category and the dots, the median, its finite
// interval and its band.
func (s *strip) DataRange() (xmin, xmax, ymin, ymax float64) {
	ymin, ymax = math.Inf(1), math.Inf(-1)
	ys := append([]float64{s.center, s.lo, s.hi, s.center * (1 - s.band), s.center * (1 + s.band)}, s.vals...)
	for _, y := range ys {
		if !math.IsNaN(y) && !math.IsInf(y, 0) && y > 0 {
			ymin, ymax = math.Min(ymin, y), math.Max(ymax, y)
		}
	}
	return s.x, s.x, ymin, ymax
}
