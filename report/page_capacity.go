package report

import (
	"fmt"

	"github.com/handoffbench/handoff/report/internal/render"
)

// capacityTitle is the title of page 4: a stream's cost per item as its
// capacity grows.
const capacityTitle = "Stream cost against capacity"

// capacityPage is page 4: a chart of cost against capacity per GOMAXPROCS
// value.
func (m *model) capacityPage() render.Page {
	var cs []maybeChart
	for _, p := range m.procs {
		cs = append(cs, want(m.capacityChart(p)))
	}
	return m.chartPage(capacityTitle,
		"Cost per item of a stream of Puts as the bound on waiting items grows. A larger capacity lets a consumer that takes a batch at once (a locked ring) or a producer that hands one over at once (a coroutine) pay the handoff once per batch; a channel pays per item.",
		cs...)
}

// capacityChart: page 4, stream cost per item against capacity, a line per
// implementation, at one GOMAXPROCS value.
func (m *model) capacityChart(procs int) (render.Chart, bool) {
	caps := m.capacities(procs)
	xs := make([]string, len(caps))
	for i, c := range caps {
		xs[i] = fmt.Sprint(c)
	}
	var ss []*series
	for _, im := range m.impls {
		s := newSeries(im.Name, len(caps))
		s.color = m.implColor(im.Name)
		for i, c := range caps {
			if k, ok := m.handoff(im.Name, "stream", c, procs); ok {
				sum, _ := m.set.Summary(k, ns)
				s.set(i, sum, 1)
			}
		}
		ss = append(ss, s)
	}
	title := fmt.Sprintf("stream: ns per item by capacity, 95%% CI, GOMAXPROCS=%d", procs)
	return render.Chart{Stem: fmt.Sprintf("capacity-p%d", procs), Title: title, Plot: lines(title, "capacity (Options.Capacity)", "ns per item", xs, ss, true)}, anyValues(ss)
}
