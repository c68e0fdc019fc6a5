// Package report turns a results file into what a reader needs to choose a
// handoff: a multi-page vector PDF made with gonum.org/v1/plot — the
// environment, a headline table, charts of cost, capacity, locked against
// lock-free behaviour, payload and work, and findings computed from the
// numbers — beside every chart as SVG and PNG and a Markdown summary. With a
// baseline it adds a comparison page, judged as the regression gate judges;
// with the results files of other machines, a page comparing the machines.
//
// The statistics are package stats's, so every median, interval and p-value
// is the one benchstat prints. Outputs are written whole or not at all: into
// a temporary directory first, renamed into place only once all succeeded.
//
// Where things are: pages.go is the table of contents, calling one builder
// a page; each page, its title (<name>Title, as printed), its builder
// (m.<name>Page) and its charts are in page_<name>.go, with a page's larger
// parts in page_<name>_<part>.go. model.go reads the results file into the
// model every page reads; charts.go holds the kinds of chart many pages
// draw, format.go the way numbers are written. The gonum plotters are in
// internal/plotters, the PDF, the Markdown and the drawing of a chart in
// internal/render.
package report

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot/vg"

	"github.com/handoffbench/handoff/report/internal/render"
	"github.com/handoffbench/handoff/resultfmt"
	"github.com/handoffbench/handoff/stats"
)

// Options say what to report on and where.
type Options struct {
	Results string // the results file: the main one, which every page but the machines' is about
	Base    string // a baseline results file, or ""
	// Machines are results files of other machines, one each: they add a
	// page that compares every machine's implementations with their floors.
	Machines []string
	OutDir   string // where the outputs go; "" is the results file's directory
	Compare  stats.CompareOptions
	// HistoryDir holds earlier results files for the trend page, as
	// runner.Keep keeps them. "" means history/ beside Results, and no
	// trend page if there is none; a HistoryDir given must exist.
	HistoryDir string
	History    []string  // the earlier results files themselves, in place of HistoryDir
	Warn       io.Writer // warnings about missing data; nil discards them
}

// Outputs are the paths written.
type Outputs struct {
	PDF, Markdown, Charts string
}

// String lists the outputs, one a line, as the commands print them.
func (o Outputs) String() string {
	return fmt.Sprintf("report: %s\nsummary: %s\ncharts: %s/\n", o.PDF, o.Markdown, o.Charts)
}

// AfterRun is Build on the results of a run that has just ended. A report
// that fails costs the run nothing: the error says what failed, that the
// results are kept, and the command that makes the report again.
func AfterRun(opts Options) (Outputs, error) {
	out, err := Build(opts)
	if err != nil {
		retry := "make report RESULTS=" + opts.Results
		if opts.Base != "" {
			retry += " BASE=" + opts.Base
		}
		return out, fmt.Errorf("the report on %s failed: %w; the results are kept: once that is mended, make the report again with %s", opts.Results, err, retry)
	}
	return out, nil
}

// history is the trend page's earlier results files: opts.History, else
// those HistoryDir holds.
func (opts Options) history() ([]string, error) {
	if opts.History != nil {
		return opts.History, nil
	}
	dir := opts.HistoryDir
	if dir == "" {
		dir = filepath.Join(filepath.Dir(opts.Results), "history")
	}
	files, err := resultfmt.History(dir)
	if err != nil && opts.HistoryDir != "" {
		return nil, fmt.Errorf("history: %w", err)
	}
	return files, nil
}

// chartW and chartH are the size of each chart's SVG and PNG.
var chartW, chartH = 16 * vg.Centimeter, 10 * vg.Centimeter

// Build writes the report on opts.Results: <name>.pdf, <name>.md and the
// charts in <name>/, where <name> is the results file's name without .txt.
func Build(opts Options) (Outputs, error) {
	if opts.Warn == nil {
		opts.Warn = io.Discard
	}
	set, err := stats.Load(opts.Results)
	if err != nil {
		return Outputs{}, err
	}
	var base *stats.Set
	if opts.Base != "" {
		if base, err = stats.Load(opts.Base); err != nil {
			return Outputs{}, fmt.Errorf("baseline: %w", err)
		}
	}
	var others []*model
	otherSets := []*stats.Set{set, base}
	for _, path := range opts.Machines {
		s, err := stats.Load(path)
		if err != nil {
			return Outputs{}, fmt.Errorf("machines: %w", err)
		}
		// The other machines' own notes are about pages of theirs that are
		// not drawn; the machines page says what it finds of each.
		o, err := safeModel(s, io.Discard)
		if err != nil {
			return Outputs{}, fmt.Errorf("machines: %w", err)
		}
		others = append(others, o)
		otherSets = append(otherSets, s)
	}
	m, err := safeModel(set, opts.Warn)
	if err != nil {
		return Outputs{}, err
	}
	m.inputWarnings(otherSets...)
	history, err := opts.history()
	if err != nil {
		return Outputs{}, err
	}
	pages, err := m.safePages(base, opts.Compare, history, others)
	if err != nil {
		return Outputs{}, err
	}

	dir := opts.OutDir
	if dir == "" {
		dir = filepath.Dir(opts.Results)
	}
	name := strings.TrimSuffix(filepath.Base(opts.Results), filepath.Ext(opts.Results))
	out := Outputs{
		PDF:      filepath.Join(dir, name+".pdf"),
		Markdown: filepath.Join(dir, name+".md"),
		Charts:   filepath.Join(dir, name),
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Outputs{}, err
	}
	tmp, err := os.MkdirTemp(dir, ".report-")
	if err != nil {
		return Outputs{}, err
	}
	defer os.RemoveAll(tmp)

	charts := filepath.Join(tmp, "charts")
	if err := os.Mkdir(charts, 0o755); err != nil {
		return Outputs{}, err
	}
	for _, p := range pages {
		for _, c := range p.Charts {
			for _, format := range []string{"svg", "png"} {
				if err := saveChart(c, format, filepath.Join(charts, c.Stem+"."+format)); err != nil {
					var bug *BugError
					if errors.As(err, &bug) {
						return Outputs{}, err // it names the chart
					}
					return Outputs{}, fmt.Errorf("chart %s: %w", c.Stem, err)
				}
			}
		}
	}
	pdf, err := render.PDF(pages)
	if err != nil {
		return Outputs{}, fmt.Errorf("PDF: %w", err)
	}
	if err := os.WriteFile(filepath.Join(tmp, "report.pdf"), pdf, 0o644); err != nil {
		return Outputs{}, err
	}
	md := render.Markdown(pages, name)
	if err := os.WriteFile(filepath.Join(tmp, "report.md"), md, 0o644); err != nil {
		return Outputs{}, err
	}
	// Everything is made: put it in place.
	if err := replaceDir(charts, out.Charts, tmp); err != nil {
		return Outputs{}, err
	}
	if err := os.Rename(filepath.Join(tmp, "report.md"), out.Markdown); err != nil {
		return Outputs{}, err
	}
	if err := os.Rename(filepath.Join(tmp, "report.pdf"), out.PDF); err != nil {
		return Outputs{}, err
	}
	return out, nil
}

// A BugError is a panic the report recovered from: a fault of the report's
// code on data a results file may well hold, not of the file. Build returns
// it, with what was being made, in place of a crash, and writes nothing.
// It is made where the panic is caught: making the model or the pages
// here, or drawing a chart (package render).
type BugError = render.BugError

// safeModel is newModel, with a panic returned as a *BugError.
func safeModel(s *stats.Set, warn io.Writer) (m *model, err error) {
	defer func() {
		if p := recover(); p != nil {
			m, err = nil, &BugError{What: "the model of " + s.Path, Panic: p}
		}
	}()
	return newModel(s, warn)
}

// safePages is m.pages, with a panic returned as a *BugError.
func (m *model) safePages(base *stats.Set, opts stats.CompareOptions, history []string, others []*model) (ps []render.Page, err error) {
	defer func() {
		if p := recover(); p != nil {
			ps, err = nil, &BugError{What: "the pages", Panic: p}
		}
	}()
	return m.pages(base, opts, history, others)
}

func saveChart(c render.Chart, format, path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := c.Write(f, format, chartW, chartH); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// replaceDir moves dir to dst, moving an earlier dst into trash first (a
// directory cannot be renamed over a non-empty one).
func replaceDir(dir, dst, trash string) error {
	if _, err := os.Stat(dst); err == nil {
		if err := os.Rename(dst, filepath.Join(trash, "old")); err != nil {
			return err
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return os.Rename(dir, dst)
}
