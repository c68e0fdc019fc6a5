package report

import (
	"io"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// legendGap is the space between a chart's plot and its legend.
var legendGap = vg.Points(6)

// draw draws the chart into dc with its legend outside the plot: in a
// column at the right, below the title, so that it never covers a bar, a
// point or the title. The plot takes the width the legend leaves.
func (c chart) draw(dc draw.Canvas) {
	leg := c.plot.Legend
	r := leg.Rectangle(dc)
	w := r.Max.X - r.Min.X + vg.Points(2)
	if w == 0 {
		c.plot.Draw(dc)
		return
	}
	bare := plot.NewLegend()
	bare.TextStyle = leg.TextStyle
	c.plot.Legend = bare
	c.plot.Draw(draw.Crop(dc, 0, -(w + legendGap), 0, 0))
	c.plot.Legend = leg

	top := c.plot.Title.TextStyle.Rectangle(c.plot.Title.Text).Size().Y + c.plot.Title.Padding + vg.Points(4)
	leg.Top, leg.Left, leg.XOffs, leg.YOffs = true, true, 0, 0
	leg.Draw(draw.Crop(dc, dc.Max.X-dc.Min.X-w, 0, 0, -top))
}

// writeChart writes the chart at size w×h in a format (svg, png) to out.
func writeChart(c chart, w, h vg.Length, format string, out io.Writer) error {
	cv, err := draw.NewFormattedCanvas(w, h, format)
	if err != nil {
		return err
	}
	c.draw(draw.New(cv))
	_, err = cv.WriteTo(out)
	return err
}
