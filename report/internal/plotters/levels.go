package plotters

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Levels marks one value per category of a bar chart as a dashed line
// across the category's bars: a floor the bars are read against, such as
// the spinning floor under each load.
//
// The contract: category i is at X = i, and its level spans nine tenths of
// the distance to the next; a value that is not Drawable, or that the Y
// axis does not hold, draws nothing (a missing value is NaN). The data
// range covers the categories and the drawable values.
type Levels struct {
	Vals   []float64
	Color  color.Color
	Dashes []vg.Length
	Log    bool // the chart's Y axis is a log scale: a value at or below zero is left out
}

// Plot draws each level across its category.
func (l *Levels) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	style := draw.LineStyle{Color: l.Color, Width: vg.Points(1.6), Dashes: l.Dashes}
	for i, v := range l.Vals {
		if !Drawable(v, IsLog(p)) || !inAxis(p, v) {
			continue
		}
		y := trY(v)
		c.StrokeLines(style, []vg.Point{{X: trX(float64(i) - 0.45), Y: y}, {X: trX(float64(i) + 0.45), Y: y}})
	}
}

// DataRange covers the categories and the levels.
func (l *Levels) DataRange() (xmin, xmax, ymin, ymax float64) {
	ymin, ymax = math.Inf(1), math.Inf(-1)
	for _, v := range l.Vals {
		if Drawable(v, l.Log) {
			ymin, ymax = math.Min(ymin, v), math.Max(ymax, v)
		}
	}
	return 0, float64(len(l.Vals) - 1), ymin, ymax
}

// Thumbnail is the legend's swatch: the dashed line.
func (l *Levels) Thumbnail(c *draw.Canvas) {
	y := (c.Min.Y + c.Max.Y) / 2
	c.StrokeLine2(draw.LineStyle{Color: l.Color, Width: vg.Points(1.6), Dashes: l.Dashes}, c.Min.X, y, c.Max.X, y)
}
