package report

import (
	"fmt"

	"github.com/handoffbench/handoff/report/internal/render"
	"github.com/handoffbench/handoff/resultfmt"
	"github.com/handoffbench/handoff/stats"
)

const payloadTitle = "Payload and work"

// payloadPage: what the item's size and the handler's work add to a
// roundtrip.
func (m *model) payloadPage() render.Page {
	return m.chartPage(payloadTitle,
		"What the item's size and the handler's work change: copying 64 bytes instead of 8, or passing a pointer; and about 100 ns of work per item, against which the handoff's own cost can be read.",
		want(m.payloadChart("roundtrip", 0)), want(m.workChart()))
}

// payloadChart: roundtrip cost with an int, a 64-byte struct and a
// pointer: what copying the item adds.
func (m *model) payloadChart(mode string, capacity int) (render.Chart, bool) {
	p := m.procs[0]
	ims := m.varied()
	cats := names(ims)
	var ss []*series
	for _, pl := range []string{"8B", "64B", "ptr"} {
		s := newSeries(pl, len(cats))
		var lacking []string
		for i, im := range ims {
			if k, ok := m.set.Lookup(stats.Key{Bench: "Handoff", Impl: im.Name, Mode: mode, Cap: capacity, Payload: pl, Procs: p}); ok {
				sum, _ := m.set.Summary(k, ns)
				s.set(i, sum, 1)
			} else {
				lacking = append(lacking, im.Name)
			}
		}
		m.missing(payloadTitle, lacking, fmt.Sprintf("%s, payload %s,", modeLabel(mode, capacity), pl), p)
		ss = append(ss, s)
	}
	title := fmt.Sprintf("%s: ns per op by payload, GOMAXPROCS=%d", modeLabel(mode, capacity), p)
	return render.Chart{Stem: fmt.Sprintf("payload-%s%d", mode, capacity), Title: title, Plot: groupedBars(title, "ns per op", cats, ss, true)}, anyValues(ss)
}

// workChart: roundtrip cost with no work and with about 100 ns of work in
// the handler: the handoff's share of a real item's cost.
func (m *model) workChart() (render.Chart, bool) {
	p := m.procs[0]
	ims := m.varied()
	cats := names(ims)
	var ss []*series
	for _, w := range []int{0, 100} {
		s := newSeries(fmt.Sprintf("work=%d", w), len(cats))
		var lacking []string
		for i, im := range ims {
			if k, ok := m.set.Lookup(stats.Key{Bench: "Handoff", Impl: im.Name, Mode: "roundtrip", Payload: payload, Work: w, Procs: p}); ok {
				sum, _ := m.set.Summary(k, ns)
				s.set(i, sum, 1)
			} else {
				lacking = append(lacking, im.Name)
			}
		}
		m.missing(payloadTitle, lacking, fmt.Sprintf("roundtrip, work=%d,", w), p)
		ss = append(ss, s)
	}
	title := fmt.Sprintf("roundtrip: ns per op by work, GOMAXPROCS=%d", p)
	return render.Chart{Stem: "work", Title: title, Plot: groupedBars(title, "ns per op", cats, ss, true)}, anyValues(ss)
}

// varied are the implementations measured with some other payload or
// work than the headline's: the profiles measure the spinning and
// third-party rows at the headline's alone, and the page does not list
// them as missing what was never meant to be run.
func (m *model) varied() []resultfmt.Row {
	var out []resultfmt.Row
	for _, im := range m.impls {
		for _, k := range m.set.Find(stats.Key{Bench: "Handoff", Impl: im.Name}) {
			if k.Payload != payload || k.Work != 0 {
				out = append(out, im)
				break
			}
		}
	}
	return out
}
