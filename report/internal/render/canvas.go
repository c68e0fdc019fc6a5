package render

import (
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/vgpdf"
)

// pdfCanvas is a vgpdf canvas that encodes text as cp1252, which is what
// vgpdf declares its fonts in but does not do itself: without it every
// character beyond ASCII (the ± of an interval, the × of a ratio, the µ of a
// microsecond, a dash) comes out as two or three wrong ones. A character
// cp1252 lacks becomes "?".
type pdfCanvas struct {
	*vgpdf.Canvas
}

var cp1252 = encoding.ReplaceUnsupported(charmap.Windows1252.NewEncoder())

func (c pdfCanvas) FillString(f font.Face, pt vg.Point, s string) {
	if enc, err := cp1252.String(s); err == nil {
		s = enc
	}
	c.Canvas.FillString(f, pt, s)
}
