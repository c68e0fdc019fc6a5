package report

import (
	"cmp"
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
	"github.com/handoffbench/handoff/resultfmt"
	"github.com/handoffbench/handoff/stats"
)

// The "When crossing threads pays" page: a stream with work on both sides
// (the Pipeline benchmark), where a handoff that crosses threads can run
// the producer's work and the handler's at once and one that stays on the
// producer's thread cannot, read against two floors measured in the same
// run — both works one after the other (serial), and the larger alone (the
// overlap limit) — and the work a side from which crossing threads pays.

const pipelinePage = "When crossing threads pays"

// A workLevel is one level of the Pipeline's work, in nominal ns per item:
// the producer's before each Put and the handler's on each item.
type workLevel struct{ producer, handler int }

// even says whether both sides work alike: the levels the break-even is
// read along.
func (l workLevel) even() bool { return l.producer == l.handler }

// side is the work a side of an even level, as a place on a log axis:
// 0 for an uneven level or one no log axis can hold.
func (l workLevel) side() float64 {
	if !l.even() || l.producer <= 0 {
		return 0
	}
	return float64(l.producer)
}

// label names a level as the pages do: "250 ns a side", "25 ns producer,
// 250 ns handler", "no work". The work is nominal: a chain of dependent
// arithmetic calibrated to take about that long.
func (l workLevel) label() string {
	switch {
	case l.producer == 0 && l.handler == 0:
		return "no work"
	case l.even():
		return shortNS(float64(l.producer)) + " a side"
	}
	return fmt.Sprintf("%s producer, %s handler", shortNS(float64(l.producer)), shortNS(float64(l.handler)))
}

// A pipelineRun is a GOMAXPROCS and a capacity the Pipeline's rows ran at.
type pipelineRun struct{ procs, capacity int }

func (r pipelineRun) String() string {
	return fmt.Sprintf("stream, cap %d, GOMAXPROCS=%d", r.capacity, r.procs)
}

// pipelineFloor says whether name is one of the Pipeline's floors, which
// have no capacity: no Conn, so no stream.
func pipelineFloor(name string) bool { return slices.Contains(matrix.PipelineFloors, name) }

// pipelineRuns are the GOMAXPROCS × capacity the file has Pipeline rows
// at, the largest GOMAXPROCS first and within it the largest capacity: the
// first is the page's headline.
func (m *model) pipelineRuns() []pipelineRun {
	var out []pipelineRun
	for _, k := range m.set.Find(stats.Key{Bench: matrix.Pipeline}) {
		if _, ok := resultfmt.Find(m.impls, k.Impl); !ok || pipelineFloor(k.Impl) {
			continue
		}
		if r := (pipelineRun{k.Procs, k.Cap}); !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b pipelineRun) int {
		return cmp.Or(cmp.Compare(b.procs, a.procs), cmp.Compare(b.capacity, a.capacity))
	})
	return out
}

// pipelineHeadline is the run page 1 and the findings read: the largest
// GOMAXPROCS the Pipeline ran at (pipelineRunAt).
func (m *model) pipelineHeadline() (pipelineRun, bool) {
	runs := m.pipelineRuns()
	if len(runs) == 0 {
		return pipelineRun{}, false
	}
	return m.pipelineRunAt(runs[0].procs)
}

// pipelineRunAt is the run read at procs: capacity 256 if the Pipeline
// ran there, else its largest capacity at procs.
func (m *model) pipelineRunAt(procs int) (pipelineRun, bool) {
	var at []pipelineRun
	for _, r := range m.pipelineRuns() {
		if r.procs == procs {
			at = append(at, r)
		}
	}
	if len(at) == 0 {
		return pipelineRun{}, false
	}
	for _, r := range at {
		if r.capacity == 256 {
			return r, true
		}
	}
	return at[0], true
}

// pipelineKey is name's Pipeline benchmark at a level of a run; a floor's
// has no capacity.
func (m *model) pipelineKey(name string, run pipelineRun, l workLevel) (stats.Key, bool) {
	c := run.capacity
	if pipelineFloor(name) {
		c = 0
	}
	return m.set.Lookup(stats.Key{Bench: matrix.Pipeline, Impl: name, Cap: c, PWork: l.producer, Work: l.handler, Procs: run.procs})
}

// pipelineLevels are the levels measured in a run, by its rows or its
// floors: no work first, then the even levels by their work, then the
// uneven ones.
func (m *model) pipelineLevels(run pipelineRun) []workLevel {
	var out []workLevel
	for _, k := range m.set.Find(stats.Key{Bench: matrix.Pipeline, Procs: run.procs}) {
		if k.Cap != run.capacity && !(pipelineFloor(k.Impl) && k.Cap == 0) {
			continue
		}
		if l := (workLevel{k.PWork, k.Work}); !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	sortLevels(out)
	return out
}

// sortLevels orders levels as the pages show them: no work first, then
// the even levels by their work, then the uneven ones.
func sortLevels(ls []workLevel) {
	rank := func(l workLevel) int {
		switch {
		case l.producer == 0 && l.handler == 0:
			return 0
		case l.even():
			return 1
		}
		return 2
	}
	slices.SortFunc(ls, func(a, b workLevel) int {
		return cmp.Or(cmp.Compare(rank(a), rank(b)), cmp.Compare(a.producer, b.producer), cmp.Compare(a.handler, b.handler))
	})
}

// pipelineRows are the implementations measured in a run, in the page's
// order.
func (m *model) pipelineRows(run pipelineRun) []resultfmt.Row {
	var out []resultfmt.Row
	for _, im := range m.impls {
		if slices.ContainsFunc(m.runKeys(run), func(k stats.Key) bool { return k.Impl == im.Name }) {
			out = append(out, im)
		}
	}
	return out
}

// runKeys are the Pipeline benchmarks of a run that stream at its
// capacity: its rows and the mechanisms it ran as rows, not its floors.
func (m *model) runKeys(run pipelineRun) []stats.Key {
	var out []stats.Key
	for _, k := range m.set.Find(stats.Key{Bench: matrix.Pipeline, Procs: run.procs}) {
		if k.Cap == run.capacity && !pipelineFloor(k.Impl) {
			out = append(out, k)
		}
	}
	return out
}

// pipelineMechanisms are the rows of a run that are neither
// implementations nor its floors, in the file's order: the raw stream
// mechanisms under some implementations (a buffered channel, a spinning
// ring; matrix.PipelineMechanisms), run as rows so that a row far from
// the overlap limit can be told from its mechanism.
func (m *model) pipelineMechanisms(run pipelineRun) []string {
	var out []string
	for _, k := range m.runKeys(run) {
		if _, ok := resultfmt.Find(m.impls, k.Impl); !ok && !slices.Contains(out, k.Impl) {
			out = append(out, k.Impl)
		}
	}
	return out
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

// A levelRatio is, at one even level, the best row that crosses threads
// against the best that stays on the producer's thread: the work a side
// in ns, and cross/in-thread paired round by round with its 95% interval
// (lo and hi NaN where the file records no rounds).
type levelRatio struct {
	work          float64
	ratio, lo, hi float64
}

// Where an edge falls on the measured grid of levels.
const (
	edgeNone   = iota // no level to read
	edgeBelow         // at or below the least work measured
	edgeInside        // between two measured levels
	edgeAbove         // above the most work measured
)

// An edge is where a series of ratios falls to 1 or below for good: at
// (the interpolated work) inside the grid, or the grid's end it lies past.
type edge struct {
	where int
	at    float64
}

// crossing is where rs, the ratios at the works ws, falls to 1 or below
// and stays there at every larger work measured: after the last level
// whose ratio is above 1, interpolated to that level's right-hand
// neighbour linearly in (ln w, ln ratio), so on a log axis. A point
// without a finite positive work and ratio is left out, as if that level
// were not measured, and the next two measured levels are neighbours.
func crossing(ws, rs []float64) edge {
	type pt struct{ w, r float64 }
	var ps []pt
	usable := func(v float64) bool { return v > 0 && !math.IsInf(v, 0) } // NaN fails v > 0
	for i := range ws {
		if usable(ws[i]) && usable(rs[i]) {
			ps = append(ps, pt{ws[i], rs[i]})
		}
	}
	if len(ps) == 0 {
		return edge{}
	}
	slices.SortFunc(ps, func(a, b pt) int { return cmp.Compare(a.w, b.w) })
	last := -1
	for i, p := range ps {
		if p.r > 1 {
			last = i
		}
	}
	switch {
	case last < 0:
		return edge{edgeBelow, ps[0].w}
	case last == len(ps)-1:
		return edge{edgeAbove, ps[last].w}
	}
	a, b := ps[last], ps[last+1]
	la, lb := math.Log(a.r), math.Log(b.r)
	t := la / (la - lb) // la > 0 ≥ lb: in (0, 1]
	return edge{edgeInside, math.Exp(math.Log(a.w) + t*(math.Log(b.w)-math.Log(a.w)))}
}

// A breakEven is the work a side from which crossing threads pays, and
// its 95% interval: where the ratio, and the ends of its interval, cross
// 1 (crossing). The interval's high end crosses 1 at more work than the
// ratio does, which is the break-even's upper bound; its low end at less,
// the lower bound.
type breakEven struct {
	est, lo, hi edge
	// never: the row that crosses threads was dearer at every level read.
	never bool
}

// breakEvenOf reads the break-even from the ratios at each even level;
// lo and hi are edgeNone where no level has an interval.
func breakEvenOf(pts []levelRatio) breakEven {
	ws := make([]float64, len(pts))
	rs, los, his := make([]float64, len(pts)), make([]float64, len(pts)), make([]float64, len(pts))
	never, read := true, false
	for i, p := range pts {
		ws[i], rs[i], los[i], his[i] = p.work, p.ratio, p.lo, p.hi
		if p.work > 0 && p.ratio > 0 && !math.IsInf(p.work, 0) && !math.IsInf(p.ratio, 0) {
			read = true
			never = never && p.ratio > 1
		}
	}
	return breakEven{est: crossing(ws, rs), lo: crossing(ws, los), hi: crossing(ws, his), never: never && read}
}

// interval says whether the break-even has both bounds.
func (b breakEven) interval() bool { return b.lo.where != edgeNone && b.hi.where != edgeNone }

// fmtWork writes an interpolated work in two significant digits: the
// interpolation gives no more.
func fmtWork(v float64) string {
	if v <= 0 || math.IsInf(v, 0) || math.IsNaN(v) {
		return fmtNS(v)
	}
	p := math.Pow(10, math.Floor(math.Log10(v))-1)
	return fmtNS(math.Round(v/p) * p)
}

// bound is one end of the interval: the work, or the end of the grid it
// lies at or past (the PDF's cp1252 has no ≤ or ≥).
func (e edge) bound() string {
	switch e.where {
	case edgeBelow:
		return fmtWork(e.at) + " or less"
	case edgeAbove:
		return fmtWork(e.at) + " or more"
	}
	return fmtWork(e.at)
}

// bounds is the interval as "[62 ns, 120 ns]", as "[2.5 µs or more]"
// where both ends lie past the same end of the grid, or "" without one.
func (b breakEven) bounds() string {
	if !b.interval() {
		return ""
	}
	if b.lo == b.hi && b.lo.where != edgeInside { // both past one end: one open bound
		return fmt.Sprintf(" [%s]", b.lo.bound())
	}
	return fmt.Sprintf(" [%s, %s]", b.lo.bound(), b.hi.bound())
}

// claim says from how much work crossing threads pays, with the interval:
// "from about 85 ns of work a side [62 ns, 120 ns]"; "" with no level read.
func (b breakEven) claim() string {
	switch b.est.where {
	case edgeInside:
		return fmt.Sprintf("from about %s of work a side%s", fmtWork(b.est.at), b.bounds())
	case edgeBelow:
		return fmt.Sprintf("already at the least work measured, %s a side, so from below it%s", fmtWork(b.est.at), b.bounds())
	case edgeAbove:
		if b.never {
			return fmt.Sprintf("at no level measured, up to %s a side: cross-thread rows never win here%s", fmtWork(b.est.at), b.bounds())
		}
		return fmt.Sprintf("only above %s of work a side, the most measured, where it still loses%s", fmtWork(b.est.at), b.bounds())
	}
	return ""
}

// bestOf is the key with the lowest median ns/op among ims at a level.
func (m *model) bestOf(ims []resultfmt.Row, run pipelineRun, l workLevel) (stats.Key, bool) {
	var best stats.Key
	found := false
	for _, im := range ims {
		k, ok := m.pipelineKey(im.Name, run, l)
		if !ok || !m.set.Has(k, ns) {
			continue
		}
		if !found || m.set.Center(k, ns) < m.set.Center(best, ns) {
			best, found = k, true
		}
	}
	return best, found
}

// sides are a run's rows that cross threads and those that stay on the
// producer's thread; a row whose traits are not recorded is on neither.
func (m *model) sides(run pipelineRun) (cross, in []resultfmt.Row) {
	for _, im := range m.pipelineRows(run) {
		switch {
		case im.Traits == nil:
		case im.CrossesThreads():
			cross = append(cross, im)
		default:
			in = append(in, im)
		}
	}
	return cross, in
}

// A levelBest is the best row of each kind at one even level, and the
// ratio of the one that crosses threads to the one that does not.
type levelBest struct {
	level     workLevel
	cross, in stats.Key
	r         stats.Ratio
}

// levelBests are, at each even level with work, the best row of each kind
// and their ratio, where both kinds were measured.
func (m *model) levelBests(run pipelineRun) []levelBest {
	cross, in := m.sides(run)
	var out []levelBest
	for _, l := range m.pipelineLevels(run) {
		if l.side() == 0 {
			continue
		}
		c, okC := m.bestOf(cross, run, l)
		i, okI := m.bestOf(in, run, l)
		if !okC || !okI {
			continue
		}
		if r, ok := m.set.Ratio(i, c, ns); ok {
			out = append(out, levelBest{l, c, i, r})
		}
	}
	return out
}

// breakEven is the run's break-even, false where no even level has both
// kinds of row.
func (m *model) breakEven(run pipelineRun) (breakEven, []levelBest, bool) {
	bests := m.levelBests(run)
	pts := make([]levelRatio, len(bests))
	for i, b := range bests {
		pts[i] = levelRatio{b.level.side(), b.r.Ratio, b.r.Lo, b.r.Hi}
	}
	be := breakEvenOf(pts)
	return be, bests, be.est.where != edgeNone
}

// breakEvenSentence is page 1's sentence on the break-even, at the
// headline run; "" without one.
func (m *model) breakEvenSentence() string {
	run, ok := m.pipelineHeadline()
	if !ok {
		return ""
	}
	be, _, ok := m.breakEven(run)
	if !ok {
		return ""
	}
	how := fmt.Sprintf("(the best row of each kind, the Pipeline's %s, paired round by round, interpolated between measured levels on a log axis: the page %q)", run, pipelinePage)
	switch be.est.where {
	case edgeInside:
		return fmt.Sprintf("Crossing threads pays from about %s of work a side%s on this machine: below it a handoff that stays on the producer's thread wins %s.", fmtWork(be.est.at), be.bounds(), how)
	case edgeBelow:
		return fmt.Sprintf("Crossing threads pays on this machine already at the least work measured, %s a side%s: a handoff that stays on the producer's thread wins only below it, if at all %s.", fmtWork(be.est.at), be.bounds(), how)
	}
	return fmt.Sprintf("Crossing threads does not pay on this machine at any level up to %s of work a side%s: a handoff that stays on the producer's thread wins there %s.", fmtWork(be.est.at), be.bounds(), how)
}

func (m *model) pipelinePage() render.Page {
	runs := m.pipelineRuns()
	if len(runs) == 0 {
		m.note(pipelinePage, "no Pipeline results: a file from before the Pipeline benchmark, or a selection without it")
		return render.Page{Title: pipelinePage, Chartless: true}
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
	p := m.chartPage(pipelinePage, intro, mcs...)
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

// slowerThanSerial is k's paired ratio to serial at the same level, and
// whether it shows k slower: its interval above 1 (the medians apart where
// the file records no rounds) and p ≤ alpha.
func (m *model) slowerThanSerial(k stats.Key, run pipelineRun, l workLevel) (stats.Ratio, bool) {
	s, ok := m.pipelineKey(matrix.Serial, run, l)
	if !ok {
		return stats.Ratio{}, false
	}
	r, ok := m.set.Ratio(s, k, ns)
	return r, ok && r.Ratio > 1 && significant(r)
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
				if r, ok := m.set.Ratio(lim, k, ns); ok {
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
		r, ok := m.set.Ratio(lim, k, ns)
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
				m.note(pipelinePage, "%s's point at %s is left out of the chart %q: a log axis has no place for a value at or below zero", name, l.label(), title)
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

// pipelineWorkCPU is the work's own CPU per item at a level of k's run:
// serial's cpu-ns/op, 0 where it was not measured.
func (m *model) pipelineWorkCPU(k stats.Key, l workLevel) float64 {
	s, ok := m.pipelineKey(matrix.Serial, pipelineRun{k.Procs, k.Cap}, l)
	if !ok {
		return 0
	}
	return m.set.Center(s, "cpu-ns/op")
}

// breakEvenFinding: from how much work crossing threads pays in the
// headline run, the best of each kind at each level with their ratio, and
// the break-even of every other run in a clause each.
func (m *model) breakEvenFinding(run pipelineRun) string {
	be, bests, ok := m.breakEven(run)
	if !ok {
		return ""
	}
	var parts []string
	for _, b := range bests {
		parts = append(parts, fmt.Sprintf("at %s, %s %s against %s %s, %s (%s)", b.level.label(),
			b.cross.Impl, fmtNS(m.set.Center(b.cross, ns)), b.in.Impl, fmtNS(m.set.Center(b.in, ns)), fmtRatioCI(b.r), fmtP(b.r.P)))
	}
	s := fmt.Sprintf("Does crossing threads pay, and from how much work? In the Pipeline's %s, it pays %s, interpolated between measured levels on a log axis. The best row that crosses threads against the best that stays on the producer's thread, by median, their ratio paired round by round: %s.",
		run, be.claim(), strings.Join(parts, "; "))
	var others []string
	for _, r := range m.pipelineRuns() {
		if r == run {
			continue
		}
		if o, _, ok := m.breakEven(r); ok {
			others = append(others, fmt.Sprintf("%s: %s", r, o.claim()))
		}
	}
	if len(others) > 0 {
		s += " Elsewhere: " + strings.Join(others, "; ") + "."
	}
	return s + " What would change it: a machine whose cores wake each other faster or slower; work that is not a dependent chain, which one core overlaps by itself; a busy machine, where the second core is not spare."
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
		r, ok := m.set.Ratio(lim, s, ns)
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

// A slower is a row shown slower than serial at some level of a run: each
// such level with the row's ratio to serial, and why at the one with the
// most work.
type slower struct {
	im    resultfmt.Row
	where []string // "25 ns a side, 2.65× [2.56×, 2.76×]"
	worst workLevel
	key   stats.Key // the row at worst
	why   why
}

// slowers are a run's rows shown slower than serial at some level.
func (m *model) slowers(run pipelineRun) []slower {
	var out []slower
	for _, im := range m.pipelineRows(run) {
		sl := slower{im: im}
		found := false
		for _, l := range m.pipelineLevels(run) {
			k, ok := m.pipelineKey(im.Name, run, l)
			if !ok {
				continue
			}
			r, isSlower := m.slowerThanSerial(k, run, l)
			if !isSlower {
				continue
			}
			sl.where = append(sl.where, fmt.Sprintf("%s, %s", l.label(), fmtRatioCI(r)))
			if !found || l.producer+l.handler >= sl.worst.producer+sl.worst.handler {
				sl.worst, sl.key, found = l, k, true
			}
		}
		if found {
			sl.why = m.pipelineWhy(sl.key, run, sl.worst)
			out = append(out, sl)
		}
	}
	return out
}

// slowerFinding: which rows are slower than serial, grouped by what the
// numbers point to; the page's table gives each row's numbers.
func (m *model) slowerFinding(run pipelineRun) string {
	sls := m.slowers(run)
	if len(sls) == 0 {
		return ""
	}
	var causes []string
	byCause := map[string][]string{}
	for _, sl := range sls {
		c := sl.why.cause
		if c == "" {
			c = "no unit that stands out"
		}
		if _, seen := byCause[c]; !seen {
			causes = append(causes, c)
		}
		byCause[c] = append(byCause[c], fmt.Sprintf("%s (at %s)", sl.im.Name, sl.worst.label()))
	}
	var parts []string
	for _, c := range causes {
		parts = append(parts, fmt.Sprintf("%s: %s", c, strings.Join(byCause[c], ", ")))
	}
	return fmt.Sprintf("Which rows are slower than doing both works one after the other in one goroutine, and why? In the Pipeline's %s, %d of %d rows at some level (the table %q gives each level and the numbers). Read at the level with the most work where each is slower, the numbers point to %s. What would change it: more work a side, which every row that crosses threads overlaps better; another machine's cost of waking a core.",
		run, len(sls), len(m.pipelineRows(run)), slowerTitle(run), strings.Join(parts, "; "))
}

func slowerTitle(run pipelineRun) string {
	return fmt.Sprintf("Slower than serial, and why: %s", run)
}

// slowerTable: for each row slower than serial, the levels where it is,
// and at the one with the most work the units that say why, set against
// the work's own CPU and a perfect overlap's, and the row against its raw
// mechanism where the run measured one.
func (m *model) slowerTable(run pipelineRun) (render.Table, bool) {
	sls := m.slowers(run)
	t := render.Table{
		Title:  slowerTitle(run),
		Header: []string{"row", "slower than serial at (× serial, paired)", "at", "lock waits", "wake-ups", "thread sleeps", "threads busy (a perfect overlap's)", "the numbers point to", "× its raw mechanism"},
		Right:  []bool{false, false, false, true, true, true, true, false, false},
	}
	for _, sl := range sls {
		w := sl.why
		mech := "–"
		if r, f, ok := m.againstMechanism(sl.im, sl.key, run, sl.worst); ok {
			mech = fmt.Sprintf("%s: %s (%s)", f, fmtRatioCI(r), fmtP(r.P))
		}
		t.Rows = append(t.Rows, []string{sl.im.Name, strings.Join(sl.where, "; "), sl.worst.label(),
			w.perItem(w.lockNS, fmtNS), w.perItem(w.wakeups, fmtUnits), w.perItem(w.sleeps, fmtUnits),
			fmt.Sprintf("%s (%s)", fmtThreads(w.busy), fmtThreads(w.ideal)), causeCell(w), mech})
	}
	return t, len(t.Rows) > 0
}

// causeCell is a why's cause and its measure, or a dash.
func causeCell(w why) string {
	switch {
	case w.cause == "":
		return "–"
	case w.detail == "":
		return w.cause
	}
	return w.cause + ": " + w.detail
}

// againstMechanism is row k's paired ratio to the raw mechanism its
// stream is built on, where the run measured it at the level, and the
// mechanism's name: whether the row is as far from the limit as the
// mechanism alone, or what its own code adds.
func (m *model) againstMechanism(im resultfmt.Row, k stats.Key, run pipelineRun, l workLevel) (stats.Ratio, string, bool) {
	if im.StreamFloor == "" {
		return stats.Ratio{}, "", false
	}
	f, ok := m.pipelineKey(im.StreamFloor, run, l)
	if !ok {
		return stats.Ratio{}, "", false
	}
	r, ok := m.set.Ratio(f, k, ns)
	return r, im.StreamFloor, ok
}

// A why is what the units say of a row at a level: lock waits, wake-ups
// and threads put to sleep per item (NaN where not measured), the threads
// it kept busy (CPU over wall) against a perfect overlap's, the cause the
// numbers point to, in a few words that rows share, and its measure.
type why struct {
	lockNS, wakeups, sleeps float64
	busy, ideal             float64
	cause, detail           string
}

// perItem formats a per-item count, a dash where it was not measured.
func (w why) perItem(v float64, f func(float64) string) string {
	if math.IsNaN(v) {
		return "–"
	}
	return f(v)
}

// Causes a why can name.
const (
	causeLock     = "lock contention"
	causeWake     = "a wake-up about once an item"
	causeSleep    = "a thread put to sleep about once an item"
	causeTurns    = "turn-taking, one thread busy at a time"
	causeBusyWait = "a thread busy waiting, not parked"
	causeOwnWork  = "the handoff's own work, handing over and waiting"
	causeOwnCost  = "the handoff's own cost on the side that limits"
)

// pipelineWhy reads why row k falls short at a level from the units the
// file measured there, set against the two floors: serial's CPU is the
// work's own, and serial's CPU over the overlap limit's wall time is how
// many threads a perfect overlap keeps busy. The cause is the first of
// these the numbers show: lock waits of 5% of the wall time or more; a
// wake-up, or a thread put to sleep, about once an item; about one thread
// busy at a time where a perfect overlap keeps more busy; CPU a quarter
// above the work's own with half a thread more busy than a perfect
// overlap keeps (a waiter that does not park); CPU a quarter above the
// work's own; else the handoff's own cost per item.
func (m *model) pipelineWhy(k stats.Key, run pipelineRun, l workLevel) why {
	w := why{lockNS: math.NaN(), wakeups: math.NaN(), sleeps: math.NaN(), busy: math.NaN(), ideal: math.NaN()}
	wall := m.set.Center(k, ns)
	if !(wall > 0) {
		return w
	}
	serial, serialOK := m.pipelineKey(matrix.Serial, run, l)
	limit, limitOK := m.pipelineKey(matrix.OverlapLimit, run, l)
	if mw, ok := m.set.Summary(k, "mutex-wait-ns/op"); ok {
		w.lockNS = mw.Center
		if mw.Center >= 0.05*wall && mw.Center >= 1 {
			w.cause, w.detail = causeLock, fmt.Sprintf("%s of the wall time blocked on a lock the other side holds (the runtime's own locks, a channel's among them, count)", fmtShareOf(mw.Center, wall))
		}
	}
	if wk, ok := m.set.Summary(k, "wakeups/op"); ok {
		w.wakeups = wk.Center
		if wk.Center >= 0.5 && w.cause == "" {
			w.cause, w.detail = causeWake, fmt.Sprintf("%s wake-ups an item, which the work does not hide", fmtUnits(wk.Center))
		}
	}
	if ts, ok := m.set.Summary(k, "thread-sleeps/op"); ok {
		w.sleeps = ts.Center
		if ts.Center >= 0.5 && w.cause == "" {
			w.cause, w.detail = causeSleep, fmt.Sprintf("%s thread sleeps an item, each a wake-up across cores", fmtUnits(ts.Center))
		}
	}
	if c, ok := m.set.Summary(k, "cpu-ns/op"); ok {
		w.busy = c.Center / wall
		own := math.NaN()
		if serialOK && m.set.Has(serial, "cpu-ns/op") {
			own = m.set.Center(serial, "cpu-ns/op")
			if limitOK && m.set.Center(limit, ns) > 0 {
				w.ideal = own / m.set.Center(limit, ns)
			}
		}
		beyond := fmt.Sprintf("%s of CPU an item beyond the work's", fmtNS(c.Center-own))
		switch {
		case w.cause != "":
		case w.busy < 1.25 && w.ideal >= 1.5:
			w.cause, w.detail = causeTurns, "the two sides' work did not overlap"
		case own > 0 && c.Center > 1.25*own && w.busy >= w.ideal+0.5:
			w.cause, w.detail = causeBusyWait, beyond+", spinning or yielding"
		case own > 0 && c.Center > 1.25*own:
			w.cause, w.detail = causeOwnWork, beyond
		}
	}
	if w.cause == "" && limitOK {
		w.cause, w.detail = causeOwnCost, fmt.Sprintf("%s an item over the overlap limit", fmtNS(wall-m.set.Center(limit, ns)))
	}
	return w
}

// fmtThreads is an average number of busy threads.
func fmtThreads(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	return fmt.Sprintf("%.1f", v)
}

// fmtShareOf is a as a percentage of b.
func fmtShareOf(a, b float64) string {
	if !(b > 0) {
		return "–"
	}
	return fmt.Sprintf("%.0f%%", 100*a/b)
}
