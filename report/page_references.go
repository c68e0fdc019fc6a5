package report

import (
	"fmt"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"

	"github.com/handoffbench/handoff/report/internal/plotters"
	"github.com/handoffbench/handoff/report/internal/render"
	"github.com/handoffbench/handoff/resultfmt"
	"github.com/handoffbench/handoff/stats"
)

// referencesTitle is the title of the page of the reference rows: the
// systems the seed notes describe (Python generators and asyncio, the C
// coroutine libraries), measured on this machine beside Go's. The page
// calls them the seed's systems; the order seed of a run is another
// matter (page_appendix.go).
const referencesTitle = "The seed's systems beside Go's"

// referencesPage: each Go implementation next to its counterparts among the
// seed's systems, handoff cost on a log scale, and what the numbers say.
// The reference rows are single-threaded, so the Go rows are taken at the
// smallest GOMAXPROCS.
func (m *model) referencesPage() (render.Page, bool) {
	ps := m.refPairings()
	if len(ps) == 0 && len(m.refs) > 0 {
		m.note(referencesTitle, "which Go implementation each of the seed's systems stands beside is %s in this file", notRecorded)
		return render.Page{Title: referencesTitle, Chartless: true}, true
	}
	if len(ps) == 0 {
		return render.Page{}, false
	}
	procs := m.procs[0]
	var cats []string
	langs := map[string]*series{}
	order := []string{"Go", "CPython", "C"}
	for _, l := range order {
		langs[l] = newSeries(l, 0)
	}
	add := func(label, lang string, k stats.Key, ok bool) {
		cats = append(cats, label)
		for _, l := range order {
			sum, has := m.set.Summary(k, ns)
			langs[l].append(sum, l == lang && ok && has)
		}
	}
	var sentences []string
	for _, p := range ps {
		gk, gok := m.handoff(p.goImpl, p.mode, p.capacity, procs)
		switch {
		case len(m.impls) == 0:
			m.note(referencesTitle, "this run measured the reference rows alone (make bench-refs): make bench sets them beside Go's")
		case !gok:
			m.note(referencesTitle, "no %s result for %s at GOMAXPROCS=%d to set the seed's systems beside", modeLabel(p.mode, p.capacity), p.goImpl, procs)
		}
		add(p.goImpl+"\n"+modeLabel(p.mode, p.capacity), "Go", gk, gok)
		var parts []string
		for _, r := range p.refs {
			rk, rok := m.set.Lookup(stats.Key{Bench: "Handoff", Impl: r.Name, Mode: p.mode, Cap: p.capacity, Payload: payload, Procs: 1})
			add(r.Name+"\n"+modeLabel(p.mode, p.capacity), language(r), rk, rok)
			if gok && rok {
				parts = append(parts, compareRef(r, m.set.Center(rk, ns), m.set.Center(gk, ns)))
			}
		}
		if gok && len(parts) > 0 {
			sentences = append(sentences, fmt.Sprintf("%s, %s, costs %s per op at GOMAXPROCS=%d; %s.",
				p.goImpl, modeLabel(p.mode, p.capacity), fmtNS(m.set.Center(gk, ns)), procs, strings.Join(parts, "; ")))
		}
	}
	var ss []*series
	for _, l := range order {
		ss = append(ss, langs[l])
	}
	title := "ns per op: Go beside the seed's CPython and C"
	c := render.Chart{Stem: "seed", Title: title, Plot: overlaidBars(title, "ns per op", cats, ss)} // seed.svg, as before the page was renamed
	var docs []string
	for _, r := range m.refs {
		if r.Beside != "" {
			docs = append(docs, fmt.Sprintf("%s: %s", r.Name, summary(r)))
		}
	}
	intro := []string{"The seed notes describe Python generators and asyncio and the C coroutine libraries Protothreads, libco and cloudwu/coroutine. Small programs of this project measure each on this machine, in the same rounds as the Go benchmarks, doing the same exchange: " + strings.Join(docs, "; ") + "."}
	p := m.chartPage(referencesTitle, intro[0], want(c, anyValues(ss)))
	p.Intro = append(p.Intro, sentences...)
	return p, true
}

// A refPairing is one Go implementation in one mode and the seed's systems
// that stand for it.
type refPairing struct {
	goImpl, mode string
	capacity     int
	refs         []resultfmt.Row
}

// refModes are the modes a reference row was measured in: a roundtrip, a
// stream at capacity 16, or both.
func (m *model) refModes(name string) []string {
	var modes []string
	for _, mode := range []string{"roundtrip", "stream"} {
		if len(m.set.Find(stats.Key{Bench: "Handoff", Impl: name, Mode: mode})) > 0 {
			modes = append(modes, mode)
		}
	}
	return modes
}

// refPairings groups the reference rows measured by the Go implementation
// the file records them beside, in the file's order; a row whose place is
// not recorded is in none.
func (m *model) refPairings() []refPairing {
	var ps []refPairing
	for _, r := range m.refs {
		if r.Beside == "" {
			continue
		}
		for _, mode := range m.refModes(r.Name) {
			capacity := 0
			if mode == "stream" {
				capacity = 16
			}
			i := slices.IndexFunc(ps, func(p refPairing) bool { return p.goImpl == r.Beside && p.mode == mode })
			if i < 0 {
				ps = append(ps, refPairing{goImpl: r.Beside, mode: mode, capacity: capacity})
				i = len(ps) - 1
			}
			ps[i].refs = append(ps[i].refs, r)
		}
	}
	return ps
}

// compareRef says how a reference row's cost compares with the Go one's.
func compareRef(r resultfmt.Row, ref, goCost float64) string {
	switch ratio := ref / goCost; {
	case ratio >= 1:
		return fmt.Sprintf("%s (%s) costs %s, %s as much", r.Name, language(r), fmtNS(ref), fmtRatio(ratio))
	default:
		return fmt.Sprintf("%s (%s) costs %s, %s less", r.Name, language(r), fmtNS(ref), fmtRatio(1/ratio))
	}
}

// overlaidBars is a bar chart with one bar per category, colored by the
// series that has a value there: each series is drawn centered.
func overlaidBars(title, ylabel string, cats []string, ss []*series) *plot.Plot {
	p := newPlot(title, "", ylabel)
	if len(cats) == 0 {
		return p
	}
	logY := logIfWide(p, ss, 20)
	p.NominalX(cats...)
	tilt(p, cats)
	for i, s := range ss {
		if s.empty() {
			continue
		}
		b := &plotters.Bars{Vals: s.vals, Lo: s.lo, Hi: s.hi, Width: 0.6, Color: conditionColor(i), Log: logY}
		p.Add(b)
		p.Legend.Add(s.name, b)
	}
	p.X.Min, p.X.Max = -0.6, float64(len(cats))-0.4
	if plotters.IsLog(p) {
		p.Y.Min /= 1.5
	} else {
		p.Y.Min = 0
	}
	p.Add(plotter.NewGrid())
	return p
}
