package report

import (
	"fmt"
	"slices"
	"strings"

	"github.com/handoffbench/handoff/report/internal/render"
	"github.com/handoffbench/handoff/resultfmt"
	"github.com/handoffbench/handoff/stats"
)

const trendTitle = "Trend across commits"

// trendPage draws, from earlier results files of the same profile, each
// implementation's median and 95% interval across commits: roundtrip, and a
// stream at the largest capacity, at the largest GOMAXPROCS. Files that do
// not load are left out with a note. Fewer than two usable files: no page.
func (m *model) trendPage(history []string) (render.Page, bool) {
	type entry struct {
		set   *stats.Set
		label string
		date  string
	}
	var es []entry
	profile := m.set.Config[resultfmt.KeyProfile]
	for _, path := range history {
		s, err := stats.Load(path)
		if err != nil {
			m.note(trendTitle, "left out %v", err)
			continue
		}
		if s.Config[resultfmt.KeyProfile] != profile {
			continue // a trend compares runs of the same profile only
		}
		date := s.Config[resultfmt.KeyDate]
		label := s.Config[resultfmt.KeyCommit]
		if len(date) >= 10 {
			label += "\n" + date[5:10]
		}
		es = append(es, entry{s, label, date})
	}
	if len(es) < 2 {
		return render.Page{}, false
	}
	slices.SortStableFunc(es, func(a, b entry) int { return strings.Compare(a.date, b.date) })
	labels := make([]string, len(es))
	for i, e := range es {
		labels[i] = e.label
	}
	p := m.maxProcs()
	var charts []maybeChart
	for _, hm := range twoExchanges {
		var ss []*series
		for _, im := range m.impls {
			s := newSeries(im.Name, len(es))
			s.color = m.implColor(im.Name)
			for i, e := range es {
				if k, ok := e.set.Lookup(stats.Key{Bench: "Handoff", Impl: im.Name, Mode: hm.mode, Cap: hm.capacity, Payload: payload, Procs: p}); ok {
					sum, _ := e.set.Summary(k, ns)
					s.set(i, sum, 1)
				}
			}
			ss = append(ss, s)
		}
		title := fmt.Sprintf("%s: ns per op over %d runs, GOMAXPROCS=%d", modeLabel(hm.mode, hm.capacity), len(es), p)
		stem := "trend-" + hm.mode
		if hm.mode == "stream" {
			stem += fmt.Sprint(hm.capacity)
		}
		charts = append(charts, want(render.Chart{Stem: stem, Title: title, Plot: lines(title, "commit and date of the run", "ns per op", labels, ss, true)}, anyValues(ss)))
	}
	return m.chartPage(trendTitle, fmt.Sprintf("Each point is the median of one earlier run of make bench, with its 95%% interval, from %d results files kept in the history; a line that steps up is worth a make regress against the commit before it.", len(es)), charts...), true
}
