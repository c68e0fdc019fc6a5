package render

import (
	"bytes"
	"cmp"
	"image/color"
	"slices"
	"sort"
	"strings"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgpdf"
)

// The PDF is A4 landscape, in points.
var (
	pageW, pageH = vg.Millimeter * 297, vg.Millimeter * 210
	margin       = vg.Points(36)
)

// pdfWriter lays pages out top to bottom, starting a new page when the
// next block does not fit.
type pdfWriter struct {
	c     pdfCanvas
	f     faces
	y     vg.Length // the top of the free space
	first bool
	title string
	err   error // the first chart that failed to draw
}

// PDF draws the pages into one PDF. A chart that panics as it is drawn
// makes it fail with a *BugError that names the chart.
func PDF(pages []Page) ([]byte, error) {
	w := &pdfWriter{c: pdfCanvas{vgpdf.New(pageW, pageH)}, f: loadFaces(), first: true}
	for _, p := range pages {
		w.newPage(p.Title)
		for _, para := range p.Intro {
			w.paragraph(para, w.f.body)
		}
		if p.ChartsFirst {
			w.charts(p.Charts, 0)
		}
		for _, t := range p.Tables {
			w.table(t)
		}
		if !p.ChartsFirst {
			w.charts(p.Charts, w.notesHeight(p.Notes))
		}
		for _, n := range p.Notes {
			w.paragraph("Note: "+n, w.f.note)
		}
	}
	if w.err != nil {
		return nil, w.err
	}
	var buf bytes.Buffer
	if _, err := w.c.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func (w *pdfWriter) newPage(title string) {
	if !w.first {
		w.c.NextPage()
	}
	w.first = false
	w.title = title
	w.y = pageH - margin
	w.line(title, w.f.title, margin)
	w.y -= vg.Points(6)
}

// room starts a new page, titled as a continuation, unless h fits.
func (w *pdfWriter) room(h vg.Length) {
	if w.y-h < margin {
		w.newPage(continued(w.title))
	}
}

// continued is a page's title on the pages it runs on to: "… (continued)"
// once, however many pages it takes.
func continued(title string) string {
	return strings.TrimSuffix(title, " (continued)") + " (continued)"
}

// line sets one line of text at x and moves down by its height.
func (w *pdfWriter) line(s string, f font.Face, x vg.Length) {
	h := f.Extents().Height
	w.room(h)
	w.y -= f.Extents().Ascent
	w.c.SetColor(color.Black)
	w.c.FillString(f, vg.Point{X: x, Y: w.y}, s)
	w.y -= h - f.Extents().Ascent
}

// notesHeight is the height the notes take as paragraphs: what the charts
// above them must leave free, so that no note spills onto a page of its own.
func (w *pdfWriter) notesHeight(notes []string) vg.Length {
	var h vg.Length
	for _, n := range notes {
		h += w.f.note.Extents().Height*vg.Length(len(wrap("Note: "+n, w.f.note, pageW-2*margin))) + vg.Points(5)
	}
	return h
}

// paragraph wraps text to the page's width.
func (w *pdfWriter) paragraph(s string, f font.Face) {
	for _, l := range wrap(s, f, pageW-2*margin) {
		w.line(l, f, margin)
	}
	w.y -= vg.Points(5)
}

func wrap(s string, f font.Face, width vg.Length) []string {
	var lines []string
	cur := ""
	for _, word := range strings.Fields(s) {
		next := word
		if cur != "" {
			next = cur + " " + word
		}
		if f.Width(next) > width && cur != "" {
			lines = append(lines, cur)
			next = word
		}
		cur = next
	}
	return append(lines, cur)
}

// table draws a titled table, columns as wide as their widest cell,
// numbers aligned right, the header in bold over a rule.
func (w *pdfWriter) table(t Table) {
	rowH := w.f.cell.Extents().Height * 1.2
	// A table that fits on a page starts on a new one rather than leave a
	// few rows behind; a longer one continues from page to page.
	if whole := w.f.heading.Extents().Height + rowH*vg.Length(len(t.Rows)+1); whole < pageH-3*margin {
		w.room(whole)
	}
	w.room(w.f.heading.Extents().Height + 3*rowH)
	w.line(t.Title, w.f.heading, margin)
	widths := make([]vg.Length, len(t.Header))
	for i, h := range t.Header {
		widths[i] = w.f.cell.Width(h)
	}
	for _, r := range t.Rows {
		for i, cell := range r {
			widths[i] = max(widths[i], w.f.cell.Width(cell))
		}
	}
	// Shrink the widest columns to fit the page; their cells wrap onto
	// more lines, and a word too long for its column is cut.
	gap := vg.Points(10)
	fitWidths(widths, pageW-2*margin-gap*vg.Length(len(widths)-1))
	row := func(cells []string, f font.Face) {
		lines := make([][]string, len(cells))
		n := 1
		for i, cell := range cells {
			lines[i] = []string{cell}
			if f.Width(cell) > widths[i] {
				lines[i] = wrap(cell, f, widths[i])
			}
			n = max(n, len(lines[i]))
		}
		w.room(rowH * vg.Length(n))
		top := w.y
		w.y -= rowH * vg.Length(n)
		x := margin
		for i := range cells {
			for j, cell := range lines[i] {
				cell = fit(cell, f, widths[i])
				cx := x
				if t.Right != nil && t.Right[i] {
					cx = x + widths[i] - f.Width(cell)
				}
				w.c.FillString(f, vg.Point{X: cx, Y: top - rowH*vg.Length(j+1) + rowH*0.25}, cell)
			}
			x += widths[i] + gap
		}
	}
	if strings.Join(t.Header, "") != "" {
		row(t.Header, w.f.cell)
		w.c.SetLineWidth(vg.Points(0.5))
		var p vg.Path
		p.Move(vg.Point{X: margin, Y: w.y})
		p.Line(vg.Point{X: pageW - margin, Y: w.y})
		w.c.Stroke(p)
	}
	for _, r := range t.Rows {
		row(r, w.f.cell)
	}
	w.y -= vg.Points(10)
}

// minColumn is the narrowest a column is shrunk to, whatever the page
// leaves: a few words a line, where the table runs past the page's edge.
var minColumn = vg.Points(40)

// fitWidths shrinks the widest of the columns' widths, as few as will do,
// to one width they share, so that all of them fit in avail; the others
// keep theirs. Where the widest alone can give up enough and stay at
// least as wide as the next, it alone shrinks. No column is shrunk below
// minColumn.
func fitWidths(widths []vg.Length, avail vg.Length) {
	var total vg.Length
	for _, w := range widths {
		total += w
	}
	if total <= avail {
		return
	}
	sorted := slices.Clone(widths)
	slices.SortFunc(sorted, func(a, b vg.Length) int { return cmp.Compare(b, a) })
	rest := total
	capAt := minColumn
	for k := 1; k <= len(sorted); k++ {
		rest -= sorted[k-1] // the columns narrower than the k widest
		x := (avail - rest) / vg.Length(k)
		if k == len(sorted) || x >= sorted[k] {
			capAt = max(x, minColumn)
			break
		}
	}
	for i, w := range widths {
		widths[i] = min(w, capAt)
	}
}

// ellipsis ends a cell cut to fit its column.
const ellipsis = "…"

// fit returns s if it is no wider than width in f; else the longest prefix
// of s, cut between runes, that fits with the ellipsis after it, less any
// spaces it ends in; else, if not even the ellipsis fits, the ellipsis
// alone, so the cut still shows.
// It measures s once and then O(log n) prefixes, by binary search: adding
// a rune widens a prefix by its advance, which kerning never outweighs.
func fit(s string, f font.Face, width vg.Length) string {
	if s == "" || f.Width(s) <= width {
		return s
	}
	var starts []int // starts[k] is where rune k begins: s[:starts[k]] keeps k runes
	for i := range s {
		starts = append(starts, i)
	}
	// keep is the fewest runes that no longer fit, less one: the most that do.
	keep := sort.Search(len(starts)-1, func(k int) bool {
		return f.Width(s[:starts[k+1]]+ellipsis) > width
	})
	return strings.TrimRight(s[:starts[keep]], " ") + ellipsis
}

// charts fills the rest of the page with a grid of charts: one across,
// two side by side, three or four two by two. notes is the room left for
// the notes below them.
func (w *pdfWriter) charts(cs []Chart, notes vg.Length) {
	if len(cs) == 0 {
		return
	}
	cols, rows := 1, 1
	switch {
	case len(cs) == 2:
		cols = 2
	case len(cs) > 2:
		cols, rows = 2, (len(cs)+1)/2
	}
	bottom := margin + notes
	if w.y-bottom < vg.Points(220) {
		w.newPage(continued(w.title))
	}
	cw := (pageW - 2*margin) / vg.Length(cols)
	ch := (w.y - bottom) / vg.Length(rows)
	gap := vg.Points(10) // between rows: slanted labels reach below their chart
	dc := draw.New(w.c)
	for i, c := range cs {
		col, r := i%cols, i/cols
		x0 := margin + cw*vg.Length(col)
		y1 := w.y - ch*vg.Length(r)
		if err := c.drawSafely(draw.Crop(dc, x0, x0+cw-pageW-vg.Points(6), y1-ch+gap, y1-pageH)); err != nil && w.err == nil {
			w.err = err
		}
	}
	w.y = bottom
}
