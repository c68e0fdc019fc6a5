package report

import (
	"fmt"
	"slices"
	"strings"

	"github.com/handoffbench/handoff/report/internal/render"
	"github.com/handoffbench/handoff/resultfmt"
	"github.com/handoffbench/handoff/stats"
)

// pages builds every page from the model; base, if not nil, adds the
// comparison page, two or more history files the trend page, and the
// models of other machines' files the page that compares the machines.
func (m *model) pages(base *stats.Set, opts stats.CompareOptions, history []string, others []*model) ([]render.Page, error) {
	if len(m.impls) == 0 { // the reference rows alone (make bench-refs)
		var ps []render.Page
		if sp, ok := m.seedPage(); ok && !sp.Chartless {
			ps = append(ps, sp)
		} else if ok {
			m.notes[appendixPage] = append(m.notes[appendixPage], m.notes[seedPage]...)
		}
		ps = append(ps, m.appendixPage())
		m.notes[appendixPage] = append(m.notes[appendixPage], m.notes[answerPage]...)
		return m.withNotes(ps), nil
	}
	ps := []render.Page{m.answerPage(), {
		Title:  "Headline",
		Intro:  []string{"Median cost per op with its 95% confidence interval (as benchstat computes it), allocations and process CPU time per op, the ratio to the fastest implementation in the same mode, and the ratio to the implementation's own raw mechanism measured by the same loop (its floor). An int payload, no work in the handler."},
		Tables: m.headline(),
	}}
	ps = append(ps, m.chartPage("Handoff cost",
		"What one handoff costs, with 95% confidence intervals: a Send and its reply (the seed's r = c.send(n)), and a Put into a stream with room for 256 items. "+m.threads(),
		want(m.costChart("roundtrip", 0)), want(m.costChart("stream", 256))))
	var capCharts []maybeChart
	for _, p := range m.procs {
		capCharts = append(capCharts, want(m.capacityChart(p)))
	}
	ps = append(ps, m.chartPage("Stream cost against capacity",
		"Cost per item of a stream of Puts as the bound on waiting items grows. A larger capacity lets a consumer that takes a batch at once (a locked ring) or a producer that hands one over at once (a coroutine) pay the handoff once per batch; a channel pays per item.",
		capCharts...))
	ps = append(ps, m.factorialPages()...)
	ps = append(ps, m.chartPage(lockPage+" (mutex and scheduler)",
		"Where a parked handoff's time goes: time blocked on a mutex shows the lock's queueing; the scheduler's delay, the cost of parking and waking a goroutine.",
		want(m.mutexWaitChart()), want(m.schedChart())))
	latCap := 256
	if caps := m.capacities(m.maxProcs()); len(caps) > 0 {
		latCap = caps[len(caps)-1]
	}
	contention := []maybeChart{want(m.latencyChart(latCap)), want(m.tradeoffChart()), want(m.contentionChart("stream"))}
	if m.mostProducers("roundtrip", m.maxProcs()) > 0 { // files from before it ran have none, and the decision table says so
		contention = append(contention, want(m.contentionChart("roundtrip")))
	}
	ps = append(ps, m.chartPage(lockPage+" (latency and contention)",
		"Throughput is not free: a batch that amortises the handoff makes the items in it wait. Latency is measured from the start of Put to the handler; contention runs several producers into one Conn, Putting, and Sending as a worker pool's callers do.",
		contention...))
	ps = append(ps, m.loadPage())
	ps = append(ps, m.pipelinePage())
	ps = append(ps, m.chartPage(payloadPage,
		"What the item's size and the handler's work change: copying 64 bytes instead of 8, or passing a pointer; and about 100 ns of work per item, against which the handoff's own cost can be read.",
		want(m.payloadChart("roundtrip", 0)), want(m.workChart())))
	if sp, ok := m.seedPage(); ok {
		ps = append(ps, sp)
	}
	if lp, ok := m.ladderPage(); ok {
		ps = append(ps, lp)
	}
	ps = append(ps, render.Page{Title: "Findings", Intro: m.findings(), Bullets: true})
	ps = append(ps, m.spreadPages()...)
	if mp, ok := m.machinePage(); ok {
		ps = append(ps, mp)
	}
	if len(others) > 0 {
		ps = append(ps, m.machinesPage(others))
	}
	if tp, ok := m.trendPage(history); ok {
		ps = append(ps, tp)
	}
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

// appendixPage is the last page: the environment, the implementations and
// the method, which the answer on page 1 rests on.
func (m *model) appendixPage() render.Page {
	cfg := m.set.Config
	get := func(k string) string {
		if v := strings.TrimSpace(cfg[k]); v != "" {
			return v
		}
		return "unknown"
	}
	commit := get(resultfmt.KeyCommit)
	if cfg[resultfmt.KeyDirty] == "true" {
		commit += " (with uncommitted changes)"
	}
	env := render.Table{
		Title:  "Environment",
		Header: []string{"", ""},
		Rows: [][]string{
			{"cpu", get("cpu")},
			{"goos/goarch", get("goos") + "/" + get("goarch")},
			{"Go", get(resultfmt.KeyGo)},
			{"GOMAXPROCS", get(resultfmt.KeyGOMAXPROCS)},
			{"commit", commit},
			{"date", m.runDates()},
			{"profile", fmt.Sprintf("%s: %s, each run for %s, in an order shuffled per round (%s)", get(resultfmt.KeyProfile), m.set.RoundsSummary(), get(resultfmt.KeyBenchtime), m.runSeeds())},
			{"results", m.set.Path},
		},
	}
	var im render.Table
	im.Title = "Implementations"
	im.Header = []string{"name", "how an item crosses", "producers", "the handler runs on", "reentry"}
	for _, i := range m.impls {
		if i.Traits == nil {
			im.Rows = append(im.Rows, []string{i.Name, summary(i), notRecorded, notRecorded, notRecorded})
			continue
		}
		t := i.Traits
		// A handler calling its own Conn: a single-producer ring races with
		// the producer (rule 7); the others wait for themselves.
		producers, reentry := "one", "races with the producer"
		if t.ConcurrentProducers {
			producers, reentry = "many", "deadlocks"
		}
		if t.DetectsReentry {
			reentry = "detected"
		}
		runs := "a goroutine of the Conn"
		switch {
		case t.OnProducerGoroutine:
			runs = "the producer's goroutine"
		case t.Synchronous:
			runs = "its own, while the producer waits"
		}
		im.Rows = append(im.Rows, []string{i.Name, summary(i), producers, runs, reentry})
	}
	return render.Page{
		Title: appendixPage,
		Intro: []string{
			"Each implementation of one producer–consumer contract (the Python generator protocol of the project's seed: prime, send and get a reply, close) is measured doing the same exchange, beside the raw mechanism it is built on. Every run is validated — every item handled once, replies matched — and reports CPU time, mutex waits and scheduling delay beside wall time. Values are medians over the rounds with 95% confidence intervals; differences are called significant at p of 0.05 or less (Mann–Whitney U), each finding tested alone and not corrected for the two dozen in a report, so about one in twenty differences called significant may be chance.",
			fmt.Sprintf("Reproduce: make bench PROFILE=%s (or go run ./cmd/handoff bench -profile=%s -seed=%s for the same order), then make report RESULTS=<results file>.", get(resultfmt.KeyProfile), get(resultfmt.KeyProfile), get(resultfmt.KeyOrderSeed)),
		},
		Tables: slices.DeleteFunc([]render.Table{env, im}, func(t render.Table) bool { return len(t.Rows) == 0 }),
	}
}
