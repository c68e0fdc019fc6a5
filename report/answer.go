package report

import (
	"fmt"

	"github.com/handoffbench/handoff/report/internal/render"
)

// answerPage is page 1: the decision table built from this run, how to
// read it, and the one chart that carries the headline. Its foot carries
// the notes about the results files themselves.
const answerPage = "Which handoff to use: the answer from this run"

func (m *model) answerPage() render.Page {
	ds := m.decisions()
	p := m.chartPage(answerPage, m.answerIntro(ds), want(m.answerChart()))
	if s := m.breakEvenSentence(); s != "" {
		p.Intro = append(p.Intro, s)
	}
	p.Tables = []render.Table{m.decisionTable(ds)}
	return p
}

// answerChart: every implementation's cost per op in a roundtrip and a
// stream at the largest capacity, at the largest GOMAXPROCS, coloured by
// implementation as on every page.
func (m *model) answerChart() (render.Chart, bool) {
	p := m.maxProcs()
	modes := []struct {
		mode     string
		capacity int
	}{{"roundtrip", 0}}
	if caps := m.capacities(p); len(caps) > 0 {
		modes = append(modes, struct {
			mode     string
			capacity int
		}{"stream", caps[len(caps)-1]})
	}
	var cats []string
	for _, md := range modes {
		cats = append(cats, modeLabel(md.mode, md.capacity))
	}
	var ss []*series
	for _, im := range m.impls {
		s := newSeries(im.Name, len(cats))
		s.color = m.implColor(im.Name)
		for i, md := range modes {
			if k, ok := m.handoff(im.Name, md.mode, md.capacity, p); ok {
				sum, _ := m.set.Summary(k, ns)
				s.set(i, sum, 1)
			}
		}
		ss = append(ss, s)
	}
	title := fmt.Sprintf("Cost per op by implementation, median and 95%% CI, GOMAXPROCS=%d, 8-byte item, no work", p)
	return render.Chart{Stem: "answer", Title: title, Plot: groupedBars(title, "ns per op", cats, ss, true)}, anyValues(ss)
}
