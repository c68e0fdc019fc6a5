package report

import (
	"fmt"
	"strings"

	"github.com/handoffbench/handoff/report/internal/render"
	"github.com/handoffbench/handoff/stats"
)

// pages builds every page from the model, in the order of the report: this
// is its table of contents, one builder a page, each in its page file
// (page_<name>.go, with the page's title as <name>Title). base, if not nil,
// adds the comparison page, two or more history files the trend page, and
// the models of other machines' files the page that compares the machines.
func (m *model) pages(base *stats.Set, opts stats.CompareOptions, history []string, others []*model) ([]render.Page, error) {
	if len(m.impls) == 0 { // the reference rows alone (make bench-refs)
		var ps []render.Page
		if rp, ok := m.referencesPage(); ok && !rp.Chartless {
			ps = append(ps, rp)
		} else if ok {
			m.notes[appendixTitle] = append(m.notes[appendixTitle], m.notes[referencesTitle]...)
		}
		ps = append(ps, m.appendixPage())
		m.notes[appendixTitle] = append(m.notes[appendixTitle], m.notes[answerTitle]...)
		return m.withNotes(ps), nil
	}
	var ps []render.Page
	add := func(p render.Page, ok bool) { // a page that has data in this file, or not
		if ok {
			ps = append(ps, p)
		}
	}
	ps = append(ps, m.answerPage(), m.headlinePage(), m.costPage(), m.capacityPage(), m.factorialPage())
	add(m.spinningPage())
	ps = append(ps, m.locksMutexPage(), m.locksLatencyPage(), m.loadPage(), m.pipelinePage(), m.payloadPage())
	add(m.referencesPage())
	add(m.ladderPage())
	ps = append(ps, m.findingsPage())
	add(m.spreadPage())
	add(m.spreadWhyPage())
	add(m.machinePage())
	if len(others) > 0 {
		ps = append(ps, m.machinesPage(others))
	}
	add(m.trendPage(history))
	if base != nil && m.releases(base) {
		ps = append(ps, m.releasePage(base))
	} else if base != nil {
		cp, err := m.comparePage(base, opts)
		if err != nil {
			return nil, err
		}
		ps = append(ps, cp)
	}
	ps = m.withNotes(ps)
	var kept []render.Page
	var left []string
	for _, p := range ps {
		if p.Chartless && len(p.Tables) == 0 {
			left = append(left, fmt.Sprintf("%s (%s)", p.Title, strings.Join(p.Notes, "; ")))
			continue
		}
		kept = append(kept, p)
	}
	app := m.appendixPage()
	if len(left) > 0 {
		app.Intro = append(app.Intro, "Pages left out, for want of data in this run: "+strings.Join(left, "; ")+".")
	}
	return append(kept, app), nil
}

// withNotes puts each page's notes at its foot.
func (m *model) withNotes(ps []render.Page) []render.Page {
	for i := range ps {
		ps[i].Notes = m.notes[ps[i].Title]
	}
	return ps
}

type maybeChart struct {
	c  render.Chart
	ok bool
}

func want(c render.Chart, ok bool) maybeChart { return maybeChart{c, ok} }

// chartPage is a page of charts; a chart without data becomes a note.
func (m *model) chartPage(title, intro string, cs ...maybeChart) render.Page {
	p := render.Page{Title: title, Intro: []string{intro}}
	for _, c := range cs {
		if c.ok {
			p.Charts = append(p.Charts, c.c)
		} else {
			m.note(title, "no data for %q", c.c.Title)
		}
	}
	p.Chartless = len(cs) > 0 && len(p.Charts) == 0
	return p
}
