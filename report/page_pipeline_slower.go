package report

import (
	"fmt"
	"math"
	"strings"

	"github.com/handoffbench/handoff/bench/matrix"
	"github.com/handoffbench/handoff/report/internal/render"
	"github.com/handoffbench/handoff/resultfmt"
	"github.com/handoffbench/handoff/stats"
)

// The rows of the page "When crossing threads pays" that are slower than
// doing both works one after the other (serial), and why, as the units the
// file measured say: the page's last table and a finding.

// slowerThanSerial is k's paired ratio to serial at the same level, and
// whether it shows k slower: its interval above 1 (the medians apart where
// the file records no rounds) and p ≤ alpha.
func (m *model) slowerThanSerial(k stats.Key, run pipelineRun, l workLevel) (stats.Ratio, bool) {
	s, ok := m.pipelineKey(matrix.Serial, run, l)
	if !ok {
		return stats.Ratio{}, false
	}
	r, ok := m.ratio(s, k, ns)
	return r, ok && r.Ratio > 1 && significant(r)
}

// A slower is a row shown slower than serial at some level of a run: each
// such level with the row's ratio to serial, and why at the one with the
// most work.
type slower struct {
	im    resultfmt.Row
	where []string // "25 ns a side, 2.65× [2.56×, 2.76×]"
	worst workLevel
	key   stats.Key // the row at worst
	why   why
}

// slowers are a run's rows shown slower than serial at some level.
func (m *model) slowers(run pipelineRun) []slower {
	var out []slower
	for _, im := range m.pipelineRows(run) {
		sl := slower{im: im}
		found := false
		for _, l := range m.pipelineLevels(run) {
			k, ok := m.pipelineKey(im.Name, run, l)
			if !ok {
				continue
			}
			r, isSlower := m.slowerThanSerial(k, run, l)
			if !isSlower {
				continue
			}
			sl.where = append(sl.where, fmt.Sprintf("%s, %s", l.label(), fmtRatioCI(r)))
			if !found || l.producer+l.handler >= sl.worst.producer+sl.worst.handler {
				sl.worst, sl.key, found = l, k, true
			}
		}
		if found {
			sl.why = m.pipelineWhy(sl.key, run, sl.worst)
			out = append(out, sl)
		}
	}
	return out
}

// slowerFinding: which rows are slower than serial, grouped by what the
// numbers point to; the page's table gives each row's numbers.
func (m *model) slowerFinding(run pipelineRun) string {
	sls := m.slowers(run)
	if len(sls) == 0 {
		return ""
	}
	var causes []string
	byCause := map[string][]string{}
	for _, sl := range sls {
		c := sl.why.cause
		if c == "" {
			c = "no unit that stands out"
		}
		if _, seen := byCause[c]; !seen {
			causes = append(causes, c)
		}
		byCause[c] = append(byCause[c], fmt.Sprintf("%s (at %s)", sl.im.Name, sl.worst.label()))
	}
	var parts []string
	for _, c := range causes {
		parts = append(parts, fmt.Sprintf("%s: %s", c, strings.Join(byCause[c], ", ")))
	}
	return fmt.Sprintf("Which rows are slower than doing both works one after the other in one goroutine, and why? In the Pipeline's %s, %d of %d rows at some level (the table %q gives each level and the numbers). Read at the level with the most work where each is slower, the numbers point to %s. What would change it: more work a side, which every row that crosses threads overlaps better; another machine's cost of waking a core.",
		run, len(sls), len(m.pipelineRows(run)), slowerTableTitle(run), strings.Join(parts, "; "))
}

func slowerTableTitle(run pipelineRun) string {
	return fmt.Sprintf("Slower than serial, and why: %s", run)
}

// slowerTable: for each row slower than serial, the levels where it is,
// and at the one with the most work the units that say why, set against
// the work's own CPU and a perfect overlap's, and the row against its raw
// mechanism where the run measured one.
func (m *model) slowerTable(run pipelineRun) (render.Table, bool) {
	sls := m.slowers(run)
	t := render.Table{
		Title:  slowerTableTitle(run),
		Header: []string{"row", "slower than serial at (× serial, paired)", "at", "lock waits", "wake-ups", "thread sleeps", "threads busy (a perfect overlap's)", "the numbers point to", "× its raw mechanism"},
		Right:  []bool{false, false, false, true, true, true, true, false, false},
	}
	for _, sl := range sls {
		w := sl.why
		mech := "–"
		if r, f, ok := m.againstMechanism(sl.im, sl.key, run, sl.worst); ok {
			mech = fmt.Sprintf("%s: %s (%s)", f, fmtRatioCI(r), fmtP(r.P))
		}
		t.Rows = append(t.Rows, []string{sl.im.Name, strings.Join(sl.where, "; "), sl.worst.label(),
			w.perItem(w.lockNS, fmtNS), w.perItem(w.wakeups, fmtUnits), w.perItem(w.sleeps, fmtUnits),
			fmt.Sprintf("%s (%s)", fmtThreads(w.busy), fmtThreads(w.ideal)), causeCell(w), mech})
	}
	return t, len(t.Rows) > 0
}

// causeCell is a why's cause and its measure, or a dash.
func causeCell(w why) string {
	switch {
	case w.cause == "":
		return "–"
	case w.detail == "":
		return w.cause
	}
	return w.cause + ": " + w.detail
}

// againstMechanism is row k's paired ratio to the raw mechanism its
// stream is built on, where the run measured it at the level, and the
// mechanism's name: whether the row is as far from the limit as the
// mechanism alone, or what its own code adds.
func (m *model) againstMechanism(im resultfmt.Row, k stats.Key, run pipelineRun, l workLevel) (stats.Ratio, string, bool) {
	if im.StreamFloor == "" {
		return stats.Ratio{}, "", false
	}
	f, ok := m.pipelineKey(im.StreamFloor, run, l)
	if !ok {
		return stats.Ratio{}, "", false
	}
	r, ok := m.ratio(f, k, ns)
	return r, im.StreamFloor, ok
}

// A why is what the units say of a row at a level: lock waits, wake-ups
// and threads put to sleep per item (NaN where not measured), the threads
// it kept busy (CPU over wall) against a perfect overlap's, the cause the
// numbers point to, in a few words that rows share, and its measure.
type why struct {
	lockNS, wakeups, sleeps float64
	busy, ideal             float64
	cause, detail           string
}

// perItem formats a per-item count, a dash where it was not measured.
func (w why) perItem(v float64, f func(float64) string) string {
	if math.IsNaN(v) {
		return "–"
	}
	return f(v)
}

// Causes a why can name.
const (
	causeLock     = "lock contention"
	causeWake     = "a wake-up about once an item"
	causeSleep    = "a thread put to sleep about once an item"
	causeTurns    = "turn-taking, one thread busy at a time"
	causeBusyWait = "a thread busy waiting, not parked"
	causeOwnWork  = "the handoff's own work, handing over and waiting"
	causeOwnCost  = "the handoff's own cost on the side that limits"
)

// pipelineWhy reads why row k falls short at a level from the units the
// file measured there, set against the two floors: serial's CPU is the
// work's own, and serial's CPU over the overlap limit's wall time is how
// many threads a perfect overlap keeps busy. The cause is the first of
// these the numbers show: lock waits of 5% of the wall time or more; a
// wake-up, or a thread put to sleep, about once an item; about one thread
// busy at a time where a perfect overlap keeps more busy; CPU a quarter
// above the work's own with half a thread more busy than a perfect
// overlap keeps (a waiter that does not park); CPU a quarter above the
// work's own; else the handoff's own cost per item.
func (m *model) pipelineWhy(k stats.Key, run pipelineRun, l workLevel) why {
	w := why{lockNS: math.NaN(), wakeups: math.NaN(), sleeps: math.NaN(), busy: math.NaN(), ideal: math.NaN()}
	wall := m.set.Center(k, ns)
	if !(wall > 0) {
		return w
	}
	serial, serialOK := m.pipelineKey(matrix.Serial, run, l)
	limit, limitOK := m.pipelineKey(matrix.OverlapLimit, run, l)
	if mw, ok := m.set.Summary(k, "mutex-wait-ns/op"); ok {
		w.lockNS = mw.Center
		if mw.Center >= 0.05*wall && mw.Center >= 1 {
			w.cause, w.detail = causeLock, fmt.Sprintf("%s of the wall time blocked on a lock the other side holds (the runtime's own locks, a channel's among them, count)", fmtShareOf(mw.Center, wall))
		}
	}
	if wk, ok := m.set.Summary(k, "wakeups/op"); ok {
		w.wakeups = wk.Center
		if wk.Center >= 0.5 && w.cause == "" {
			w.cause, w.detail = causeWake, fmt.Sprintf("%s wake-ups an item, which the work does not hide", fmtUnits(wk.Center))
		}
	}
	if ts, ok := m.set.Summary(k, "thread-sleeps/op"); ok {
		w.sleeps = ts.Center
		if ts.Center >= 0.5 && w.cause == "" {
			w.cause, w.detail = causeSleep, fmt.Sprintf("%s thread sleeps an item, each a wake-up across cores", fmtUnits(ts.Center))
		}
	}
	if c, ok := m.set.Summary(k, "cpu-ns/op"); ok {
		w.busy = c.Center / wall
		own := math.NaN()
		if serialOK && m.set.Has(serial, "cpu-ns/op") {
			own = m.set.Center(serial, "cpu-ns/op")
			if limitOK && m.set.Center(limit, ns) > 0 {
				w.ideal = own / m.set.Center(limit, ns)
			}
		}
		beyond := fmt.Sprintf("%s of CPU an item beyond the work's", fmtNS(c.Center-own))
		switch {
		case w.cause != "":
		case w.busy < 1.25 && w.ideal >= 1.5:
			w.cause, w.detail = causeTurns, "the two sides' work did not overlap"
		case own > 0 && c.Center > 1.25*own && w.busy >= w.ideal+0.5:
			w.cause, w.detail = causeBusyWait, beyond+", spinning or yielding"
		case own > 0 && c.Center > 1.25*own:
			w.cause, w.detail = causeOwnWork, beyond
		}
	}
	if w.cause == "" && limitOK {
		w.cause, w.detail = causeOwnCost, fmt.Sprintf("%s an item over the overlap limit", fmtNS(wall-m.set.Center(limit, ns)))
	}
	return w
}

// fmtThreads is an average number of busy threads.
func fmtThreads(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	return fmt.Sprintf("%.1f", v)
}

// fmtShareOf is a as a percentage of b.
func fmtShareOf(a, b float64) string {
	if !(b > 0) {
		return "–"
	}
	return fmt.Sprintf("%.0f%%", 100*a/b)
}
