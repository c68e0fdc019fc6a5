package report

import (
	"cmp"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/handoffbench/handoff/report/internal/plotters"
	"github.com/handoffbench/handoff/report/internal/render"
	"github.com/handoffbench/handoff/resultfmt"
	"github.com/handoffbench/handoff/stats"
)

// The locked vs lock-free pages ask two questions apart: how the sides
// synchronise (a mutex, a channel, atomics alone) and how a waiting side
// waits (park, spin then park, spin). The results file classifies every
// row on both axes; a pair of rows that differs on one axis only answers one
// question. The machine's own limit, two goroutines spinning on cache
// lines (the atomic-spin floors), is drawn beside them.

const (
	factorialPage = "Locked vs lock-free: synchronisation × waiting"
	spinningPage  = "Locked vs lock-free: what spinning costs, and answers"
)

// The axes in the order the table and charts show them.
var (
	syncOrder = []string{resultfmt.SyncMutex, resultfmt.SyncChannel, resultfmt.SyncAtomic}
	waitOrder = []string{resultfmt.WaitPark, resultfmt.WaitSpinThenPark, resultfmt.WaitSpin, resultfmt.WaitAdaptive, resultfmt.WaitYield}
)

// The limit floors of each exchange the pages draw.
var limitFloor = map[string]string{"roundtrip": "atomic-spin-pingpong", "stream": "atomic-spin-stream"}

// factorialModes: a roundtrip, and a stream with room to batch.
var factorialModes = []struct {
	mode     string
	capacity int
}{{"roundtrip", 0}, {"stream", 256}}

// factorial are the implementations that cross threads, ordered by their
// synchronisation, then their waiting, then the file's order.
func (m *model) factorial() []resultfmt.Row {
	ims := slices.Clone(m.crossing())
	rank := func(order []string, v string) int {
		if i := slices.Index(order, v); i >= 0 {
			return i
		}
		return len(order)
	}
	slices.SortStableFunc(ims, func(a, b resultfmt.Row) int {
		return cmp.Or(cmp.Compare(rank(syncOrder, a.Sync), rank(syncOrder, b.Sync)), cmp.Compare(rank(waitOrder, a.Wait), rank(waitOrder, b.Wait)))
	})
	return ims
}

// limit is the limit floor of a mode at procs, if measured.
func (m *model) limit(mode string, capacity, procs int) (stats.Key, bool) {
	return m.set.Lookup(stats.Key{Bench: "Floor", Impl: limitFloor[mode], Mode: mode, Cap: capacity, Payload: payload, Procs: procs})
}

// idleKey is the Idle benchmark of impl at procs.
func (m *model) idleKey(impl string, procs int) (stats.Key, bool) {
	ks := m.set.Find(stats.Key{Bench: "Idle", Impl: impl, Procs: procs})
	if len(ks) == 0 {
		return stats.Key{}, false
	}
	return ks[0], true
}

// factorialTable: one row per implementation, its two classes, wall and
// CPU time per op in both modes, and what it burns idle; the limit floors
// last.
func (m *model) factorialTable() render.Table {
	p := m.maxProcs()
	t := render.Table{
		Title:  fmt.Sprintf("GOMAXPROCS=%d: wall ns/op with its 95%% CI, CPU ns/op, and idle CPU as a share of one core", p),
		Header: []string{"implementation", "sync", "waiting", "roundtrip", "cpu", "stream, cap 256", "cpu", "idle cpu"},
		Right:  []bool{false, false, false, true, true, true, true, true},
	}
	cell := func(k stats.Key, ok bool, unit string) string {
		if !ok {
			return "–"
		}
		s, ok := m.set.Summary(k, unit)
		if !ok {
			return "–"
		}
		if unit == ns {
			return fmtSummary(s)
		}
		return fmtNS(s.Center)
	}
	for _, im := range m.factorial() {
		name := im.Name
		if im.ThirdParty() {
			name += " (3rd party)"
		}
		row := []string{name, cmp.Or(im.Sync, notRecorded), cmp.Or(im.Wait, notRecorded)}
		for _, fm := range factorialModes {
			k, ok := m.handoff(im.Name, fm.mode, fm.capacity, p)
			row = append(row, cell(k, ok, ns), cell(k, ok, "cpu-ns/op"))
		}
		row = append(row, "–")
		if k, ok := m.idleKey(im.Name, p); ok {
			row[len(row)-1] = fmtShare(m.set.Center(k, "idle-cpu-ns/s"))
		}
		t.Rows = append(t.Rows, row)
	}
	row := []string{"limit: spinning floors", "atomic", "spin"}
	for _, fm := range factorialModes {
		k, ok := m.limit(fm.mode, fm.capacity, p)
		row = append(row, cell(k, ok, ns), cell(k, ok, "cpu-ns/op"))
	}
	t.Rows = append(t.Rows, append(row, "–"))
	return t
}

// fmtShare writes CPU nanoseconds per second as a share of one core.
func fmtShare(nsPerS float64) string {
	pct := nsPerS / 1e7
	switch {
	case pct >= 10:
		return fmt.Sprintf("%.0f%%", pct)
	case pct >= 0.1:
		return fmt.Sprintf("%.1f%%", pct)
	}
	return fmt.Sprintf("%.2f%%", pct)
}

// factorialChart: wall and CPU time per op of every cross-thread row in one
// mode, in the grid's order, with the limit floor as a dashed line.
func (m *model) factorialChart(mode string, capacity int) (render.Chart, bool) {
	p := m.maxProcs()
	var cats []string
	wall, cpu := newSeries("wall ns/op", 0), newSeries("cpu-ns/op", 0)
	var lacking []string
	for _, im := range m.factorial() {
		k, ok := m.handoff(im.Name, mode, capacity, p)
		if !ok {
			lacking = append(lacking, im.Name)
			continue
		}
		w, _ := m.set.Summary(k, ns)
		c, cok := m.set.Summary(k, "cpu-ns/op")
		cats = append(cats, im.Name)
		wall.append(w, true)
		cpu.append(c, cok)
	}
	m.missing(factorialPage, lacking, modeLabel(mode, capacity), p)
	title := fmt.Sprintf("%s: wall and CPU ns per op, GOMAXPROCS=%d", modeLabel(mode, capacity), p)
	pl := groupedBars(title, "ns per op", cats, []*series{wall, cpu}, true)
	if f, ok := m.limit(mode, capacity, p); ok && len(cats) > 0 {
		v := m.set.Center(f, ns)
		line := plotter.NewFunction(func(float64) float64 { return v })
		line.Color = color.Black
		line.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		line.Width = vg.Points(1)
		pl.Add(line)
		pl.Legend.Add(fmt.Sprintf("limit: %s %s", f.Impl, fmtNS(v)), line)
		pl.Y.Min = math.Min(pl.Y.Min, v/1.5)
	}
	return render.Chart{Stem: "factorial-" + mode, Title: title, Plot: pl}, len(cats) > 0
}

// cpuWallScatter: CPU time against wall time per op for every cross-thread
// row, roundtrip (circles) and stream at capacity 256 (triangles), with the
// lines where one and two threads are busy throughout: above the second, a
// row burns more than both sides working would.
func (m *model) cpuWallScatter() (render.Chart, bool) {
	p := m.maxProcs()
	title := fmt.Sprintf("CPU vs wall ns/op, GOMAXPROCS=%d; circle roundtrip, triangle cap 256", p)
	pl := logLogNS(title, "wall ns per op (log scale)", "CPU ns per op (log scale)")
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, im := range m.factorial() {
		for i, fm := range factorialModes {
			k, ok := m.handoff(im.Name, fm.mode, fm.capacity, p)
			if !ok {
				continue
			}
			w, c := m.set.Center(k, ns), m.set.Center(k, "cpu-ns/op")
			if !plotters.Drawable(w, true) || !plotters.Drawable(c, true) {
				m.note(spinningPage, "%s's %s point (wall %s, CPU %s per op) is left out of the CPU-vs-wall chart: a log axis has no place for a value at or below zero", im.Name, modeLabel(fm.mode, fm.capacity), fmtNS(w), fmtNS(c))
				continue
			}
			lo, hi = math.Min(lo, math.Min(w, c)), math.Max(hi, math.Max(w, c))
			sc, _ := plotter.NewScatter(plotter.XYs{{X: w, Y: c}})
			sc.Color = m.implColor(im.Name)
			sc.Radius = vg.Points(4)
			sc.Shape = draw.CircleGlyph{}
			if i > 0 {
				sc.Shape = draw.TriangleGlyph{}
			}
			pl.Add(sc)
			if i == 0 {
				pl.Legend.Add(im.Name, sc)
			}
		}
	}
	if math.IsInf(lo, 1) {
		return render.Chart{Stem: "cpu-vs-wall", Title: title, Plot: pl}, false
	}
	for _, busy := range []float64{1, 2} {
		f := plotter.NewFunction(func(x float64) float64 { return busy * x })
		f.Dashes = []vg.Length{vg.Points(3), vg.Points(3)}
		f.Color = color.Gray{Y: 0x60}
		f.XMin, f.XMax = lo/2, hi*2
		pl.Add(f)
	}
	pl.X.Min, pl.X.Max = lo/2, hi*2
	pl.Y.Min, pl.Y.Max = lo/2, hi*4
	pl.Legend.Left, pl.Legend.Top = true, true
	pl.Add(plotter.NewGrid())
	return render.Chart{Stem: "cpu-vs-wall", Title: title, Plot: pl}, true
}

// idleChart: what an open Conn burns while nobody uses it, as a share of a
// core, once its idle period has passed.
func (m *model) idleChart() (render.Chart, bool) {
	p := m.maxProcs()
	var cats []string
	s := newSeries("idle CPU", 0)
	for _, im := range m.factorial() {
		k, ok := m.idleKey(im.Name, p)
		if !ok {
			continue
		}
		sum, _ := m.set.Summary(k, "idle-cpu-ns/s")
		// As a percentage of one core; the floor keeps a log axis drawable.
		for _, v := range []*float64{&sum.Center, &sum.Lo, &sum.Hi} {
			*v = math.Max(*v/1e7, 1e-3)
		}
		cats = append(cats, im.Name)
		s.append(sum, true)
	}
	title := fmt.Sprintf("%% of a core an idle Conn burns, GOMAXPROCS=%d", p)
	pl := groupedBars(title, "% of one core", cats, []*series{s}, true)
	pl.Y.Tick.Marker = plotters.Relabel{Ticker: pl.Y.Tick.Marker.(plotters.Relabel).Ticker, Format: func(v float64) string { return fmt.Sprintf("%g%%", v) }}
	return render.Chart{Stem: "idle-cpu", Title: title, Plot: pl}, len(cats) > 0
}

// implColor is an implementation's one colour, the same on every chart
// that colours by implementation: its place among the implementations the
// file describes, or without them among those with results.
func (m *model) implColor(name string) color.Color {
	all := resultfmt.OfKind(m.recorded, resultfmt.Implementation)
	if len(all) == 0 {
		all = m.impls
	}
	named := func(im resultfmt.Row) bool { return im.Name == name }
	if i := slices.IndexFunc(all, named); i >= 0 {
		return colorOf(i)
	}
	if i := slices.IndexFunc(m.impls, named); i >= 0 {
		return colorOf(len(all) + i)
	}
	return color.Black
}

// questionFindings answers the three questions of the pages from the run:
// each pair that differs on one axis only, as a ratio with its interval and
// p-value, and the best row against the machine's limit.
func (m *model) questionFindings() []string {
	p := m.maxProcs()
	var own []resultfmt.Row
	for _, im := range m.factorial() {
		if !im.ThirdParty() {
			own = append(own, im)
		}
	}
	// pairs: rows of ours alike in one class and different in the other.
	pairs := func(same func(resultfmt.Row) string, a, b func(resultfmt.Row) bool) [][2]resultfmt.Row {
		var out [][2]resultfmt.Row
		for _, x := range own {
			for _, y := range own {
				if a(x) && b(y) && same(x) == same(y) {
					out = append(out, [2]resultfmt.Row{x, y})
				}
			}
		}
		return out
	}
	byWait := func(im resultfmt.Row) string { return im.Wait }
	bySync := func(im resultfmt.Row) string { return im.Sync }
	isSync := func(s string) func(resultfmt.Row) bool { return func(im resultfmt.Row) bool { return im.Sync == s } }
	isWait := func(w string) func(resultfmt.Row) bool { return func(im resultfmt.Row) bool { return im.Wait == w } }

	answer := func(q string, ps [][2]resultfmt.Row, axis func(resultfmt.Row) string) string {
		var parts []string
		for _, pr := range ps {
			for _, fm := range factorialModes {
				a, aok := m.handoff(pr[0].Name, fm.mode, fm.capacity, p)
				b, bok := m.handoff(pr[1].Name, fm.mode, fm.capacity, p)
				if !aok || !bok {
					continue
				}
				if r, ok := m.set.Ratio(a, b, ns); ok {
					parts = append(parts, fmt.Sprintf("%s, %s: %s costs %s of %s (%s)", axis(pr[0]), modeLabel(fm.mode, fm.capacity), pr[1].Name, fmtRatioCI(r), pr[0].Name, fmtP(r.P)))
				}
			}
		}
		if len(parts) == 0 {
			return ""
		}
		return q + " " + strings.Join(parts, "; ") + "."
	}
	var out []string
	if s := answer("Does removing the lock help, with the same waiting? Atomics against a mutex:",
		pairs(byWait, isSync(resultfmt.SyncMutex), isSync(resultfmt.SyncAtomic)), byWait); s != "" {
		out = append(out, s)
	}
	if s := answer("Does spinning help, with the same synchronisation? Spinning while busy against parking at once:",
		pairs(bySync, isWait(resultfmt.WaitPark), isWait(resultfmt.WaitSpin)), bySync); s != "" {
		out = append(out, s)
	}
	var far []string
	for _, fm := range factorialModes {
		f, ok := m.limit(fm.mode, fm.capacity, p)
		if !ok {
			continue
		}
		var best stats.Key
		for _, im := range m.factorial() {
			if k, ok := m.handoff(im.Name, fm.mode, fm.capacity, p); ok && (best.Name == "" || m.set.Center(k, ns) < m.set.Center(best, ns)) {
				best = k
			}
		}
		if best.Name == "" {
			continue
		}
		if r, ok := m.set.Ratio(f, best, ns); ok {
			s := fmt.Sprintf("%s: the best, %s at %s, is %s the limit %s at %s (%s)", modeLabel(fm.mode, fm.capacity), best.Impl, fmtNS(m.set.Center(best, ns)), fmtRatioCI(r), f.Impl, fmtNS(m.set.Center(f, ns)), fmtP(r.P))
			if r.Hi < 1 || math.IsNaN(r.Hi) && r.Ratio < 1 {
				s += ", below a limit that is only one for two cores: a Conn that parks lets its two goroutines take turns on one P, where no cache line crosses between cores"
			}
			far = append(far, s)
		}
	}
	if len(far) > 0 {
		out = append(out, "How far from the machine's limit is the best Go handoff across threads? "+strings.Join(far, "; ")+".")
	}
	if len(out) > 0 {
		paired := "paired round by round (the Huber estimate of the log ratio, with a sign-flip interval and test)"
		if !m.set.RecordsRounds() {
			paired = "ratios of medians with benchstat's Mann–Whitney p-value; this file records no rounds, so no interval"
		}
		out = append(out, fmt.Sprintf("Method: GOMAXPROCS=%d, %s. Each p-value is of its own comparison, not corrected for the %d on this page; the limit floors move with the machine, so read them from this run only.", p, paired, strings.Count(strings.Join(out, " "), "(p")))
	}
	return out
}

// fmtRatioCI writes a ratio with its interval, if it has one.
func fmtRatioCI(r stats.Ratio) string {
	if math.IsNaN(r.Lo) || math.IsInf(r.Lo, 0) || math.IsInf(r.Hi, 0) {
		return fmtRatio(r.Ratio)
	}
	return fmt.Sprintf("%s [%s, %s]", fmtRatio(r.Ratio), fmtRatio(r.Lo), fmtRatio(r.Hi))
}

// factorialPages are the two locked vs lock-free pages of the two
// questions.
func (m *model) factorialPages() []render.Page {
	if len(m.factorial()) == 0 && m.untraited() {
		m.note(factorialPage, "which implementations hand over to another goroutine, and how each synchronises and waits, is %s in this file", notRecorded)
		return []render.Page{{Title: factorialPage, Chartless: true}}
	}
	grid := m.chartPage(factorialPage,
		"Two questions, asked apart. How the two sides synchronise: a mutex, a channel, or atomics alone. How a side that must wait does so: park at once, spin a little and park, or spin while the Conn is busy and park after 50 µs idle. A pair of rows that differs in one of these only answers one question. The dashed line is the machine's own limit: two goroutines that never park, spinning on their own cache lines. Third-party queues (marked) show what a Go user would pick instead.",
		want(m.factorialChart("roundtrip", 0)), want(m.factorialChart("stream", 256)))
	grid.Tables = []render.Table{m.factorialTable()}
	answers := m.chartPage(spinningPage,
		"Spinning is paid in CPU: above the 1× line more than one thread is busy per op, above 2× more than both sides working would need. An idle Conn should cost nothing once its idle period has passed.",
		want(m.cpuWallScatter()), want(m.idleChart()))
	answers.Intro = append(answers.Intro, m.questionFindings()...)
	return []render.Page{grid, answers}
}
