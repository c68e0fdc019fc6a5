package plotters

import (
	"image/color"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// column fills the rectangle half wide on each side of x from y0 to y1,
// clipped to the canvas's height: a bar, a step, a band.
func column(c draw.Canvas, col color.Color, x, half, y0, y1 vg.Length) {
	pts := []vg.Point{{X: x - half, Y: y0}, {X: x - half, Y: y1}, {X: x + half, Y: y1}, {X: x + half, Y: y0}}
	c.FillPolygon(col, c.ClipPolygonY(pts))
}

// box is the whole of a canvas as a polygon: a legend's swatch.
func box(c *draw.Canvas) []vg.Point {
	return []vg.Point{{X: c.Min.X, Y: c.Min.Y}, {X: c.Min.X, Y: c.Max.Y}, {X: c.Max.X, Y: c.Max.Y}, {X: c.Max.X, Y: c.Min.Y}}
}
