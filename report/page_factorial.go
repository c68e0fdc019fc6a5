package report

import (
	"cmp"
	"fmt"
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

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

// factorialTitle is the first of the locked vs lock-free pages: the rows
// that cross threads in a grid of how they synchronise and how they wait.
const factorialTitle = "Locked vs lock-free: synchronisation × waiting"

// factorialPage draws, at the largest GOMAXPROCS, the wall and CPU time per
// op of every row that crosses threads, in the grid's order, beside the
// table of both classes; where the file does not say which rows those are,
// a page without charts that says so.
func (m *model) factorialPage() render.Page {
	if m.unclassified() {
		m.note(factorialTitle, "which implementations hand over to another goroutine, and how each synchronises and waits, is %s in this file", notRecorded)
		return render.Page{Title: factorialTitle, Chartless: true}
	}
	p := m.chartPage(factorialTitle,
		"Two questions, asked apart. How the two sides synchronise: a mutex, a channel, or atomics alone. How a side that must wait does so: park at once, spin a little and park, or spin while the Conn is busy and park after 50 µs idle. A pair of rows that differs in one of these only answers one question. The dashed line is the machine's own limit: two goroutines that never park, spinning on their own cache lines. Third-party queues (marked) show what a Go user would pick instead.",
		want(m.factorialChart("roundtrip", 0)), want(m.factorialChart("stream", 256)))
	p.Tables = []render.Table{m.factorialTable()}
	return p
}

// unclassified says whether the file leaves the locked vs lock-free pages
// nothing to compare: no row is known to cross threads, and some rows'
// traits are not recorded.
func (m *model) unclassified() bool { return len(m.factorial()) == 0 && m.untraited() }

// The axes in the order the table and charts show them.
var (
	syncOrder = []string{resultfmt.SyncMutex, resultfmt.SyncChannel, resultfmt.SyncAtomic}
	waitOrder = []string{resultfmt.WaitPark, resultfmt.WaitSpinThenPark, resultfmt.WaitSpin, resultfmt.WaitAdaptive, resultfmt.WaitYield}
)

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
		for _, fm := range twoExchanges {
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
	for _, fm := range twoExchanges {
		k, ok := m.limit(fm.mode, fm.capacity, p)
		row = append(row, cell(k, ok, ns), cell(k, ok, "cpu-ns/op"))
	}
	t.Rows = append(t.Rows, append(row, "–"))
	return t
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
	m.missing(factorialTitle, lacking, modeLabel(mode, capacity), p)
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
