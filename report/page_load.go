package report

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/plot/vg"

	"github.com/handoffbench/handoff/bench/matrix"
	"github.com/handoffbench/handoff/report/internal/plotters"
	"github.com/handoffbench/handoff/report/internal/render"
	"github.com/handoffbench/handoff/resultfmt"
	"github.com/handoffbench/handoff/stats"
)

// The "Under load" page: the rows that cross threads, and three floors,
// with the cores kept busy (the Load benchmark), beside the same exchange
// on the idle machine in the same run.

const loadTitle = "Under load"

// loadPage: what the intro says of the loads, the charts of a roundtrip
// under each load and of the co-runners' loss, the page's two findings, and
// a table per mode; where the file has no Load results, a page without
// charts that says so.
func (m *model) loadPage() render.Page {
	procs, ok := m.loadProcs()
	if !ok {
		m.note(loadTitle, "no Load results: a file from before the Load benchmark, or a selection without it")
		return render.Page{Title: loadTitle, Chartless: true}
	}
	intro := fmt.Sprintf("Every other page measures an idle machine. Here the rows that hand over to another goroutine, and three floors, run at GOMAXPROCS=%d with the cores kept busy: under load=procs by %s, under load=host by %s. The idle column is the same exchange measured idle in the same run. Under load=procs the co-runners count chunks of work (2,000 dependent multiply-adds each), and the columns on the right give the chunks they did not do per handoff op against their rate alone, measured in the same process just before and after, and that loss as a share of their work; the CPU column there is the handoff's own, the process's CPU less the co-runners' chunks at their cost alone. A row whose rounds fall in two groups shows both.",
		procs, loadKinds[1].long, loadKinds[2].long)
	p := m.chartPage(loadTitle, intro, want(m.loadChart(procs)), want(m.corunnerChart(procs)))
	for _, f := range []func() string{m.spinLoadFinding, m.corunnerFinding} {
		if s := f(); s != "" {
			p.Intro = append(p.Intro, s)
		}
	}
	if t, ok := m.loadTable("roundtrip", 0, procs); ok {
		p.Tables = append(p.Tables, t)
	}
	if c := m.loadCap(procs); c > 0 {
		if t, ok := m.loadTable("stream", c, procs); ok {
			p.Tables = append(p.Tables, t)
		}
	}
	return p
}

// loadKinds are the columns of the page, as the Load benchmark's load= key
// names them; none is the idle machine, read from the Handoff, Floor and
// Latency benchmarks of the same run.
var loadKinds = []struct{ key, label, long string }{
	{matrix.LoadNone, "idle", "the idle machine"},
	{matrix.LoadProcs, "load=procs", "GOMAXPROCS CPU-bound goroutines in the same process (a busy Go service)"},
	{matrix.LoadHost, "load=host", "another process with a busy thread per CPU (a shared host, a container over its quota)"},
}

// corunnerLost and corunnerPct are the units of the co-runners' loss.
const (
	corunnerLost = "corunner-lost/op"
	corunnerPct  = "corunner-lost-pct"
)

// spinningFloor and parkingFloor are the floors each load's levels mark.
const (
	spinningFloor = "atomic-spin-pingpong"
	parkingFloor  = "chan-pingpong"
)

// loadProcs is the largest GOMAXPROCS a Load benchmark ran at.
func (m *model) loadProcs() (int, bool) {
	p := 0
	for _, k := range m.set.Find(stats.Key{Bench: "Load"}) {
		p = max(p, k.Procs)
	}
	return p, p > 0
}

// loadRows are the names measured under load at procs in a mode: the
// implementations in the page's order, then the floors in the file's.
func (m *model) loadRows(mode string, procs int) (impls []resultfmt.Row, floors []string) {
	var names []string
	for _, k := range m.set.Find(stats.Key{Bench: "Load", Mode: mode, Procs: procs}) {
		if !slices.Contains(names, k.Impl) {
			names = append(names, k.Impl)
		}
	}
	for _, im := range m.impls {
		if slices.Contains(names, im.Name) {
			impls = append(impls, im)
		}
	}
	for _, n := range names {
		if _, ok := resultfmt.Find(m.impls, n); !ok {
			floors = append(floors, n)
		}
	}
	return impls, floors
}

// loadCap is the capacity the Load benchmark streamed at, at procs.
func (m *model) loadCap(procs int) int {
	for _, k := range m.set.Find(stats.Key{Bench: "Load", Mode: "stream", Procs: procs}) {
		return k.Cap
	}
	return 0
}

// underLoad is name's exchange in mode under a load: the Load benchmark,
// or for load=none the idle case it measures — the Handoff roundtrip, the
// Latency stream at the same capacity, or the Floor — of the same run.
func (m *model) underLoad(name, mode string, capacity int, load string, procs int) (stats.Key, bool) {
	if load != matrix.LoadNone {
		return m.set.Lookup(stats.Key{Bench: "Load", Impl: name, Mode: mode, Cap: capacity, Load: load, Procs: procs})
	}
	if _, ok := resultfmt.Find(m.impls, name); !ok {
		return m.set.Lookup(stats.Key{Bench: "Floor", Impl: name, Mode: mode, Cap: capacity, Payload: payload, Procs: procs})
	}
	if mode == "stream" {
		return m.set.Lookup(stats.Key{Bench: "Latency", Impl: name, Mode: mode, Cap: capacity, Procs: procs})
	}
	return m.handoff(name, mode, capacity, procs)
}

// loadCell is a value as the page prints it: the median and its
// interval, or, where the rounds fall in two groups (stats.Split), both
// groups' medians and sizes, since a median between two modes describes
// neither.
func (m *model) loadCell(k stats.Key, unit string, format func(float64) string) string {
	s, ok := m.set.Summary(k, unit)
	if !ok {
		return "–"
	}
	if sh, ok := m.set.Shape(k, unit); ok && sh.Split != nil {
		group := func(at []int) string {
			vs := make([]float64, len(at))
			for i, j := range at {
				vs[i] = sh.Values[j]
			}
			return fmt.Sprintf("%s ×%d", format(stats.Median(vs)), len(at))
		}
		return "two modes: " + group(sh.Split.Low) + " and " + group(sh.Split.High)
	}
	if r := s.PctRangeString(); r != "?" {
		return format(s.Center) + " ±" + r
	}
	// An interval that crosses zero (a loss that noise made a gain in
	// some rounds) has no ± of its median: its ends, then.
	return fmt.Sprintf("%s [%s, %s]", format(s.Center), format(s.Lo), format(s.Hi))
}

// loadTable is the grid of rows × loads in one mode: wall time (with its
// multiple of idle), CPU, the p99 of a stream, and the co-runners' loss.
func (m *model) loadTable(mode string, capacity, procs int) (render.Table, bool) {
	impls, floors := m.loadRows(mode, procs)
	names := slices.Concat(names(impls), floors)
	if len(names) == 0 {
		return render.Table{}, false
	}
	t := render.Table{
		Title:  fmt.Sprintf("%s, GOMAXPROCS=%d: ns/op (95%% CI; × idle)", modeLabel(mode, capacity), procs),
		Header: []string{"row"},
	}
	for _, l := range loadKinds {
		t.Header = append(t.Header, l.label)
	}
	t.Header = append(t.Header, "cpu-ns/op: idle, procs, host")
	if mode == "stream" {
		t.Header = append(t.Header, "p99 Put-to-handler: idle, procs, host")
	}
	t.Header = append(t.Header, "co-runners lose per op", "share of their work")
	for range t.Header {
		t.Right = append(t.Right, true)
	}
	t.Right[0] = false
	for _, name := range names {
		row := []string{name}
		idle, idleOK := m.underLoad(name, mode, capacity, matrix.LoadNone, procs)
		var cpus, p99s []string
		for _, l := range loadKinds {
			k, ok := m.underLoad(name, mode, capacity, l.key, procs)
			if !ok {
				row, cpus, p99s = append(row, "–"), append(cpus, "–"), append(p99s, "–")
				continue
			}
			cell := m.loadCell(k, ns, fmtNS)
			if l.key != matrix.LoadNone && idleOK {
				cell += " (" + fmtRatio(m.set.Center(k, ns)/m.set.Center(idle, ns)) + ")"
			}
			row = append(row, cell)
			cpus = append(cpus, orDash(m.set.Has(k, "cpu-ns/op"), func() string { return fmtNS(m.set.Center(k, "cpu-ns/op")) }))
			p99s = append(p99s, orDash(m.set.Has(k, "ns/p99"), func() string { return fmtNS(m.set.Center(k, "ns/p99")) }))
		}
		row = append(row, strings.Join(cpus, ", "))
		if mode == "stream" {
			row = append(row, strings.Join(p99s, ", "))
		}
		lost, pct := "–", "–"
		if k, ok := m.underLoad(name, mode, capacity, matrix.LoadProcs, procs); ok {
			if m.set.Has(k, corunnerLost) {
				lost = m.loadCell(k, corunnerLost, fmtUnits)
			}
			if m.set.Has(k, corunnerPct) {
				pct = m.loadCell(k, corunnerPct, fmtPercent)
			}
		}
		t.Rows = append(t.Rows, append(row, lost, pct))
	}
	return t, true
}

func orDash(ok bool, f func() string) string {
	if !ok {
		return "–"
	}
	return f()
}

// loadChart: roundtrip ns/op per load on a log axis, a bar per
// implementation with each round's value as a dot, and each load's
// spinning and parking floors as dashed lines across its bars.
func (m *model) loadChart(procs int) (render.Chart, bool) {
	impls, floors := m.loadRows("roundtrip", procs)
	cats := make([]string, len(loadKinds))
	for i, l := range loadKinds {
		cats[i] = l.label
	}
	var ss []*series
	for _, im := range impls {
		s := newSeries(im.Name, len(cats))
		s.color = m.implColor(im.Name)
		s.rounds = make([][]float64, len(cats))
		for i, l := range loadKinds {
			if k, ok := m.underLoad(im.Name, "roundtrip", 0, l.key, procs); ok {
				sum, _ := m.set.Summary(k, ns)
				s.set(i, sum, 1)
				s.rounds[i] = m.set.Values(k, ns)
			}
		}
		ss = append(ss, s)
	}
	title := fmt.Sprintf("roundtrip ns/op by load, each round a dot, GOMAXPROCS=%d", procs)
	p := logBars(title, "ns per roundtrip", cats, ss)
	for _, f := range []struct {
		name   string
		color  color.Color
		dashes []vg.Length
	}{
		{spinningFloor, color.RGBA{0xd6, 0x27, 0x28, 0xff}, []vg.Length{vg.Points(5), vg.Points(2.5)}},
		{parkingFloor, color.Black, []vg.Length{vg.Points(1.5), vg.Points(2)}},
	} {
		if !slices.Contains(floors, f.name) {
			continue
		}
		l := &plotters.Levels{Vals: make([]float64, len(cats)), Color: f.color, Dashes: f.dashes, Log: plotters.IsLog(p)}
		for i, lk := range loadKinds {
			l.Vals[i] = math.NaN()
			if k, ok := m.underLoad(f.name, "roundtrip", 0, lk.key, procs); ok {
				l.Vals[i] = m.set.Center(k, ns)
			}
		}
		p.Add(l)
		p.Legend.Add("floor "+f.name, l)
	}
	return render.Chart{Stem: "load-roundtrip", Title: title, Plot: p}, anyValues(ss)
}

// corunnerChart: under load=procs, the co-runners' chunks of work lost
// per handoff op, for every row measured, roundtrip and stream.
func (m *model) corunnerChart(procs int) (render.Chart, bool) {
	impls, floors := m.loadRows("", procs)
	cats := slices.Concat(names(impls), floors)
	capacity := m.loadCap(procs)
	var ss []*series
	for i, md := range []exchange{{"roundtrip", 0}, {"stream", capacity}} {
		s := newSeries(modeLabel(md.mode, md.capacity), len(cats))
		s.color = conditionColor(i)
		for j, name := range cats {
			if k, ok := m.underLoad(name, md.mode, md.capacity, matrix.LoadProcs, procs); ok {
				if sum, ok := m.set.Summary(k, corunnerLost); ok && sum.Center > 0 {
					s.set(j, sum, 1)
				} else if ok {
					// A loss at or below zero is noise around none, and would
					// hold the axis linear, where the spinning rows' thousands
					// flatten every other bar to nothing.
					m.note(loadTitle, "%s's co-runner loss in %s, %s chunks per op, is left out of the chart: noise around no loss, which a log axis has no place for", name, modeLabel(md.mode, md.capacity), fmtUnits(sum.Center))
				}
			}
		}
		ss = append(ss, s)
	}
	title := fmt.Sprintf("load=procs: co-runners' chunks of work lost per op, GOMAXPROCS=%d", procs)
	p := logBars(title, "chunks lost per op", cats, ss)
	p.Y.Tick.Marker = plotters.Relabel{Ticker: p.Y.Tick.Marker.(plotters.Relabel).Ticker, Format: shortCount}
	return render.Chart{Stem: "load-corunners", Title: title, Plot: p}, anyValues(ss)
}

// waitsBy sorts the implementations measured under load by how they wait:
// those that spin (and never park while busy), and those that park at once.
func (m *model) waitsBy(procs int) (spin, park []resultfmt.Row) {
	impls, _ := m.loadRows("roundtrip", procs)
	for _, im := range impls {
		switch im.Wait {
		case resultfmt.WaitSpin, resultfmt.WaitYield:
			spin = append(spin, im)
		case resultfmt.WaitPark:
			park = append(park, im)
		}
	}
	return spin, park
}

// best is the key with the lowest median in unit among names' exchange
// under a load.
func (m *model) best(ims []resultfmt.Row, mode string, capacity int, load, unit string, procs int) (stats.Key, bool) {
	return m.lowest(ims, unit, func(name string) (stats.Key, bool) { return m.underLoad(name, mode, capacity, load, procs) })
}

// lowest is the key, of those key finds for ims, with the lowest median in
// unit; the first of equals.
func (m *model) lowest(ims []resultfmt.Row, unit string, key func(name string) (stats.Key, bool)) (stats.Key, bool) {
	var out stats.Key
	found := false
	for _, im := range ims {
		k, ok := key(im.Name)
		if !ok || !m.set.Has(k, unit) {
			continue
		}
		if !found || m.set.Center(k, unit) < m.set.Center(out, unit) {
			out, found = k, true
		}
	}
	return out, found
}

// spinLoadFinding: the best spinning row against the best parking row in
// a roundtrip, on the idle machine and under each load.
func (m *model) spinLoadFinding() string {
	procs, ok := m.loadProcs()
	if !ok {
		return ""
	}
	spin, park := m.waitsBy(procs)
	if len(spin) == 0 || len(park) == 0 {
		return ""
	}
	var parts []string
	for _, l := range loadKinds {
		a, okA := m.best(park, "roundtrip", 0, l.key, ns, procs)
		b, okB := m.best(spin, "roundtrip", 0, l.key, ns, procs)
		if !okA || !okB {
			continue
		}
		r, ok := m.ratio(a, b, ns)
		if !ok {
			continue
		}
		parts = append(parts, fmt.Sprintf("%s: %s %s against %s's %s, %s (%s)", l.label, b.Impl, fmtNS(m.set.Center(b, ns)), a.Impl, fmtNS(m.set.Center(a, ns)), fmtRatioCI(r), fmtP(r.P)))
	}
	if len(parts) == 0 {
		return ""
	}
	return fmt.Sprintf("Does spinning still pay when the cores are busy? The fastest row that spins against the fastest that parks, roundtrip at GOMAXPROCS=%d — %s. A spinner's wait takes a core the load (or its own partner) needs; a parked waiter gives it back. What would change it: a core kept free for the handoff, where a spinner's partner never waits for a thread.",
		procs, strings.Join(parts, "; "))
}

// corunnerFinding: what each kind of wait costs the co-runners per op,
// the cheapest that spins against the cheapest that parks, and the
// adaptive rows against the cheapest that parks.
func (m *model) corunnerFinding() string {
	procs, ok := m.loadProcs()
	if !ok {
		return ""
	}
	spin, park := m.waitsBy(procs)
	a, ok := m.best(park, "roundtrip", 0, matrix.LoadProcs, corunnerLost, procs)
	if !ok {
		return ""
	}
	s := fmt.Sprintf("What does each handoff cost the work beside it? Under load=procs, roundtrip at GOMAXPROCS=%d, the parking row that costs the co-runners least, %s, costs them %s chunks of work per op (%s of their work).",
		procs, a.Impl, m.loadCell(a, corunnerLost, fmtUnits), m.loadCell(a, corunnerPct, fmtPercent))
	var others []resultfmt.Row
	if b, ok := m.best(spin, "roundtrip", 0, matrix.LoadProcs, corunnerLost, procs); ok {
		others = append(others, m.implOf(b.Impl))
	}
	impls, _ := m.loadRows("roundtrip", procs)
	for _, im := range impls {
		if im.Wait == resultfmt.WaitAdaptive || im.Wait == resultfmt.WaitSpinThenPark {
			others = append(others, im)
		}
	}
	for _, im := range others {
		k, ok := m.underLoad(im.Name, "roundtrip", 0, matrix.LoadProcs, procs)
		if !ok || !m.set.Has(k, corunnerLost) {
			continue
		}
		r, ok := m.ratio(a, k, corunnerLost)
		if !ok || r.Ratio <= 0 || math.IsNaN(r.Ratio) {
			s += fmt.Sprintf(" %s (%s) costs them %s.", im.Name, im.Wait, m.loadCell(k, corunnerLost, fmtUnits))
			continue
		}
		s += fmt.Sprintf(" %s (%s) costs them %s chunks, %s as much (%s).", im.Name, im.Wait, m.loadCell(k, corunnerLost, fmtUnits), fmtRatioCI(r), fmtP(r.P))
	}
	return s + " The loss is the co-runners' rate alone less their rate beside the handoff: noise can make a small loss negative. What would change it: fewer co-runners than cores, where a spinner takes only an idle core."
}
