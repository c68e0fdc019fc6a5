package report

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/handoffbench/handoff/stats"
)

// alpha is the significance level of every "significantly" in the
// findings, as benchstat's default: p ≤ alpha, each test alone, with no
// correction across the findings (the text says so).
const alpha = 0.05

// findings are page 7: sentences computed from the numbers — who is
// fastest, by how much and whether it is significant, what the contract
// costs over each mechanism, what GOMAXPROCS and batching change. Nothing
// here is written in advance but the sentence frames.
func (m *model) findings() []string {
	var out []string
	add := func(s string, args ...any) { out = append(out, fmt.Sprintf(s, args...)) }
	for _, p := range m.procs {
		for _, hm := range headlineModes {
			if s := m.fastest(hm.mode, hm.capacity, p); s != "" {
				add("%s", s)
			}
		}
	}
	for _, p := range m.procs {
		if s := m.floorFinding(p); s != "" {
			add("%s", s)
		}
	}
	if s := m.procsFinding(); s != "" {
		add("%s", s)
	}
	if s := m.batchFinding(); s != "" {
		add("%s", s)
	}
	if s := m.cpuFinding(); s != "" {
		add("%s", s)
	}
	if s := m.workFinding(); s != "" {
		add("%s", s)
	}
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

func (m *model) fastest(mode string, capacity, procs int) string {
	ks := m.ranked(mode, capacity, procs)
	if len(ks) < 2 {
		return ""
	}
	a, b := ks[0], ks[1]
	ca, cb := m.set.Center(a, ns), m.set.Center(b, ns)
	c := m.set.Compare(a, b, ns)
	s := fmt.Sprintf("GOMAXPROCS=%d, %s: %s is fastest at %s per op", procs, modeLabel(mode, capacity), a.Impl, fmtNS(ca))
	if c.P > alpha {
		s += fmt.Sprintf(", but not significantly ahead of %s at %s (%s, n=%d)", b.Impl, fmtNS(cb), fmtP(c.P), c.N1)
	} else {
		s += fmt.Sprintf("; %s follows at %s, %s as much (%s)", b.Impl, fmtNS(cb), fmtRatio(cb/ca), fmtP(c.P))
	}
	if len(ks) > 2 {
		last := ks[len(ks)-1]
		s += fmt.Sprintf("; the slowest, %s, costs %s as much as %s", last.Impl, fmtRatio(m.set.Center(last, ns)/ca), a.Impl)
	}
	return s + "."
}

// floorFinding: each implementation's roundtrip against its own raw
// mechanism, and whether the difference is significant.
func (m *model) floorFinding(procs int) string {
	var parts []string
	for _, im := range m.impls {
		k, ok := m.handoff(im.Name, "roundtrip", 0, procs)
		if !ok {
			continue
		}
		f, name, ok := m.floorOf(im, k)
		if !ok {
			continue
		}
		r := m.set.Center(k, ns) / m.set.Center(f, ns)
		part := fmt.Sprintf("%s %s its %s floor", im.Name, fmtRatio(r), name)
		if c := m.set.Compare(f, k, ns); c.P > alpha {
			part += fmt.Sprintf(" (not significantly different, %s)", fmtP(c.P))
		}
		parts = append(parts, part)
	}
	if len(parts) == 0 {
		return ""
	}
	return fmt.Sprintf("What the contract costs over the bare mechanism, roundtrip at GOMAXPROCS=%d: %s.", procs, strings.Join(parts, "; "))
}

// procsFinding: how each implementation's roundtrip changes from the
// smallest to the largest GOMAXPROCS.
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
		c := m.set.Compare(a, b, ns)
		r := m.set.Center(b, ns) / m.set.Center(a, ns)
		if c.P <= alpha {
			dir := "slower"
			if r < 1 {
				dir, r = "faster", 1/r
			}
			changed = append(changed, fmt.Sprintf("%s gets %s %s (%s)", im.Name, fmtRatio(r), dir, fmtP(c.P)))
		} else {
			same = append(same, im.Name)
		}
	}
	s := fmt.Sprintf("From GOMAXPROCS=%d to %d, roundtrip: ", lo, hi)
	switch {
	case len(changed) == 0:
		return s + "no implementation changes significantly."
	case len(same) == 0:
		return s + strings.Join(changed, "; ") + "."
	}
	return s + strings.Join(changed, "; ") + fmt.Sprintf("; %s do not change significantly.", strings.Join(same, ", "))
}

// batchFinding: locked batch-taking against channels, and iterpull's one
// switch per batch, at the largest capacity.
func (m *model) batchFinding() string {
	p := m.maxProcs()
	caps := m.capacities(p)
	if len(caps) == 0 {
		return ""
	}
	top := caps[len(caps)-1]
	ks := m.ranked("stream", top, p)
	if len(ks) < 2 {
		return ""
	}
	var parts []string
	for _, k := range ks {
		parts = append(parts, fmt.Sprintf("%s %s", k.Impl, fmtNS(m.set.Center(k, ns))))
	}
	s := fmt.Sprintf("Streaming at capacity %d, GOMAXPROCS=%d, cost per item: %s", top, p, strings.Join(parts, ", "))
	if lat, ok := m.set.Lookup(stats.Key{Bench: "Latency", Impl: ks[0].Impl, Mode: "stream", Cap: top, Procs: p}); ok {
		s += fmt.Sprintf("; the cheapest, %s, makes an item wait %s at the 99th percentile from Put to handler", ks[0].Impl, fmtNS(m.set.Center(lat, "ns/p99")))
		if lat0, ok := m.set.Lookup(stats.Key{Bench: "Latency", Impl: ks[0].Impl, Mode: "stream", Cap: 0, Procs: p}); ok {
			s += fmt.Sprintf(", against %s at capacity 0", fmtNS(m.set.Center(lat0, "ns/p99")))
		}
	}
	return s + "."
}

// cpuFinding: which goroutine-crossing implementations burn more CPU than
// wall time.
func (m *model) cpuFinding() string {
	p := m.maxProcs()
	var over, under []string
	for _, im := range m.crossing() {
		k, ok := m.handoff(im.Name, "stream", 256, p)
		if !ok {
			continue
		}
		c, ok := m.set.Summary(k, "cpu-ns/op")
		if !ok {
			continue
		}
		r := c.Center / m.set.Center(k, ns)
		if r > 1.2 {
			over = append(over, fmt.Sprintf("%s %s", im.Name, fmtRatio(r)))
		} else {
			under = append(under, fmt.Sprintf("%s %s", im.Name, fmtRatio(r)))
		}
	}
	if len(over)+len(under) == 0 {
		return ""
	}
	s := fmt.Sprintf("CPU time against wall time per item, stream at capacity 256, GOMAXPROCS=%d: ", p)
	if len(over) > 0 {
		s += "more than one thread busy per item (spinning, or consumer and producer in parallel) for " + strings.Join(over, ", ")
		if len(under) > 0 {
			s += "; within 20% of wall time for " + strings.Join(under, ", ")
		}
		return s + "."
	}
	return s + "within 20% of wall time for " + strings.Join(under, ", ") + " (a ratio of medians, without an interval): by that measure no waiter burns a core."
}

// workFinding: with ~100 ns of work in the handler, how much of a
// roundtrip is the handoff.
func (m *model) workFinding() string {
	p := m.procs[0]
	work, ok := m.set.Lookup(stats.Key{Bench: "Floor", Impl: "funccall", Mode: "roundtrip", Payload: payload, Work: 100, Procs: p})
	if !ok {
		return ""
	}
	w := m.set.Center(work, ns)
	var parts []string
	for _, im := range m.impls {
		k, ok := m.set.Lookup(stats.Key{Bench: "Handoff", Impl: im.Name, Mode: "roundtrip", Payload: payload, Work: 100, Procs: p})
		if !ok {
			continue
		}
		c := m.set.Center(k, ns)
		share := fmt.Sprintf("%s %.0f%%", im.Name, 100*(1-w/c))
		if c < w { // not clipped to 0%: a roundtrip measured faster than the work alone is noise, or the work overlapped
			share += " (below zero: the roundtrip measured less than the work alone)"
		}
		parts = append(parts, share)
	}
	if len(parts) == 0 {
		return ""
	}
	return fmt.Sprintf("With the nominal 100 ns of work per item (a plain call doing it costs %s here), the handoff's share of a roundtrip at GOMAXPROCS=%d is: %s.", fmtNS(w), p, strings.Join(parts, ", "))
}
