package report

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/handoffbench/handoff/report/internal/render"
	"github.com/handoffbench/handoff/stats"
)

// findingsTitle is the page of findings: a question a reader asks after
// the decision table a finding, answered from the run.
const findingsTitle = "Findings"

// findingsPage lists the findings, a bullet each in the Markdown.
func (m *model) findingsPage() render.Page {
	return render.Page{Title: findingsTitle, Intro: m.findings(), Bullets: true}
}

// findings are the Findings page, one per question a reader asks after the
// decision table, at the largest GOMAXPROCS unless the question is about
// GOMAXPROCS: the claim, its number with a 95% interval and, where two
// things are compared, a p-value (stats.Set.Ratio: paired by round when the
// file records rounds), and what would change it. A question the run cannot
// answer is left out. The locked vs lock-free questions are answered on
// their own page (questionFindings).
func (m *model) findings() []string {
	var out []string
	add := func(fs ...func() string) {
		for _, f := range fs {
			if s := f(); s != "" {
				out = append(out, s)
			}
		}
	}
	add(m.crossFinding, m.floorFinding, m.procsFinding, m.batchFinding, m.cpuFinding, m.workFinding)
	out = append(out, m.pipelineFindings()...)
	add(m.spinLoadFinding, m.corunnerFinding, m.spreadFinding)
	return out
}

// ranked are the implementations' keys in a mode at one GOMAXPROCS, by
// median ns/op, fastest first.
func (m *model) ranked(mode string, capacity, procs int) []stats.Key {
	var ks []stats.Key
	for _, im := range m.impls {
		if k, ok := m.handoff(im.Name, mode, capacity, procs); ok {
			ks = append(ks, k)
		}
	}
	slices.SortStableFunc(ks, func(a, b stats.Key) int { return cmp.Compare(m.set.Center(a, ns), m.set.Center(b, ns)) })
	return ks
}

// ratioText is b against a: "45 ns, 1.8× [1.6×, 2.0×] as much (p=0.031)",
// without the interval where the file records no rounds.
func (m *model) ratioText(a, b stats.Key, unit string) (string, stats.Ratio, bool) {
	r, ok := m.ratio(a, b, unit)
	if !ok {
		return "", r, false
	}
	return fmt.Sprintf("%s, %s as much (%s)", fmtNS(m.set.Center(b, unit)), fmtRatioCI(r), fmtP(r.P)), r, true
}

// crossFinding: what a reply costs when the handler runs on another
// goroutine, against the cheapest that never leaves the producer.
func (m *model) crossFinding() string {
	p := m.maxProcs()
	var sync, cross []stats.Key
	for _, k := range m.ranked("roundtrip", 0, p) {
		switch im := m.implOf(k.Impl); {
		case im.Traits == nil: // not recorded: on neither side
		case im.CrossesThreads():
			cross = append(cross, k)
		default:
			sync = append(sync, k)
		}
	}
	if len(sync) == 0 || len(cross) == 0 {
		return ""
	}
	a, b := sync[0], cross[0]
	txt, _, ok := m.ratioText(a, b, ns)
	if !ok {
		return ""
	}
	return fmt.Sprintf("Does handing a reply to another goroutine cost much? The cheapest that crosses, %s, costs %s as the cheapest that does not, %s at %s, in a roundtrip at GOMAXPROCS=%d. What would change it: work in the handler, which the crossing pays once however long it runs; a machine with a cheaper wake-up.",
		b.Impl, txt, a.Impl, fmtNS(m.set.Center(a, ns)), p)
}

// floorFinding: each implementation's roundtrip against its own raw
// mechanism, paired.
func (m *model) floorFinding() string {
	p := m.maxProcs()
	var over, same []string
	for _, im := range m.impls {
		k, ok := m.handoff(im.Name, "roundtrip", 0, p)
		if !ok {
			continue
		}
		f, name, ok := m.floorOf(im, k)
		if !ok {
			continue
		}
		txt, r, ok := m.ratioText(f, k, ns)
		if !ok {
			continue
		}
		if significant(r) {
			over = append(over, fmt.Sprintf("%s %s as its %s floor", im.Name, txt, name))
		} else {
			same = append(same, fmt.Sprintf("%s (%s, %s)", im.Name, fmtRatioCI(r), fmtP(r.P)))
		}
	}
	if len(over)+len(same) == 0 {
		return ""
	}
	s := fmt.Sprintf("What does the contract cost over the bare mechanism it is built on (roundtrip, GOMAXPROCS=%d)? ", p)
	if len(over) > 0 {
		s += strings.Join(over, "; ") + ". "
	}
	if len(same) > 0 {
		s += "Not shown to differ from their floor: " + strings.Join(same, "; ") + ". "
	}
	return s + "What would change it: more rounds, to resolve the small differences; a contract with fewer guarantees (no reentry check, no closed check)."
}

// procsFinding: how each roundtrip changes from the smallest to the largest
// GOMAXPROCS — whether a second core helps or hurts.
func (m *model) procsFinding() string {
	if len(m.procs) < 2 {
		return ""
	}
	lo, hi := m.procs[0], m.maxProcs()
	var changed, same []string
	for _, im := range m.impls {
		a, ok1 := m.handoff(im.Name, "roundtrip", 0, lo)
		b, ok2 := m.handoff(im.Name, "roundtrip", 0, hi)
		if !ok1 || !ok2 {
			continue
		}
		txt, r, ok := m.ratioText(a, b, ns)
		if !ok {
			continue
		}
		if significant(r) {
			changed = append(changed, fmt.Sprintf("%s %s as with one", im.Name, txt))
		} else {
			same = append(same, im.Name)
		}
	}
	if len(changed)+len(same) == 0 {
		return ""
	}
	s := fmt.Sprintf("Does a second core change a roundtrip? From GOMAXPROCS=%d to %d: ", lo, hi)
	if len(changed) == 0 {
		s += "no implementation changes significantly"
	} else {
		s += strings.Join(changed, "; ")
		if len(same) > 0 {
			s += fmt.Sprintf("; %s are not shown to change", strings.Join(same, ", "))
		}
	}
	return s + ". What would change it: a machine whose cores share less (another socket, another cache), or other load on the spare core."
}

// batchFinding: what the largest capacity buys the cheapest stream over the
// smallest, and what it costs its items in waiting.
func (m *model) batchFinding() string {
	p := m.maxProcs()
	caps := m.capacities(p)
	if len(caps) < 2 {
		return ""
	}
	lo, top := caps[0], caps[len(caps)-1]
	ks := m.ranked("stream", top, p)
	if len(ks) == 0 {
		return ""
	}
	best := ks[0]
	small, ok := m.handoff(best.Impl, "stream", lo, p)
	if !ok {
		return ""
	}
	txt, _, ok := m.ratioText(best, small, ns)
	if !ok {
		return ""
	}
	s := fmt.Sprintf("What does batching buy, and cost? The cheapest stream at capacity %d, %s at %s per item, costs, at capacity %d, %s", top, best.Impl, fmtNS(m.set.Center(best, ns)), lo, txt)
	latTop, ok1 := m.set.Lookup(stats.Key{Bench: "Latency", Impl: best.Impl, Mode: "stream", Cap: top, Procs: p})
	latLo, ok2 := m.set.Lookup(stats.Key{Bench: "Latency", Impl: best.Impl, Mode: "stream", Cap: lo, Procs: p})
	if ok1 && ok2 {
		if lt, _, ok := m.ratioText(latLo, latTop, "ns/p99"); ok {
			s += fmt.Sprintf("; in exchange its items wait longer: the p99 from Put to handler at capacity %d is %s as the %s at capacity %d", top, lt, fmtNS(m.set.Center(latLo, "ns/p99")), lo)
		}
	}
	return s + fmt.Sprintf(" (GOMAXPROCS=%d). What would change it: a producer that pauses between items, so batches stay short; a handler that is slow next to the handoff.", p)
}

// cpuFinding: which goroutine-crossing implementations burn more CPU than
// wall time in a stream at the largest capacity.
func (m *model) cpuFinding() string {
	p := m.maxProcs()
	caps := m.capacities(p)
	if len(caps) == 0 {
		return ""
	}
	top := caps[len(caps)-1]
	var over []string
	n := 0
	for _, im := range m.crossing() {
		k, ok := m.handoff(im.Name, "stream", top, p)
		if !ok {
			continue
		}
		c, ok := m.set.Summary(k, "cpu-ns/op")
		if !ok {
			continue
		}
		n++
		w, _ := m.set.Summary(k, ns)
		// Above 1.2× with the intervals apart: the CPU interval's low end
		// above the wall interval's high end.
		if c.Center > 1.2*w.Center && c.Lo > w.Hi {
			over = append(over, fmt.Sprintf("%s %s CPU per item against %s wall (%s)", im.Name, fmtSummary(c), fmtSummary(w), fmtRatio(c.Center/w.Center)))
		}
	}
	if n == 0 {
		return ""
	}
	s := fmt.Sprintf("Which handoffs burn more CPU than they take wall time (stream, cap %d, GOMAXPROCS=%d)? ", top, p)
	if len(over) == 0 {
		s += fmt.Sprintf("None of the %d that cross goroutines is shown to burn more than 1.2× its wall time: none spins a core away", n)
	} else {
		s += strings.Join(over, "; ") + fmt.Sprintf("; the other %d of %d are not shown to", n-len(over), n)
	}
	return s + ". What would change it: no spare core, where a spinner's CPU is taken from the producer; a producer that pauses, so waiters spin longer."
}

// workFinding: with ~100 ns of work in the handler, what the handoff adds
// to a plain call doing the same work.
func (m *model) workFinding() string {
	p := m.procs[0]
	work, ok := m.set.Lookup(stats.Key{Bench: "Floor", Impl: "funccall", Mode: "roundtrip", Payload: payload, Work: 100, Procs: p})
	if !ok {
		return ""
	}
	var parts []string
	for _, im := range m.impls {
		k, ok := m.set.Lookup(stats.Key{Bench: "Handoff", Impl: im.Name, Mode: "roundtrip", Payload: payload, Work: 100, Procs: p})
		if !ok {
			continue
		}
		if txt, _, ok := m.ratioText(work, k, ns); ok {
			parts = append(parts, im.Name+" "+txt)
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return fmt.Sprintf("Does the handoff still matter when the handler works? With a nominal 100 ns of work per item (a plain call doing it costs %s), a roundtrip at GOMAXPROCS=%d costs, against that call: %s. What would change it: more work per item, which shrinks every ratio towards 1×.",
		fmtNS(m.set.Center(work, ns)), p, strings.Join(parts, "; "))
}
