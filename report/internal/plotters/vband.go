package plotters

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// VBand marks one value of the X axis and an interval around it: a
// vertical dashed line at X across the plot's height, over the interval
// [Lo, Hi] shaded in a light tint of its colour. A break-even drawn behind
// the data is one.
//
// The contract: an end at ±Inf is open, and the shade runs to the axis's
// edge; an end that is NaN, or one the axis cannot hold, leaves the shade
// out; an end past the X axis is held to its edge. The line is drawn where
// the X axis holds X. The data range covers X and the interval's finite
// ends on the X axis, and nothing on the Y axis: the band spans whatever
// the data make it.
type VBand struct {
	X, Lo, Hi float64
	Color     color.Color
	Log       bool // the chart's X axis is a log scale: a value at or below zero is left out
}

// Plot draws the shade, then the line, held within the X axis: a value
// past it is drawn at its edge, as bars are held within the Y axis.
func (v *VBand) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	_, logX := p.X.Scale.(plot.LogScale)
	onX := func(x float64) float64 { return math.Min(math.Max(x, p.X.Min), p.X.Max) }
	ends := func(x float64) bool { return math.IsInf(x, 0) || Drawable(x, logX) }
	if ends(v.Lo) && ends(v.Hi) && v.Lo <= v.Hi {
		x0, x1 := trX(onX(v.Lo)), trX(onX(v.Hi))
		pts := []vg.Point{{X: x0, Y: c.Min.Y}, {X: x0, Y: c.Max.Y}, {X: x1, Y: c.Max.Y}, {X: x1, Y: c.Min.Y}}
		c.FillPolygon(v.tint(), pts)
	}
	if Drawable(v.X, logX) && v.X >= p.X.Min && v.X <= p.X.Max {
		x := trX(v.X)
		c.StrokeLine2(v.lineStyle(), x, c.Min.Y, x, c.Max.Y)
	}
}

// tint is the shade's colour: the line's, a quarter as strong over white.
func (v *VBand) tint() color.Color {
	r, g, b, _ := v.Color.RGBA()
	mix := func(ch uint32) uint8 { return uint8(0xff - (0xff-ch>>8)/4) }
	return color.RGBA{mix(r), mix(g), mix(b), 0xff}
}

func (v *VBand) lineStyle() draw.LineStyle {
	return draw.LineStyle{Color: v.Color, Width: vg.Points(1.6), Dashes: []vg.Length{vg.Points(4), vg.Points(2)}}
}

// DataRange covers the line and the interval's finite ends on the X axis,
// and nothing on the Y axis: the band spans whatever the data make it.
func (v *VBand) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax = math.Inf(1), math.Inf(-1)
	for _, x := range []float64{v.X, v.Lo, v.Hi} {
		if Drawable(x, v.Log) {
			xmin, xmax = math.Min(xmin, x), math.Max(xmax, x)
		}
	}
	return xmin, xmax, math.Inf(1), math.Inf(-1)
}

// Thumbnail is the legend's swatch: the shade with the line across it.
func (v *VBand) Thumbnail(c *draw.Canvas) {
	(&Swatch{v.tint()}).Thumbnail(c)
	x := (c.Min.X + c.Max.X) / 2
	c.StrokeLine2(v.lineStyle(), x, c.Min.Y, x, c.Max.Y)
}
