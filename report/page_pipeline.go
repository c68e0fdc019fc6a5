package report

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/handoffbench/handoff/bench/matrix"
	"github.com/handoffbench/handoff/report/internal/plotters"
	"github.com/handoffbench/handoff/report/internal/render"
	"github.com/handoffbench/handoff/stats"
)

// The "When crossing threads pays" page: a stream with work on both sides
// (the Pipeline benchmark), where a handoff that crosses threads can run
// the producer's work and the handler's at once and one that stays on the
// producer's thread cannot, read against two floors measured in the same
// run — both works one after the other (serial), and the larger alone (the
// overlap limit) — and the work a side from which crossing threads pays.

const pipelineTitle = "When crossing threads pays"

// pipelinePage: how to read the Pipeline's rows against its floors, two
// charts per GOMAXPROCS × capacity it ran at (charts first: the answer is
// a picture), its findings, a table per run, and the rows slower than
// serial (page_pipeline_slower.go); its levels and runs are read in
// page_pipeline_runs.go, its break-even in page_pipeline_breakeven.go.
// Where the file has no Pipeline results, a page without charts that says
// so.
func (m *model) pipelinePage() render.Page {
	runs := m.pipelineRuns()
	if len(runs) == 0 {
		m.note(pipelineTitle, "no Pipeline results: a file from before the Pipeline benchmark, or a selection without it")
		return render.Page{Title: pipelineTitle, Chartless: true}
	}
	var cross, in []string
	for _, run := range runs {
		c, i := m.sides(run)
		for _, im := range c {
			if !slices.Contains(cross, im.Name) {
				cross = append(cross, im.Name)
			}
		}
		for _, im := range i {
			if !slices.Contains(in, im.Name) {
				in = append(in, im.Name)
			}
		}
	}
	kinds := "Which rows cross threads is " + notRecorded + " in this file, so no break-even is read."
	if len(cross)+len(in) > 0 {
		kinds = fmt.Sprintf("Here the rows that cross threads are %s; those that stay on the producer's thread, %s.", orNone(cross), orNone(in))
	}
	var mechs []string
	for _, run := range runs {
		for _, n := range m.pipelineMechanisms(run) {
			if !slices.Contains(mechs, n) {
				mechs = append(mechs, n)
			}
		}
	}
	if len(mechs) > 0 {
		kinds += fmt.Sprintf(" Raw stream mechanisms ran as rows too, without the contract: %s; the chart draws each dotted, in the colour of the row built on it, and a row that falls short of the limit is read against its own.", strings.Join(mechs, ", "))
	}
	intro := "Every other page hands over items that take no work. Here the producer works before each Put and the handler works on each item, a nominal number of nanoseconds of dependent arithmetic each (the Pipeline benchmark: a stream of ints; ns/op is the wall time per item, the Close that drains the stream included). " +
		"A handoff that crosses to another thread can run the two sides at once; one that stays on the producer's thread runs them one after the other. " + kinds + " " +
		"Two floors are measured in the same run, by the same loop with no Conn: serial, both works one after the other in one goroutine, and overlap-limit, the larger side's work alone, what a perfect overlap would cost. " +
		"Read a row against them: at 1× the limit it hides the smaller side entirely; above serial (marked †) crossing cost more than the overlap saved. " +
		"The multiples of the limit are paired round by round, with their 95% intervals; so is each row's comparison with serial, and a † needs its interval above 1 and p of 0.05 or less. " +
		"The break-even is the work a side from which the best row that crosses threads (by median) beats the best that does not: their paired ratio at each even level, interpolated between measured levels on a log axis (linearly in the logs of work and ratio), and its interval from the ends of the ratio's interval read the same way; the chart draws it as a dashed vertical line over its interval, shaded. " +
		"On one core the two sides cannot run at once, and the uneven level, a fast producer feeding a slow handler, can overlap only the smaller side."
	var mcs []maybeChart
	for _, run := range runs {
		mcs = append(mcs, want(m.pipelineChart(run)), want(m.pipelineLimitChart(run)))
	}
	p := m.chartPage(pipelineTitle, intro, mcs...)
	p.Intro = append(p.Intro, m.pipelineFindings()...)
	p.ChartsFirst = true
	for _, run := range runs {
		if t, ok := m.pipelineTable(run); ok {
			p.Tables = append(p.Tables, t)
		}
	}
	if run, ok := m.pipelineHeadline(); ok {
		if t, ok := m.slowerTable(run); ok {
			p.Tables = append(p.Tables, t)
		}
	}
	return p
}

// orNone joins names, or says none.
func orNone(names []string) string {
	if len(names) == 0 {
		return "none measured"
	}
	return strings.Join(names, ", ")
}

// pipelineTable: a row per implementation and floor, a column per level,
// each cell the median with its interval and its multiple of the overlap
// limit, paired; † where the row is shown slower than serial.
func (m *model) pipelineTable(run pipelineRun) (render.Table, bool) {
	levels := m.pipelineLevels(run)
	if len(levels) == 0 {
		return render.Table{}, false
	}
	t := render.Table{
		Title:  fmt.Sprintf("Pipeline, %s: ns per item (95%% CI), × the overlap limit (paired, 95%% CI); † slower than serial", run),
		Header: []string{"row"},
		Right:  []bool{false},
	}
	for _, l := range levels {
		t.Header = append(t.Header, l.label())
		t.Right = append(t.Right, true)
	}
	for _, name := range slices.Concat(names(m.pipelineRows(run)), m.pipelineMechanisms(run), matrix.PipelineFloors) {
		row := []string{name}
		measured := false
		for _, l := range levels {
			k, ok := m.pipelineKey(name, run, l)
			if !ok || !m.set.Has(k, ns) {
				row = append(row, "–")
				continue
			}
			measured = true
			s, _ := m.set.Summary(k, ns)
			cell := fmtSummary(s)
			if lim, ok := m.pipelineKey(matrix.OverlapLimit, run, l); ok && name != matrix.OverlapLimit {
				if r, ok := m.ratio(lim, k, ns); ok {
					cell += ", " + fmtRatioCI(r)
				}
			}
			if _, slower := m.slowerThanSerial(k, run, l); slower && name != matrix.Serial {
				cell += " †"
			}
			row = append(row, cell)
		}
		if measured {
			t.Rows = append(t.Rows, row)
		}
	}
	return t, len(t.Rows) > 0
}

// pipelineChart: ns per item against the work a side, both on log axes,
// a line per implementation with its 95% intervals, the serial and
// overlap-limit floors as dashed lines, and the break-even as a dashed
// vertical line over its interval, shaded.
func (m *model) pipelineChart(run pipelineRun) (render.Chart, bool) {
	title := fmt.Sprintf("ns per item by work a side, 95%% CI, cap %d, GOMAXPROCS=%d", run.capacity, run.procs)
	stem := fmt.Sprintf("pipeline-p%d-cap%d", run.procs, run.capacity)
	pl := logLogNS(title, "work a side, nominal ns (log scale)", "ns per item (log scale)")
	return m.pipelinePlot(run, stem, title, pl, func(k stats.Key, _ workLevel) (float64, float64, float64, bool) {
		s, ok := m.set.Summary(k, ns)
		return s.Center, s.Lo, s.Hi, ok
	})
}

// pipelineLimitChart: each row as a multiple of the overlap limit at each
// level, paired round by round with its 95% interval, on log axes: the
// limit is the line at 1, serial the dashed line near 2, and a row's
// distance from 1 is what the handoff failed to hide.
func (m *model) pipelineLimitChart(run pipelineRun) (render.Chart, bool) {
	title := fmt.Sprintf("× the overlap limit by work a side, paired, 95%% CI, cap %d, GOMAXPROCS=%d", run.capacity, run.procs)
	stem := fmt.Sprintf("pipeline-limit-p%d-cap%d", run.procs, run.capacity)
	pl := newPlot(title, "work a side, nominal ns (log scale)", "× the overlap limit (log scale)")
	pl.X.Scale, pl.Y.Scale = plot.LogScale{}, plot.LogScale{}
	pl.Y.Tick.Marker = plot.TickerFunc(plotters.MultipleTicks)
	return m.pipelinePlot(run, stem, title, pl, func(k stats.Key, l workLevel) (float64, float64, float64, bool) {
		lim, ok := m.pipelineKey(matrix.OverlapLimit, run, l)
		if !ok {
			return 0, 0, 0, false
		}
		if k == lim {
			return 1, 1, 1, true
		}
		r, ok := m.ratio(lim, k, ns)
		return r.Ratio, r.Lo, r.Hi, ok
	})
}

// pipelinePlot draws a run on pl, whose X axis is the work a side: a line
// per implementation (value gives each level's center and 95% interval),
// the raw mechanisms dotted, serial and the overlap limit as dashed lines,
// and the break-even as a dashed vertical line over its interval, shaded.
func (m *model) pipelinePlot(run pipelineRun, stem, title string, pl *plot.Plot, value func(stats.Key, workLevel) (c, lo, hi float64, ok bool)) (render.Chart, bool) {
	var levels []workLevel
	for _, l := range m.pipelineLevels(run) {
		if w := l.side(); w > 0 && plotters.Drawable(w, true) {
			levels = append(levels, l)
		}
	}
	if len(levels) == 0 {
		return render.Chart{Stem: stem, Title: title, Plot: pl}, false
	}
	var ticks []plot.Tick
	for _, l := range levels {
		ticks = append(ticks, plot.Tick{Value: l.side(), Label: shortNS(l.side())})
	}
	pl.X.Tick.Marker = plot.ConstantTicks(ticks)
	pl.X.Min, pl.X.Max = levels[0].side()/1.6, levels[len(levels)-1].side()*1.6

	if be, _, ok := m.breakEven(run); ok && be.est.where == edgeInside {
		band := &plotters.VBand{X: be.est.at, Lo: math.NaN(), Hi: math.NaN(), Color: color.RGBA{0xd4, 0xa0, 0x00, 0xff}, Log: true}
		if be.lo.where == edgeInside {
			band.Lo = be.lo.at
		} else if be.lo.where == edgeBelow {
			band.Lo = math.Inf(-1)
		}
		if be.hi.where == edgeInside {
			band.Hi = be.hi.at
		} else if be.hi.where == edgeAbove {
			band.Hi = math.Inf(1)
		}
		pl.Add(band)
		pl.Legend.Add("break-even "+fmtWork(be.est.at), band) // the page gives its interval
	}

	drawn := false
	line := func(name string, c color.Color, dashes []vg.Length, withErrors bool) {
		var pts, errPts plotter.XYs
		var errs plotter.YErrors
		for _, l := range levels {
			k, ok := m.pipelineKey(name, run, l)
			if !ok {
				continue
			}
			center, lo, hi, ok := value(k, l)
			if !ok {
				continue
			}
			if !plotters.Drawable(center, true) {
				m.note(pipelineTitle, "%s's point at %s is left out of the chart %q: a log axis has no place for a value at or below zero", name, l.label(), title)
				continue
			}
			pts = append(pts, plotter.XY{X: l.side(), Y: center})
			if withErrors && plotters.Drawable(lo, true) && plotters.Drawable(hi, true) {
				errPts = append(errPts, plotter.XY{X: l.side(), Y: center})
				errs = append(errs, struct{ Low, High float64 }{center - lo, hi - center})
			}
		}
		if len(pts) == 0 {
			return
		}
		ln, sc, err := plotter.NewLinePoints(pts)
		if err != nil {
			return
		}
		drawn = true
		ln.Color, sc.Color = c, c
		ln.Width, ln.Dashes = vg.Points(1.5), dashes
		sc.Shape, sc.Radius = draw.CircleGlyph{}, vg.Points(2.2)
		pl.Add(ln, sc)
		pl.Legend.Add(name, ln, sc)
		if len(errPts) > 0 {
			pl.Add(&plotter.YErrorBars{XYs: errPts, YErrors: errs, LineStyle: draw.LineStyle{Color: c, Width: vg.Points(0.8)}, CapWidth: vg.Points(4)})
		}
	}
	for _, im := range m.pipelineRows(run) {
		line(im.Name, m.implColor(im.Name), nil, true)
	}
	for _, name := range m.pipelineMechanisms(run) {
		line(name, m.mechanismColor(name), []vg.Length{vg.Points(1), vg.Points(2)}, false)
	}
	line(matrix.Serial, color.Black, []vg.Length{vg.Points(5), vg.Points(3)}, false)
	line(matrix.OverlapLimit, color.Gray{Y: 0x80}, []vg.Length{vg.Points(2), vg.Points(2)}, false)
	pl.Add(plotter.NewGrid())
	return render.Chart{Stem: stem, Title: title, Plot: pl}, drawn
}

// mechanismColor is the colour of the implementation whose stream is
// built on the mechanism (its recorded stream floor), grey if none is.
func (m *model) mechanismColor(name string) color.Color {
	for _, im := range m.impls {
		if im.StreamFloor == name {
			return m.implColor(im.Name)
		}
	}
	return color.Gray{Y: 0x60}
}

// pipelineFindings are the page's findings, which the Findings page lists
// too: whether crossing threads pays and from how much work, where one
// core overlaps the two sides by itself, and which rows are slower than
// serial and why, read at the headline run only — at GOMAXPROCS=1 no row
// can overlap, so every handoff's own cost shows there without a cause to
// name. The why of each row is the page's table (slowerTable).
func (m *model) pipelineFindings() []string {
	run, ok := m.pipelineHeadline()
	if !ok {
		return nil
	}
	var out []string
	for _, f := range []func(pipelineRun) string{m.breakEvenFinding, m.oneCoreFinding, m.slowerFinding} {
		if s := f(run); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// oneCoreFinding: the levels with work on both sides at which serial is
// not shown slower than the overlap limit — where one core overlaps the
// two sides' work by itself, and a second thread has nothing to gain.
func (m *model) oneCoreFinding(run pipelineRun) string {
	var at []string
	for _, l := range m.pipelineLevels(run) {
		if l.producer <= 0 || l.handler <= 0 {
			continue
		}
		s, okS := m.pipelineKey(matrix.Serial, run, l)
		lim, okL := m.pipelineKey(matrix.OverlapLimit, run, l)
		if !okS || !okL {
			continue
		}
		r, ok := m.ratio(lim, s, ns)
		if !ok || r.Ratio > 1 && significant(r) {
			continue
		}
		at = append(at, fmt.Sprintf("%s, serial %s against the limit's %s, %s (%s)", l.label(), fmtNS(m.set.Center(s, ns)), fmtNS(m.set.Center(lim, ns)), fmtRatioCI(r), fmtP(r.P)))
	}
	if len(at) == 0 {
		return ""
	}
	return fmt.Sprintf("Where does one core overlap the two sides by itself? In the Pipeline's %s, doing both works one after the other in one goroutine is not shown to cost more than the larger alone at %s. The two sides' chains of arithmetic do not depend on each other, so the core runs them at once within one thread (out-of-order execution): a second thread has nothing to gain there, and a handoff that stays on the producer's thread can reach the limit. What would change it: work that fills the core's window, or depends on the item it is handed.",
		run, strings.Join(at, "; "))
}
