package report

import (
	"fmt"
	"strings"

	"github.com/handoffbench/handoff/report/internal/render"
)

// costTitle is the title of page 3: what one handoff costs, by GOMAXPROCS.
const costTitle = "Handoff cost"

// costPage is page 3: a roundtrip's cost and a stream's, and which
// implementations cross to another goroutine (threads).
func (m *model) costPage() render.Page {
	return m.chartPage(costTitle,
		"What one handoff costs, with 95% confidence intervals: a Send and its reply (the seed's r = c.send(n)), and a Put into a stream with room for 256 items. "+m.threads(),
		want(m.costChart("roundtrip", 0)), want(m.costChart("stream", 256)))
}

// costChart: page 3, the cost of one handoff per implementation, a bar per
// GOMAXPROCS value.
func (m *model) costChart(mode string, capacity int) (render.Chart, bool) {
	cats := names(m.impls)
	var ss []*series
	for _, p := range m.procs {
		s := newSeries(fmt.Sprintf("GOMAXPROCS=%d", p), len(cats))
		var lacking []string
		for i, im := range m.impls {
			if k, ok := m.handoff(im.Name, mode, capacity, p); ok {
				sum, _ := m.set.Summary(k, ns)
				s.set(i, sum, 1)
			} else {
				lacking = append(lacking, im.Name)
			}
		}
		m.missing(costTitle, lacking, modeLabel(mode, capacity), p)
		ss = append(ss, s)
	}
	stem := "cost-" + mode
	if mode == "stream" {
		stem = fmt.Sprintf("cost-stream%d", capacity)
	}
	title := fmt.Sprintf("%s: ns per op by GOMAXPROCS, 95%% CI", modeLabel(mode, capacity))
	return render.Chart{Stem: stem, Title: title, Plot: groupedBars(title, "ns per op", cats, ss, true)}, anyValues(ss)
}

// threads says which implementations cross goroutines, from the traits
// the file records.
func (m *model) threads() string {
	var cross, inline, unknown []string
	for _, im := range m.impls {
		switch {
		case im.Traits == nil:
			unknown = append(unknown, im.Name)
		case im.CrossesThreads():
			cross = append(cross, im.Name)
		default:
			inline = append(inline, im.Name)
		}
	}
	var parts []string
	if len(inline) > 0 {
		parts = append(parts, strings.Join(inline, " and ")+" never leave the producer's thread")
	}
	if len(cross) > 0 {
		parts = append(parts, strings.Join(cross, " and ")+" cross to a consumer goroutine")
	}
	if len(unknown) > 0 {
		w := "whether "
		if len(parts) == 0 {
			w = "Whether "
		}
		parts = append(parts, w+strings.Join(unknown, " and ")+" cross to a consumer goroutine is "+notRecorded)
	}
	return strings.Join(parts, "; ") + "."
}
