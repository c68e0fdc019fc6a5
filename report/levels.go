package report

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// levels marks one value per category of a bar chart as a dashed line
// across the category's bars: a floor the bars are read against, such as
// the spinning floor under each load. A missing value (NaN) draws nothing.
type levels struct {
	vals   []float64
	color  color.Color
	dashes []vg.Length
	log    bool // the chart's Y axis is a log scale: a value at or below zero is left out
}

// Plot draws each level across four fifths of its category.
func (l *levels) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	style := draw.LineStyle{Color: l.color, Width: vg.Points(1.6), Dashes: l.dashes}
	for i, v := range l.vals {
		if !drawable(v, isLog(p)) || !inAxis(p, v) {
			continue
		}
		y := trY(v)
		c.StrokeLines(style, []vg.Point{{X: trX(float64(i) - 0.45), Y: y}, {X: trX(float64(i) + 0.45), Y: y}})
	}
}

// DataRange covers the categories and the levels.
func (l *levels) DataRange() (xmin, xmax, ymin, ymax float64) {
	ymin, ymax = math.Inf(1), math.Inf(-1)
	for _, v := range l.vals {
		if drawable(v, l.log) {
			ymin, ymax = math.Min(ymin, v), math.Max(ymax, v)
		}
	}
	return 0, float64(len(l.vals) - 1), ymin, ymax
}

// Thumbnail is the legend's swatch: the dashed line.
func (l *levels) Thumbnail(c *draw.Canvas) {
	y := (c.Min.Y + c.Max.Y) / 2
	c.StrokeLine2(draw.LineStyle{Color: l.color, Width: vg.Points(1.6), Dashes: l.dashes}, c.Min.X, y, c.Max.X, y)
}
