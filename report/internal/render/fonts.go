package render

import (
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
)

// TextFont is the one typeface of the report, charts and pages alike (see
// faces for why only one).
var TextFont = font.Font{Typeface: "Liberation", Variant: "Sans"}

// faces the text is set in: one typeface, Liberation Sans, in several
// sizes, and the charts use it too. vgpdf names every embedded font's file
// "font.z", and fpdf keeps one file per name, so a PDF that embeds two
// typefaces (a bold beside a regular, a serif beside a sans) shows every
// text in whichever came last. vgpdf also encodes text as cp1252, so the
// report writes ± × µ – but no arrows.
type faces struct {
	title, heading, body, note, cell font.Face
}

func loadFaces() faces {
	f := func(size float64) font.Face { return font.DefaultCache.Lookup(TextFont, vg.Points(size)) }
	return faces{title: f(17), heading: f(11.5), body: f(9.5), note: f(8.5), cell: f(8)}
}
