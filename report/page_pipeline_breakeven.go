package report

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/handoffbench/handoff/stats"
)

// The break-even of the page "When crossing threads pays": the work a side
// from which the best row that crosses threads beats the best that stays
// on the producer's thread, read from their paired ratio at each even
// level, with its interval, and said on the page, on page 1 and in the
// findings.

// A levelRatio is, at one even level, the best row that crosses threads
// against the best that stays on the producer's thread: the work a side
// in ns, and cross/in-thread paired round by round with its 95% interval
// (lo and hi NaN where the file records no rounds).
type levelRatio struct {
	work          float64
	ratio, lo, hi float64
}

// Where an edge falls on the measured grid of levels.
const (
	edgeNone   = iota // no level to read
	edgeBelow         // at or below the least work measured
	edgeInside        // between two measured levels
	edgeAbove         // above the most work measured
)

// An edge is where a series of ratios falls to 1 or below for good: at
// (the interpolated work) inside the grid, or the grid's end it lies past.
type edge struct {
	where int
	at    float64
}

// crossing is where rs, the ratios at the works ws, falls to 1 or below
// and stays there at every larger work measured: after the last level
// whose ratio is above 1, interpolated to that level's right-hand
// neighbour linearly in (ln w, ln ratio), so on a log axis. A point
// without a finite positive work and ratio is left out, as if that level
// were not measured, and the next two measured levels are neighbours.
func crossing(ws, rs []float64) edge {
	type pt struct{ w, r float64 }
	var ps []pt
	usable := func(v float64) bool { return v > 0 && !math.IsInf(v, 0) } // NaN fails v > 0
	for i := range ws {
		if usable(ws[i]) && usable(rs[i]) {
			ps = append(ps, pt{ws[i], rs[i]})
		}
	}
	if len(ps) == 0 {
		return edge{}
	}
	slices.SortFunc(ps, func(a, b pt) int { return cmp.Compare(a.w, b.w) })
	last := -1
	for i, p := range ps {
		if p.r > 1 {
			last = i
		}
	}
	switch {
	case last < 0:
		return edge{edgeBelow, ps[0].w}
	case last == len(ps)-1:
		return edge{edgeAbove, ps[last].w}
	}
	a, b := ps[last], ps[last+1]
	la, lb := math.Log(a.r), math.Log(b.r)
	t := la / (la - lb) // la > 0 ≥ lb: in (0, 1]
	return edge{edgeInside, math.Exp(math.Log(a.w) + t*(math.Log(b.w)-math.Log(a.w)))}
}

// A breakEven is the work a side from which crossing threads pays, and
// its 95% interval: where the ratio, and the ends of its interval, cross
// 1 (crossing). The interval's high end crosses 1 at more work than the
// ratio does, which is the break-even's upper bound; its low end at less,
// the lower bound.
type breakEven struct {
	est, lo, hi edge
	// never: the row that crosses threads was dearer at every level read.
	never bool
}

// breakEvenOf reads the break-even from the ratios at each even level;
// lo and hi are edgeNone where no level has an interval.
func breakEvenOf(pts []levelRatio) breakEven {
	ws := make([]float64, len(pts))
	rs, los, his := make([]float64, len(pts)), make([]float64, len(pts)), make([]float64, len(pts))
	never, read := true, false
	for i, p := range pts {
		ws[i], rs[i], los[i], his[i] = p.work, p.ratio, p.lo, p.hi
		if p.work > 0 && p.ratio > 0 && !math.IsInf(p.work, 0) && !math.IsInf(p.ratio, 0) {
			read = true
			never = never && p.ratio > 1
		}
	}
	return breakEven{est: crossing(ws, rs), lo: crossing(ws, los), hi: crossing(ws, his), never: never && read}
}

// interval says whether the break-even has both bounds.
func (b breakEven) interval() bool { return b.lo.where != edgeNone && b.hi.where != edgeNone }

// fmtWork writes an interpolated work in two significant digits: the
// interpolation gives no more.
func fmtWork(v float64) string {
	if v <= 0 || math.IsInf(v, 0) || math.IsNaN(v) {
		return fmtNS(v)
	}
	p := math.Pow(10, math.Floor(math.Log10(v))-1)
	return fmtNS(math.Round(v/p) * p)
}

// bound is one end of the interval: the work, or the end of the grid it
// lies at or past (the PDF's cp1252 has no ≤ or ≥).
func (e edge) bound() string {
	switch e.where {
	case edgeBelow:
		return fmtWork(e.at) + " or less"
	case edgeAbove:
		return fmtWork(e.at) + " or more"
	}
	return fmtWork(e.at)
}

// bounds is the interval as "[62 ns, 120 ns]", as "[2.5 µs or more]"
// where both ends lie past the same end of the grid, or "" without one.
func (b breakEven) bounds() string {
	if !b.interval() {
		return ""
	}
	if b.lo == b.hi && b.lo.where != edgeInside { // both past one end: one open bound
		return fmt.Sprintf(" [%s]", b.lo.bound())
	}
	return fmt.Sprintf(" [%s, %s]", b.lo.bound(), b.hi.bound())
}

// claim says from how much work crossing threads pays, with the interval:
// "from about 85 ns of work a side [62 ns, 120 ns]"; "" with no level read.
func (b breakEven) claim() string {
	switch b.est.where {
	case edgeInside:
		return fmt.Sprintf("from about %s of work a side%s", fmtWork(b.est.at), b.bounds())
	case edgeBelow:
		return fmt.Sprintf("already at the least work measured, %s a side, so from below it%s", fmtWork(b.est.at), b.bounds())
	case edgeAbove:
		if b.never {
			return fmt.Sprintf("at no level measured, up to %s a side: cross-thread rows never win here%s", fmtWork(b.est.at), b.bounds())
		}
		return fmt.Sprintf("only above %s of work a side, the most measured, where it still loses%s", fmtWork(b.est.at), b.bounds())
	}
	return ""
}

// A levelBest is the best row of each kind at one even level, and the
// ratio of the one that crosses threads to the one that does not.
type levelBest struct {
	level     workLevel
	cross, in stats.Key
	r         stats.Ratio
}

// levelBests are, at each even level with work, the best row of each kind
// and their ratio, where both kinds were measured.
func (m *model) levelBests(run pipelineRun) []levelBest {
	cross, in := m.sides(run)
	var out []levelBest
	for _, l := range m.pipelineLevels(run) {
		if l.side() == 0 {
			continue
		}
		c, okC := m.bestOf(cross, run, l)
		i, okI := m.bestOf(in, run, l)
		if !okC || !okI {
			continue
		}
		if r, ok := m.ratio(i, c, ns); ok {
			out = append(out, levelBest{l, c, i, r})
		}
	}
	return out
}

// breakEven is the run's break-even, false where no even level has both
// kinds of row.
func (m *model) breakEven(run pipelineRun) (breakEven, []levelBest, bool) {
	bests := m.levelBests(run)
	pts := make([]levelRatio, len(bests))
	for i, b := range bests {
		pts[i] = levelRatio{b.level.side(), b.r.Ratio, b.r.Lo, b.r.Hi}
	}
	be := breakEvenOf(pts)
	return be, bests, be.est.where != edgeNone
}

// breakEvenSentence is page 1's sentence on the break-even, at the
// headline run; "" without one.
func (m *model) breakEvenSentence() string {
	run, ok := m.pipelineHeadline()
	if !ok {
		return ""
	}
	be, _, ok := m.breakEven(run)
	if !ok {
		return ""
	}
	how := fmt.Sprintf("(the best row of each kind, the Pipeline's %s, paired round by round, interpolated between measured levels on a log axis: the page %q)", run, pipelineTitle)
	switch be.est.where {
	case edgeInside:
		return fmt.Sprintf("Crossing threads pays from about %s of work a side%s on this machine: below it a handoff that stays on the producer's thread wins %s.", fmtWork(be.est.at), be.bounds(), how)
	case edgeBelow:
		return fmt.Sprintf("Crossing threads pays on this machine already at the least work measured, %s a side%s: a handoff that stays on the producer's thread wins only below it, if at all %s.", fmtWork(be.est.at), be.bounds(), how)
	}
	return fmt.Sprintf("Crossing threads does not pay on this machine at any level up to %s of work a side%s: a handoff that stays on the producer's thread wins there %s.", fmtWork(be.est.at), be.bounds(), how)
}

// breakEvenFinding: from how much work crossing threads pays in the
// headline run, the best of each kind at each level with their ratio, and
// the break-even of every other run in a clause each.
func (m *model) breakEvenFinding(run pipelineRun) string {
	be, bests, ok := m.breakEven(run)
	if !ok {
		return ""
	}
	var parts []string
	for _, b := range bests {
		parts = append(parts, fmt.Sprintf("at %s, %s %s against %s %s, %s (%s)", b.level.label(),
			b.cross.Impl, fmtNS(m.set.Center(b.cross, ns)), b.in.Impl, fmtNS(m.set.Center(b.in, ns)), fmtRatioCI(b.r), fmtP(b.r.P)))
	}
	s := fmt.Sprintf("Does crossing threads pay, and from how much work? In the Pipeline's %s, it pays %s, interpolated between measured levels on a log axis. The best row that crosses threads against the best that stays on the producer's thread, by median, their ratio paired round by round: %s.",
		run, be.claim(), strings.Join(parts, "; "))
	var others []string
	for _, r := range m.pipelineRuns() {
		if r == run {
			continue
		}
		if o, _, ok := m.breakEven(r); ok {
			others = append(others, fmt.Sprintf("%s: %s", r, o.claim()))
		}
	}
	if len(others) > 0 {
		s += " Elsewhere: " + strings.Join(others, "; ") + "."
	}
	return s + " What would change it: a machine whose cores wake each other faster or slower; work that is not a dependent chain, which one core overlaps by itself; a busy machine, where the second core is not spare."
}
