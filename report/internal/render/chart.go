package render

import (
	"bufio"
	"fmt"
	"image/png"
	"io"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/handoffbench/handoff/report/internal/plotters"
)

// legendGap is the space between a chart's plot and its legend.
var legendGap = vg.Points(6)

// draw draws the chart into dc with its legend outside the plot: in a
// column at the right, below the title, so that it never covers a bar, a
// point or the title. The plot takes the width the legend leaves.
func (c Chart) draw(dc draw.Canvas) {
	plotters.Settle(&c.Plot.X)
	plotters.Settle(&c.Plot.Y)
	leg := c.Plot.Legend
	r := leg.Rectangle(dc)
	w := r.Max.X - r.Min.X + vg.Points(2)
	if w == 0 {
		c.Plot.Draw(dc)
		return
	}
	bare := plot.NewLegend()
	bare.TextStyle = leg.TextStyle
	c.Plot.Legend = bare
	c.Plot.Draw(draw.Crop(dc, 0, -(w + legendGap), 0, 0))
	c.Plot.Legend = leg

	top := c.Plot.Title.TextStyle.Rectangle(c.Plot.Title.Text).Size().Y + c.Plot.Title.Padding + vg.Points(4)
	leg.Top, leg.Left, leg.XOffs, leg.YOffs = true, true, 0, 0
	leg.Draw(draw.Crop(dc, dc.Max.X-dc.Min.X-w, 0, 0, -top))
}

// Write writes the chart at size w×h in a format (svg, png) to out. A
// chart that panics as it is drawn makes it fail with a *BugError that
// names the chart.
func (c Chart) Write(out io.Writer, format string, w, h vg.Length) error {
	if format == "png" {
		// vgimg.PngCanvas, but with the fastest deflate: at png.Encode's
		// default level the encoding took two fifths of a whole report's
		// time, for files only some 3% smaller.
		cv := vgimg.New(w, h)
		if err := c.drawSafely(draw.New(cv)); err != nil {
			return err
		}
		b := bufio.NewWriter(out)
		if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(b, cv.Image()); err != nil {
			return err
		}
		return b.Flush()
	}
	cv, err := draw.NewFormattedCanvas(w, h, format)
	if err != nil {
		return err
	}
	if err := c.drawSafely(draw.New(cv)); err != nil {
		return err
	}
	_, err = cv.WriteTo(out)
	return err
}

// drawSafely draws the chart, turning a panic inside gonum/plot (a log axis
// given a value at or below zero, say) into an error that names the chart:
// a bug of the report's, which must never cost a reader the report's other
// pages, nor a stack trace in place of a message.
func (c Chart) drawSafely(dc draw.Canvas) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = &BugError{What: fmt.Sprintf("chart %s (%q)", c.Stem, c.Title), Panic: p}
		}
	}()
	c.draw(dc)
	return nil
}
