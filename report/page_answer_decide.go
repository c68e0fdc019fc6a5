package report

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/handoffbench/handoff/bench/matrix"
	"github.com/handoffbench/handoff/resultfmt"
	"github.com/handoffbench/handoff/stats"
)

// The decision table of page 1: the situations a reader may be in, and
// each one's answer from the run, decided beyond doubt or undecided with
// the reason.

// A situation is one row of the decision table: what a program needs from
// a handoff. The traits the results file records say which implementations
// may serve it; the run's benchmarks say which serves it best.
type situation struct {
	reply bool // Send and wait for the reply; else fire-and-forget Puts
	own   bool // the handler must not run on the producer's goroutine
	many  bool // several producers share the Conn
	tail  bool // bound by the 99th-percentile latency, not throughput
	spare bool // a spare core: read at the largest GOMAXPROCS, else the smallest
	// busy, when not "", is the load (the Load benchmark's load=) that
	// keeps the machine's cores busy: the row is read from the Load
	// benchmark at the largest GOMAXPROCS it ran at. Only the rows that
	// hand over to another goroutine are measured under load, so a busy
	// row needs its handler on its own goroutine.
	busy string
	// pipe: the row has work per item, read from the Pipeline benchmark at
	// work: its producer works that long before each Put and its handler
	// that long on each item, so that a handoff that crosses threads can
	// overlap the two (page_pipeline.go).
	pipe bool
	work workLevel
}

// situations are the table's rows. Replies bound by tail latency are left
// out: a roundtrip's cost is its latency, and the rows above answer it.
var situations = []situation{
	{reply: true, spare: true},
	{reply: true, own: true, spare: true},
	{reply: true, own: true},
	{reply: true, many: true, spare: true},
	{spare: true},
	{own: true, spare: true},
	{own: true},
	{many: true, spare: true},
	{tail: true, spare: true},
	{own: true, tail: true, spare: true},
	{reply: true, own: true, busy: matrix.LoadProcs},
	{reply: true, own: true, busy: matrix.LoadHost},
	{own: true, busy: matrix.LoadProcs},
	{own: true, busy: matrix.LoadHost},
	{own: true, tail: true, busy: matrix.LoadProcs},
	{own: true, tail: true, busy: matrix.LoadHost},
}

// tableSituations are the table's rows for this run: situations, and,
// after the fire-and-forget row of one producer on an idle machine with a
// spare core, that row again at each level of work the Pipeline
// benchmark measured (at any GOMAXPROCS and capacity: a level not
// measured where the row is read is undecided, and says why). A level
// with no work is left out: the row above answers it.
func (m *model) tableSituations() []situation {
	var levels []workLevel
	for _, run := range m.pipelineRuns() {
		for _, l := range m.pipelineLevels(run) {
			if (l.producer != 0 || l.handler != 0) && !slices.Contains(levels, l) {
				levels = append(levels, l)
			}
		}
	}
	sortLevels(levels)
	out := slices.Clone(situations)
	at := slices.Index(out, situation{spare: true}) + 1
	for i, l := range levels {
		out = slices.Insert(out, at+i, situation{spare: true, pipe: true, work: l})
	}
	return out
}

// A decision is a situation's answer: the winner, its cost, the
// runner-up's ratio to it, and the caveats — or, when the data cannot
// tell, why not.
type decision struct {
	s        situation
	what     string // what was measured, as the table says it
	winner   string // "" when undecided
	leader   stats.Key
	cost     stats.Summary
	unit     string
	runnerUp string
	ratio    stats.Ratio // runner-up over winner
	hasRatio bool
	why      string // the reason it is undecided, or "" if decided
	caveats  []string
}

// eligible says whether im may serve s, from its recorded traits: a row
// whose traits are not recorded serves only a situation that needs none.
func (s situation) eligible(im resultfmt.Row) bool {
	if !s.needsTraits() {
		return true
	}
	if im.Traits == nil {
		return false
	}
	return !(s.own && im.Traits.OnProducerGoroutine) && !(s.many && !im.Traits.ConcurrentProducers)
}

// needsTraits says whether only the traits can tell who may serve s.
func (s situation) needsTraits() bool { return s.own || s.many }

// procs is the GOMAXPROCS a situation is read at: the largest measured
// with a spare core, the smallest (if smaller) without.
func (m *model) situationProcs(s situation) (int, bool) {
	if s.busy != "" {
		return m.loadProcs()
	}
	if s.spare {
		return m.maxProcs(), true
	}
	if m.procs[0] < m.maxProcs() {
		return m.procs[0], true
	}
	return 0, false
}

// latencyCap is the capacity the tail-latency rows read: 16 if measured,
// else the smallest capacity the Latency benchmark ran at.
func (m *model) latencyCap(procs int) (int, bool) {
	var caps []int
	for _, k := range m.set.Find(stats.Key{Bench: "Latency", Procs: procs}) {
		caps = append(caps, k.Cap)
	}
	if len(caps) == 0 {
		return 0, false
	}
	if slices.Contains(caps, 16) {
		return 16, true
	}
	return slices.Min(caps), true
}

// measure finds, for s, each eligible implementation's benchmark and the
// unit it is ranked by, and says what that is; an empty what means the
// run has no benchmark that answers s.
func (m *model) measure(s situation) (keys []stats.Key, unit, what string, why string) {
	procs, ok := m.situationProcs(s)
	switch {
	case !ok && s.busy != "":
		return nil, "", "", "the Load benchmark was not run: no row was measured with the cores busy"
	case !ok:
		return nil, "", "", fmt.Sprintf("only GOMAXPROCS=%d was run: no run without a spare core", m.maxProcs())
	}
	unit = ns
	var find func(resultfmt.Row) (stats.Key, bool)
	switch {
	case s.pipe:
		run, ok := m.pipelineRunAt(procs)
		if !ok {
			return nil, "", "", fmt.Sprintf("the Pipeline benchmark was not run at GOMAXPROCS=%d", procs)
		}
		what = fmt.Sprintf("with work per item, ns per item in the Pipeline's %s", run)
		find = func(im resultfmt.Row) (stats.Key, bool) { return m.pipelineKey(im.Name, run, s.work) }
	case s.busy != "" && s.reply:
		what = fmt.Sprintf("roundtrip ns/op under load=%s, GOMAXPROCS=%d", s.busy, procs)
		find = func(im resultfmt.Row) (stats.Key, bool) { return m.underLoad(im.Name, "roundtrip", 0, s.busy, procs) }
	case s.busy != "":
		c := m.loadCap(procs)
		if c == 0 {
			return nil, "", "", fmt.Sprintf("no stream was run under load=%s at GOMAXPROCS=%d", s.busy, procs)
		}
		what = fmt.Sprintf("stream, cap %d, ns per item under load=%s, GOMAXPROCS=%d", c, s.busy, procs)
		if s.tail {
			unit, what = "ns/p99", fmt.Sprintf("p99 Put-to-handler, cap %d, under load=%s, GOMAXPROCS=%d", c, s.busy, procs)
		}
		find = func(im resultfmt.Row) (stats.Key, bool) { return m.underLoad(im.Name, "stream", c, s.busy, procs) }
	case s.reply && s.many:
		n := m.mostProducers("roundtrip", procs)
		if n == 0 {
			return nil, "", "", fmt.Sprintf("no benchmark sent from several producers at once at GOMAXPROCS=%d (Contention in roundtrip mode)", procs)
		}
		what = fmt.Sprintf("%d producers Sending, ns per reply, GOMAXPROCS=%d", n, procs)
		find = func(im resultfmt.Row) (stats.Key, bool) { return m.contention(im.Name, "roundtrip", n, procs) }
	case s.reply:
		what = fmt.Sprintf("roundtrip ns/op, GOMAXPROCS=%d", procs)
		find = func(im resultfmt.Row) (stats.Key, bool) { return m.handoff(im.Name, "roundtrip", 0, procs) }
	case s.tail:
		c, ok := m.latencyCap(procs)
		if !ok {
			return nil, "", "", fmt.Sprintf("the Latency benchmark was not run at GOMAXPROCS=%d", procs)
		}
		unit, what = "ns/p99", fmt.Sprintf("p99 Put-to-handler, cap %d, GOMAXPROCS=%d", c, procs)
		find = func(im resultfmt.Row) (stats.Key, bool) {
			return m.set.Lookup(stats.Key{Bench: "Latency", Impl: im.Name, Mode: "stream", Cap: c, Procs: procs})
		}
	case s.many:
		n := m.mostProducers("stream", procs)
		if n == 0 {
			return nil, "", "", fmt.Sprintf("the Contention benchmark was not run at GOMAXPROCS=%d", procs)
		}
		what = fmt.Sprintf("%d producers, ns per item, GOMAXPROCS=%d", n, procs)
		find = func(im resultfmt.Row) (stats.Key, bool) { return m.contention(im.Name, "stream", n, procs) }
	default:
		caps := m.capacities(procs)
		if len(caps) == 0 {
			return nil, "", "", fmt.Sprintf("no stream was run at GOMAXPROCS=%d", procs)
		}
		c := caps[len(caps)-1]
		what = fmt.Sprintf("stream, cap %d, ns per item, GOMAXPROCS=%d", c, procs)
		find = func(im resultfmt.Row) (stats.Key, bool) { return m.handoff(im.Name, "stream", c, procs) }
	}
	unknown := 0
	for _, im := range m.impls {
		if im.Traits == nil && s.needsTraits() {
			unknown++
		}
		if !s.eligible(im) {
			continue
		}
		if k, ok := find(im); ok && m.set.Has(k, unit) {
			keys = append(keys, k)
		}
	}
	switch {
	case len(keys) == 0 && unknown > 0:
		why = fmt.Sprintf("the traits that say who may serve it are %s for %d of the implementations: %s", notRecorded, unknown, what)
	case len(keys) == 0:
		why = "no eligible implementation was run: " + what
	}
	return keys, unit, what, why
}

// decide answers s from the run. The lowest median leads; it wins only if
// it is ahead of the runner-up beyond doubt: paired round by round when the
// file records rounds (stats.Ratio: its 95% interval excludes 1 and
// p ≤ alpha), otherwise with the two medians' 95% intervals apart and
// Mann–Whitney p ≤ alpha. Each row is its own question — a reader is in one
// situation — so its test is not corrected for the others.
func (m *model) decide(s situation) decision {
	d := decision{s: s}
	keys, unit, what, why := m.measure(s)
	d.what, d.unit = what, unit
	if len(keys) == 0 {
		d.why = why
		return d
	}
	slices.SortStableFunc(keys, func(a, b stats.Key) int { return cmp.Compare(m.set.Center(a, unit), m.set.Center(b, unit)) })
	d.leader = keys[0]
	d.cost, _ = m.set.Summary(keys[0], unit)
	if len(keys) == 1 {
		d.winner = keys[0].Impl
		d.caveats = append([]string{"the only eligible implementation run"}, m.caveats(s, keys[0])...)
		return d
	}
	b := keys[1]
	d.runnerUp = b.Impl
	d.ratio, d.hasRatio = m.ratio(keys[0], b, unit)
	if reason := m.undecided(keys[0], b, unit, d.ratio); reason != "" {
		d.why = reason
		return d
	}
	d.winner = keys[0].Impl
	d.caveats = m.caveats(s, keys[0])
	return d
}

// undecided says why a is not shown to beat b, or "" if it is.
func (m *model) undecided(a, b stats.Key, unit string, r stats.Ratio) string {
	if r.Paired {
		if r.Lo <= 1 || r.P > alpha {
			return fmt.Sprintf("%s and %s tie: paired over %d rounds, %s of it, %s", a.Impl, b.Impl, r.N, fmtRatioCI(r), fmtP(r.P))
		}
		return ""
	}
	sa, _ := m.set.Summary(a, unit)
	sb, _ := m.set.Summary(b, unit)
	if sa.Hi >= sb.Lo || r.P > alpha {
		return fmt.Sprintf("%s and %s tie: their 95%% intervals overlap or the difference is not significant (%s)", a.Impl, b.Impl, fmtP(r.P))
	}
	return ""
}

// caveats are what a winner costs besides the number it won on: CPU
// beyond wall time, tail latency, one producer only, allocations, CPU
// while idle, a Put that waits for its handler, a module to depend on.
func (m *model) caveats(s situation, k stats.Key) []string {
	im := m.implOf(k.Impl)
	var out []string
	if im.Traits == nil {
		out = append(out, "traits "+notRecorded)
	}
	if s.pipe { // two busy threads are the point: CPU beyond the work's own is the cost
		if own := m.pipelineWorkCPU(k, s.work); own > 0 && m.set.Center(k, "cpu-ns/op") > 1.2*own {
			c := m.set.Center(k, "cpu-ns/op")
			out = append(out, fmt.Sprintf("burns %s CPU per item (%s the work's own, serial's %s)", fmtNS(c), fmtRatio(c/own), fmtNS(own)))
		}
	} else if w, c := m.set.Center(k, ns), m.set.Center(k, "cpu-ns/op"); w > 0 && c > 1.2*w {
		out = append(out, fmt.Sprintf("burns %s CPU per op (%s its wall time)", fmtNS(c), fmtRatio(c/w)))
	}
	if s.busy == matrix.LoadProcs {
		if v, ok := m.set.Summary(k, corunnerLost); ok {
			out = append(out, fmt.Sprintf("costs the work beside it %s chunks per op", fmtUnits(v.Center)))
		}
	}
	if !s.tail && !s.reply && s.busy == "" && !s.pipe { // the p99 at the row's capacity, else at the tail rows'
		lat, ok := m.set.Lookup(stats.Key{Bench: "Latency", Impl: k.Impl, Mode: "stream", Cap: k.Cap, Procs: k.Procs})
		if c, cok := m.latencyCap(k.Procs); !ok && cok {
			lat, ok = m.set.Lookup(stats.Key{Bench: "Latency", Impl: k.Impl, Mode: "stream", Cap: c, Procs: k.Procs})
		}
		if ok {
			out = append(out, fmt.Sprintf("p99 %s (cap %d)", fmtNS(m.set.Center(lat, "ns/p99")), lat.Cap))
		}
	}
	if im.Traits != nil && !im.Traits.ConcurrentProducers {
		out = append(out, "one producer only")
	}
	if a := m.set.Center(k, "allocs/op"); a > 0 || im.Traits != nil && im.Traits.Allocates {
		out = append(out, fmt.Sprintf("allocates (%s per op)", fmtCount(a)))
	}
	if ik, ok := m.idleKey(k.Impl, m.maxProcs()); ok {
		if v := m.set.Center(ik, "idle-cpu-ns/s"); v >= 1e6 { // 0.1% of a core
			out = append(out, "idle: "+fmtShare(v)+" of a core")
		}
	}
	if !s.reply && im.Traits != nil && im.Traits.Synchronous {
		out = append(out, "Put waits for its batch's handler")
	}
	if im.ThirdParty() {
		out = append(out, "third-party: "+im.Module)
	}
	return out
}

// decisions answers every situation.
func (m *model) decisions() []decision {
	ss := m.tableSituations()
	ds := make([]decision, len(ss))
	for i, s := range ss {
		ds[i] = m.decide(s)
	}
	return ds
}
