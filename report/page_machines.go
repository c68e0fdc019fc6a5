package report

import (
	"cmp"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/handoffbench/handoff/report/internal/plotters"
	"github.com/handoffbench/handoff/report/internal/render"
	"github.com/handoffbench/handoff/resultfmt"
	"github.com/handoffbench/handoff/stats"
)

const machinesTitle = "Across machines: each implementation against its own floor"

// machinesPage compares the machines of several results files, one per
// machine, with the main file's first. Absolute nanoseconds do not carry
// from one machine to another, so each implementation is drawn as a
// multiple of its own floor on that machine — the raw mechanism it is
// built on, measured in the same run — with the interval of the ratio
// paired round by round within its file. It says which files describe the
// same machine, and which benchmarks some file lacks that another has.
func (m *model) machinesPage(others []*model) render.Page {
	ms := []machine{newMachine(1, m)}
	for i, o := range others {
		ms = append(ms, newMachine(i+2, o))
	}
	pg := render.Page{Title: machinesTitle, Intro: []string{
		fmt.Sprintf("%d results files, one per machine. Absolute nanoseconds do not carry from one machine to another; the ratio of an implementation to its own floor — the raw mechanism it is built on, measured by the same loop in the same run on the same machine — says what the implementation adds there, and those ratios are compared here. Each ratio is paired round by round within its own file (the Huber estimate of the log ratio, with a sign-flip interval), or, where a file records no rounds, is the ratio of the medians, with no interval. A ratio near 1× means the implementation costs what its mechanism costs on that machine; a machine where it is larger makes the contract dearer there.", len(ms)),
	}}
	who := render.Table{Title: "The machines", Header: []string{"machine", "file", "cpu", "goos/goarch", "cores", "GOMAXPROCS", "Go", "date"}}
	for _, mc := range ms {
		cfg := mc.m.set.Config
		get := func(k string) string { return cmp.Or(strings.TrimSpace(cfg[k]), "unknown") }
		who.Rows = append(who.Rows, []string{strconv.Itoa(mc.n), mc.file(), mc.cpu, mc.goos + "/" + mc.arch, strconv.Itoa(mc.cores), get(resultfmt.KeyGOMAXPROCS), get(resultfmt.KeyGo), mc.m.runDates()})
	}
	pg.Tables = append(pg.Tables, who)
	m.sameMachines(ms)
	m.missingAcross(ms)
	for _, mc := range ms {
		if mc.cores < 2 && len(mc.m.set.Find(stats.Key{Bench: "Floor", Impl: limitFloor["roundtrip"]}))+len(mc.m.set.Find(stats.Key{Bench: "Floor", Impl: limitFloor["stream"]})) > 0 {
			m.note(machinesTitle, "machine %d has 1 core: the spinning floors (%s, %s) need a core for each of their two goroutines, and on one they take turns only when the scheduler preempts the spinner, so there they measure the preemption, not a handoff; ratios to them are not comparable with another machine's", mc.n, limitFloor["roundtrip"], limitFloor["stream"])
		}
		if mc.m.recorded == nil {
			m.note(machinesTitle, "%s does not describe its rows: its floors are %s, so machine %d has no ratios", mc.file(), notRecorded, mc.n)
		}
	}

	procs := commonProcs(ms)
	if len(procs) == 0 {
		m.note(machinesTitle, "no GOMAXPROCS value was measured on every machine, so no ratio can be set beside another")
		return pg
	}
	impls := allImpls(ms)
	for _, p := range procs {
		t := render.Table{
			Title:  fmt.Sprintf("GOMAXPROCS=%d: ns/op as a multiple of the implementation's floor on the same machine, with its 95%% CI", p),
			Header: []string{"implementation", "mode", "floor"},
			Right:  []bool{false, false, false},
		}
		for _, mc := range ms {
			t.Header = append(t.Header, "machine "+strconv.Itoa(mc.n))
			t.Right = append(t.Right, true)
		}
		for _, fm := range twoExchanges {
			for _, name := range impls {
				row := []string{name, modeLabel(fm.mode, fm.capacity), ""}
				found := false
				for _, mc := range ms {
					cell := "–"
					if r, floor, ok := mc.floorRatio(name, fm.mode, fm.capacity, p); ok {
						cell, found = fmtRatioCI(r), true
						row[2] = cmp.Or(row[2], floor)
						if row[2] != floor { // a file whose registry named another floor
							cell += " (" + floor + ")"
						}
					}
					row = append(row, cell)
				}
				if found {
					t.Rows = append(t.Rows, row)
				}
			}
		}
		if len(t.Rows) > 0 {
			pg.Tables = append(pg.Tables, t)
		}
	}
	p := procs[len(procs)-1]
	for _, fm := range twoExchanges {
		if c, ok := m.machinesChart(ms, impls, fm.mode, fm.capacity, p); ok {
			pg.Charts = append(pg.Charts, c)
		}
	}
	if len(pg.Tables) == 1 {
		m.note(machinesTitle, "no implementation has a floor measured on any machine at GOMAXPROCS %s", joinInts(procs))
	}
	return pg
}

// A machine is one results file of a report over several, as its
// configuration lines name the computer it ran on.
type machine struct {
	n          int // from 1, the main file first
	m          *model
	cpu        string
	goos, arch string
	cores      int
}

// newMachine names the machine of model m: its cpu, goos, goarch and
// cores — the cores line, or where a file does not record one, the largest
// GOMAXPROCS it ran at.
func newMachine(n int, m *model) machine {
	cfg := m.set.Config
	get := func(k string) string { return cmp.Or(strings.TrimSpace(cfg[k]), "unknown") }
	mc := machine{n: n, m: m, cpu: get("cpu"), goos: get("goos"), arch: get("goarch")}
	if c, err := strconv.Atoi(strings.TrimSpace(cfg[resultfmt.KeyCores])); err == nil && c > 0 {
		mc.cores = c
	} else {
		for _, p := range strings.Split(cfg[resultfmt.KeyGOMAXPROCS], ",") {
			if v, err := strconv.Atoi(strings.TrimSpace(p)); err == nil {
				mc.cores = max(mc.cores, v)
			}
		}
		mc.cores = cmp.Or(mc.cores, m.maxProcs())
	}
	return mc
}

// label names the machine in a chart's legend: short, by its number.
func (mc machine) label() string {
	return fmt.Sprintf("%d: %s/%s, %d %s", mc.n, mc.goos, mc.arch, mc.cores, plural(mc.cores, "core"))
}

// identity is what makes two files the same machine.
func (mc machine) identity() string {
	return fmt.Sprintf("%s, %s/%s, %d %s", mc.cpu, mc.goos, mc.arch, mc.cores, plural(mc.cores, "core"))
}

// file is the machine's results file as given: two machines' files may
// share a name (results/<date>-<commit>.txt) and differ by directory.
func (mc machine) file() string { return mc.m.set.Path }

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// floorRatio is the implementation's benchmark in a mode at procs as a
// multiple of its floor on this machine, and the floor's name.
func (mc machine) floorRatio(impl, mode string, capacity, procs int) (stats.Ratio, string, bool) {
	k, ok := mc.m.handoff(impl, mode, capacity, procs)
	if !ok {
		return stats.Ratio{}, "", false
	}
	f, name, ok := mc.m.floorOf(mc.m.implOf(impl), k)
	if !ok {
		return stats.Ratio{}, "", false
	}
	r, ok := mc.m.ratio(f, k, ns)
	return r, name, ok
}

// machinesChart: each implementation with a floor, as a multiple of it,
// a bar per machine, at one GOMAXPROCS; the dashed line is 1×, the floor.
func (m *model) machinesChart(ms []machine, impls []string, mode string, capacity, procs int) (render.Chart, bool) {
	var cats []string
	ss := make([]*series, len(ms))
	for i, mc := range ms {
		ss[i] = newSeries(mc.label(), 0)
		ss[i].base = 1 // the floor: a bar above it costs more, below it less
	}
	for _, name := range impls {
		vals := make([]stats.Ratio, len(ms))
		has := make([]bool, len(ms))
		found := false
		for i, mc := range ms {
			vals[i], _, has[i] = mc.floorRatio(name, mode, capacity, procs)
			found = found || has[i]
		}
		if !found {
			continue
		}
		cats = append(cats, name)
		for i := range ms {
			r := vals[i]
			sum := stats.Summary{}
			sum.Center, sum.Lo, sum.Hi = r.Ratio, r.Lo, r.Hi
			ss[i].append(sum, has[i])
		}
	}
	title := fmt.Sprintf("%s: ns/op as a multiple of its floor, by machine, GOMAXPROCS=%d", modeLabel(mode, capacity), procs)
	// A short label: gonum centres it at the linear middle of the axis,
	// which on a log axis is near its top, and pads the plot for it.
	pl := groupedBars(title, "× its floor", cats, ss, true)
	pl.Y.Tick.Marker = plotters.Relabel{Ticker: pl.Y.Tick.Marker.(plotters.Relabel).Ticker, Format: func(v float64) string { return strconv.FormatFloat(v, 'g', 3, 64) + "×" }}
	if len(cats) > 0 {
		one := plotter.NewFunction(func(float64) float64 { return 1 })
		one.Color = color.Black
		one.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		one.Width = vg.Points(1)
		pl.Add(one)
		pl.Legend.Add("1×: the floor", one)
		if !plotters.IsLog(pl) {
			pl.Y.Min = 0
		} else {
			pl.Y.Min = math.Min(pl.Y.Min, 1/1.5)
		}
		pl.Y.Max = math.Max(pl.Y.Max, 1.2)
		if plotters.IsLog(pl) { // 1, 2 and 5 of each decade: a power of ten alone leaves a short axis bare
			pl.Y.Tick.Marker = plotters.RatioTicks(pl.Y.Min, pl.Y.Max)
		}
	}
	stem := "machines-" + mode
	if mode == "stream" {
		stem = fmt.Sprintf("machines-stream%d", capacity)
	}
	return render.Chart{Stem: stem, Title: title, Plot: pl}, len(cats) > 0
}

// sameMachines notes files that describe the same machine: the same cpu,
// goos, goarch and cores.
func (m *model) sameMachines(ms []machine) {
	seen := map[string][]machine{}
	var order []string
	for _, mc := range ms {
		id := mc.identity()
		if _, ok := seen[id]; !ok {
			order = append(order, id)
		}
		seen[id] = append(seen[id], mc)
	}
	for _, id := range order {
		group := seen[id]
		if len(group) < 2 {
			continue
		}
		var files []string
		for _, mc := range group {
			files = append(files, fmt.Sprintf("%s (machine %d)", mc.file(), mc.n))
		}
		m.note(machinesTitle, "%s describe the same machine (%s): their differences are between runs, not machines", joinAnd(files), id)
	}
}

// missingAcross notes, for each file, the benchmarks another file has and
// it lacks, grouped by benchmark and row, so that a difference between
// machines is not read into a benchmark one of them never ran.
func (m *model) missingAcross(ms []machine) {
	have := make([]map[string]bool, len(ms))
	var all []stats.Key
	seen := map[string]bool{}
	for i, mc := range ms {
		have[i] = map[string]bool{}
		for _, k := range mc.m.set.Keys() {
			have[i][k.Name] = true
			if !seen[k.Name] {
				seen[k.Name] = true
				all = append(all, k)
			}
		}
	}
	for i, mc := range ms {
		type group struct {
			what string
			n    int
		}
		var groups []group
		total := 0
		for _, k := range all {
			if have[i][k.Name] {
				continue
			}
			total++
			what := k.Bench + " " + k.Impl
			if j := slices.IndexFunc(groups, func(g group) bool { return g.what == what }); j >= 0 {
				groups[j].n++
			} else {
				groups = append(groups, group{what, 1})
			}
		}
		if total == 0 {
			continue
		}
		const most = 12
		var parts []string
		for j, g := range groups {
			if j == most {
				parts = append(parts, fmt.Sprintf("and %d more rows", len(groups)-most))
				break
			}
			parts = append(parts, fmt.Sprintf("%s (%d)", g.what, g.n))
		}
		m.note(machinesTitle, "%s (machine %d) lacks %d %s that another file has: %s", mc.file(), mc.n, total, plural(total, "benchmark"), strings.Join(parts, ", "))
	}
}

// commonProcs are the GOMAXPROCS values every machine measured.
func commonProcs(ms []machine) []int {
	procs := slices.Clone(ms[0].m.procs)
	for _, mc := range ms[1:] {
		procs = slices.DeleteFunc(procs, func(p int) bool { return !slices.Contains(mc.m.procs, p) })
	}
	return procs
}

// allImpls are the implementations of every machine: the main file's, in
// its order, then each other file's that the ones before lack.
func allImpls(ms []machine) []string {
	var out []string
	for _, mc := range ms {
		for _, im := range mc.m.impls {
			if !slices.Contains(out, im.Name) {
				out = append(out, im.Name)
			}
		}
	}
	return out
}

func joinInts(vs []int) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = strconv.Itoa(v)
	}
	return strings.Join(s, ", ")
}

// joinAnd joins "a, b and c".
func joinAnd(s []string) string {
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}
