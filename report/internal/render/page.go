// Package render lays the report's pages out: as one vector PDF (A4
// landscape, one typeface), as a Markdown summary, and each chart alone
// as SVG or PNG. It knows pages, tables and charts, not what they say:
// package report builds them from a results file.
package render

import (
	"fmt"

	"gonum.org/v1/plot"
)

// A Page of the report: a title, paragraphs, tables, charts, and at its
// foot the notes about data it lacked.
type Page struct {
	Title  string
	Intro  []string
	Tables []Table
	Charts []Chart
	Notes  []string
	// Bullets sets the intro as a list, a paragraph an item (the
	// findings): in the Markdown, a bullet each.
	Bullets bool
	// Chartless: a page of charts none of which had data (a profile that
	// does not measure them); the report leaves it out, and the appendix
	// says so. The renderers do not read it.
	Chartless bool
	// ChartsFirst puts the charts before the tables: a page whose answer
	// is a picture and whose tables are its detail.
	ChartsFirst bool
}

// A Table is rows of cells under a header, drawn by the PDF in aligned
// columns and by the Markdown as a pipe table.
type Table struct {
	Title  string
	Header []string
	Rows   [][]string
	Right  []bool // columns aligned right (numbers)
}

// A Chart is a plot with the file stem its SVG and PNG are saved under,
// and the title the Markdown gives its image.
type Chart struct {
	Stem  string
	Title string
	Plot  *plot.Plot
}

// A BugError is a panic the report recovered from: a fault of the report's
// code on data a results file may well hold, not of the file. report.Build
// returns it, with what was being made, in place of a crash, and writes
// nothing; report.BugError is this type.
type BugError struct {
	What  string // what was being made: a chart by its file stem and title, the pages
	Panic any
}

func (e *BugError) Error() string {
	return fmt.Sprintf("a bug in the report: making %s panicked: %v (please report it with the results file)", e.What, e.Panic)
}
