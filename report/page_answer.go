package report

import (
	"fmt"
	"slices"
	"strings"

	"github.com/handoffbench/handoff/bench/matrix"
	"github.com/handoffbench/handoff/report/internal/render"
)

// answerTitle is page 1's: the decision table built from this run, how to
// read it, and the one chart that carries the headline. Its foot carries
// the notes about the results files themselves.
const answerTitle = "Which handoff to use: the answer from this run"

// answerPage is page 1: how to read the decision table, the chart, the
// break-even of crossing threads, and the table, whose rows are decided in
// page_answer_decide.go.
func (m *model) answerPage() render.Page {
	ds := m.decisions()
	p := m.chartPage(answerTitle, m.answerIntro(ds), want(m.answerChart()))
	if s := m.breakEvenSentence(); s != "" {
		p.Intro = append(p.Intro, s)
	}
	p.Tables = []render.Table{m.decisionTable(ds)}
	return p
}

// answerIntro says how to read the table: where each column's numbers come
// from, and the rule that names a winner.
func (m *model) answerIntro(ds []decision) string {
	var whats []string
	for _, d := range ds {
		if d.what != "" && !slices.Contains(whats, d.what) {
			whats = append(whats, d.what)
		}
	}
	lo, hi := m.procs[0], m.maxProcs()
	spare := fmt.Sprintf("on an idle machine, a spare core means GOMAXPROCS=%d, one core GOMAXPROCS=%d", hi, lo)
	if lo == hi {
		spare = fmt.Sprintf("only GOMAXPROCS=%d was run, so rows without a spare core are undecided", hi)
	}
	spare += "; a busy machine is measured, not stood in for by GOMAXPROCS: the Load benchmark keeps every core busy with CPU-bound goroutines in the process (goroutines on every P) or with another process (other processes on every CPU), and only the rows that hand over to another goroutine are measured there"
	if _, ok := m.loadProcs(); !ok {
		spare += " (this run has no Load results, so those rows are undecided)"
	}
	paired := "paired round by round (the ratio's 95% interval must exclude 1)"
	if !m.set.RecordsRounds() {
		paired = "with Mann–Whitney (this file records no rounds: the two medians' 95% intervals must not overlap)"
	}
	work := "an int payload and no work in the handler"
	if slices.ContainsFunc(ds, func(d decision) bool { return d.s.pipe }) {
		work = "an int payload and no work unless the row gives work per item: there the Pipeline benchmark's producer works that long before each Put and its handler that long on each item, nominal nanoseconds of dependent arithmetic, which a handoff that crosses threads can overlap"
	}
	return fmt.Sprintf("Find your situation; the row names the implementation that was fastest there in this run, %s. A winner is named only when it beats the runner-up beyond doubt: %s, at p of %v or less, each row tested alone; otherwise the row says undecided, and why. \"Own goroutine\" keeps the handler off the producer's goroutine (its LockOSThread, pprof labels); %s. Measured: %s.",
		work, paired, alpha, spare, strings.Join(whats, "; "))
}

// answerChart: every implementation's cost per op in a roundtrip and a
// stream at the largest capacity, at the largest GOMAXPROCS, coloured by
// implementation as on every page.
func (m *model) answerChart() (render.Chart, bool) {
	p := m.maxProcs()
	modes := []exchange{{"roundtrip", 0}}
	if caps := m.capacities(p); len(caps) > 0 {
		modes = append(modes, exchange{"stream", caps[len(caps)-1]})
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

// decisionTable is page 1's table: a row per situation.
func (m *model) decisionTable(ds []decision) render.Table {
	yes := func(b bool, y, n string) string {
		if b {
			return y
		}
		return n
	}
	t := render.Table{
		Title:  "Which to use: the winner of each situation in this run, its median cost with 95% CI, the runner-up as a multiple of it",
		Header: []string{"you need", "the handler", "producers", "bound by", "the machine", "use", "cost", "runner-up: × the winner, 95% CI, p", "caveats, or why undecided"},
		Right:  []bool{false, false, false, false, false, false, true, false, false},
	}
	// The work per item has a column only where some row has work: the
	// Pipeline benchmark was run.
	withWork := slices.ContainsFunc(ds, func(d decision) bool { return d.s.pipe })
	if withWork {
		t.Header = slices.Insert(t.Header, 4, "work per item (nominal)")
		t.Right = slices.Insert(t.Right, 4, false)
	}
	for _, d := range ds {
		s := d.s
		row := []string{
			yes(s.reply, "the reply", "fire & forget"),
			yes(s.own, "own goroutine", "may share"),
			yes(s.many, "many", "one"),
			yes(s.tail, "p99 latency", "throughput"),
			machineState(s),
		}
		use, cost, runner, note := "undecided", "–", "–", d.why
		if d.what != "" && d.leader.Name != "" {
			cost = fmtValue(d.cost, d.unit)
		}
		if d.winner != "" {
			use, note = d.winner, strings.Join(d.caveats, "; ")
		} else if d.leader.Name != "" {
			cost = d.leader.Impl + " " + cost
		}
		if d.hasRatio {
			runner = fmt.Sprintf("%s %s, %s", d.runnerUp, fmtRatioCI(d.ratio), fmtP(d.ratio.P))
		}
		if withWork { // after "bound by"
			work := "none"
			if s.pipe {
				work = s.work.label()
			}
			row = slices.Insert(row, 4, work)
		}
		t.Rows = append(t.Rows, append(row, use, cost, runner, note))
	}
	return t
}

// machineState is the table's column for the state of the machine: idle, with
// or without a spare core, or busy, and with what.
func machineState(s situation) string {
	switch {
	case s.busy == matrix.LoadProcs:
		return "busy: goroutines on every P"
	case s.busy != "":
		return "busy: other processes on every CPU"
	case s.spare:
		return "idle, a spare core"
	}
	return "idle, one core"
}
