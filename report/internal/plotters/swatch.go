package plotters

import (
	"image/color"

	"gonum.org/v1/plot/vg/draw"
)

// Swatch is a legend entry's coloured square, for a legend entry that
// stands for no one plotter (the parts of a Steps bar).
type Swatch struct{ Color color.Color }

// Thumbnail fills the legend's square with the colour.
func (w *Swatch) Thumbnail(c *draw.Canvas) { c.FillPolygon(w.Color, box(c)) }
