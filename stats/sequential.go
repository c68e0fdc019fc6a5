package stats

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// SequentialOptions set the paired, sequential gate. Make them with
// DefaultSequentialOptions and change what you need: every zero is taken
// as given.
type SequentialOptions struct {
	// Alpha is the chance, over the whole run and every benchmark gated,
	// of calling any unchanged benchmark a regression.
	Alpha float64
	// Beta is the chance of passing a benchmark that is really slower by
	// Effect.
	Beta float64
	// MinEffect is the smallest estimated slowdown that fails the gate: a
	// real but smaller change is not worth a red build.
	MinEffect float64
	// Effect is the slowdown the gate is built to catch: a benchmark passes
	// once its upper bound is below it.
	Effect float64
	// Flips is the number of random sign flips when there are more than
	// that many (DefaultFlips); Seed draws them.
	Flips int
	Seed  uint64
	// Spending spends Alpha and Beta across the looks (OBrienFleming).
	Spending Spending
}

// DefaultSequentialOptions: α = β = 0.05, fail on a significant estimate of
// at least +5%, built to catch +10%.
func DefaultSequentialOptions() SequentialOptions {
	return SequentialOptions{Alpha: 0.05, Beta: 0.05, MinEffect: 0.05, Effect: 0.10, Flips: DefaultFlips, Seed: 1, Spending: OBrienFleming}
}

// Check refuses options no test can run with.
func (o SequentialOptions) Check() error {
	switch {
	case o.Alpha <= 0 || o.Alpha >= 1:
		return fmt.Errorf("alpha %v: want a value between 0 and 1", o.Alpha)
	case o.Beta <= 0 || o.Beta >= 1:
		return fmt.Errorf("beta %v: want a value between 0 and 1", o.Beta)
	case o.MinEffect < 0:
		return fmt.Errorf("minimum effect %v: want a value of at least 0", o.MinEffect)
	case o.Effect <= 0:
		return fmt.Errorf("effect to detect %v: want a value above 0", o.Effect)
	case o.Flips < 100:
		return fmt.Errorf("flips %d: want at least 100", o.Flips)
	case o.Spending == nil:
		return fmt.Errorf("no spending function")
	}
	return nil
}

// Pass is the verdict of a benchmark whose upper bound is below the effect
// to detect: it may be slower, but not by that much.
const Pass Verdict = "pass"

// Reported is the verdict of a series that is shown but not gated on.
const Reported Verdict = "reported"

// A PairedDelta is what the paired comparison says of one series.
type PairedDelta struct {
	Key    Key
	Unit   string
	Gated  bool
	N      int     // rounds paired
	Change float64 // exp(δ̂) − 1, δ̂ the Huber estimate of ln(new/old)
	// Lo and Hi bound Change with 95% confidence (sign-flip interval).
	Lo, Hi float64
	// Upper bounds Change at this look's share of β: the benchmark passes
	// when it is below the effect to detect.
	Upper float64
	// P is the max-T adjusted one-sided p-value for a slowdown (gated
	// series only), to compare with this look's share of α.
	P float64
	// MDE is about the smallest slowdown this look could have caught with
	// chance 1 − β at this noise and number of rounds.
	MDE     float64
	Verdict Verdict
	Look    int // the look that decided it
	Note    string
}

// A Sequential is a paired comparison looked at several times as rounds
// are added: it remembers which benchmarks are decided, and for how much
// of α and β the looks so far have used.
type Sequential struct {
	opts    SequentialOptions
	gate    []string // the units gated on
	decided map[string]PairedDelta
}

// NewSequential gates on the units in gate; other units are reported.
func NewSequential(opts SequentialOptions, gate []string) (*Sequential, error) {
	if err := opts.Check(); err != nil {
		return nil, err
	}
	return &Sequential{opts: opts, gate: gate, decided: map[string]PairedDelta{}}, nil
}

// A LookResult is one look's verdict.
type LookResult struct {
	Look    Look
	Deltas  []PairedDelta // gated first, each ordered by P, then the reported
	Outcome Verdict       // Regression, Pass (every gated series passed) or Inconclusive
	Options SequentialOptions
}

// Undecided are the benchmarks (by Key.Name) of gated series still to be
// decided: the ones the next rounds need to run.
func (r *LookResult) Undecided() []string {
	var names []string
	for _, d := range r.Deltas {
		if d.Gated && d.Verdict == Inconclusive && !slices.Contains(names, d.Key.Name) {
			names = append(names, d.Key.Name)
		}
	}
	return names
}

// Count is how many gated series have verdict v.
func (r *LookResult) Count(v Verdict) int {
	n := 0
	for _, d := range r.Deltas {
		if d.Gated && d.Verdict == v {
			n++
		}
	}
	return n
}

// Look analyses the series at look l: each gated series not yet decided is
// tested, together with the others (max-T), at l.Alpha, and bounded at
// l.Beta; the reported series get an estimate and an interval. A gated
// series fails when its adjusted p ≤ l.Alpha and its estimate is at least
// the minimum effect, passes when its upper bound is below the effect to
// detect, and stays undecided otherwise; a decided series keeps its
// verdict at later looks.
func (s *Sequential) Look(series []Series, l Look) *LookResult {
	res := &LookResult{Look: l, Options: s.opts}
	var open []Series   // gated, undecided
	var closed []Series // gated, decided at an earlier look
	var reported []Series
	for _, sr := range series {
		switch {
		case !slices.Contains(s.gate, sr.Unit):
			reported = append(reported, sr)
		case s.decided[sr.Name()].Verdict != "":
			res.Deltas = append(res.Deltas, s.decided[sr.Name()])
			closed = append(closed, sr)
		default:
			open = append(open, sr)
		}
	}
	all := append(slices.Clone(open), reported...)
	rounds := roundIndex(append(slices.Clone(all), closed...))
	flips := newFlips(len(rounds), s.opts.Flips, s.opts.Seed^uint64(l.K)<<32)

	// The family is every gated series, decided or not. A benchmark stays
	// undecided because its data so far leaned slow; testing it only
	// against the few others still open would compare the largest of many
	// with the largest of a few. The decided ones take part in every flip
	// with the rounds they ran, so each look's threshold is that of the
	// whole family.
	weights := make([][]float64, 0, len(open)+len(closed))
	for _, sr := range append(slices.Clone(open), closed...) {
		s0 := zeroScale(sr.D)
		weights = append(weights, spread(sr, rounds, func(d float64) float64 { return psi(d / s0) }))
	}
	_, ps, maxes := flips.maxT(weights)
	// The max-T critical value at this look: +Inf when the flips of so few
	// rounds cannot reach l.Alpha, and then no slowdown is detectable.
	crit := upperQuantile(maxes, l.Alpha)
	zBeta := normalQuantile(1 - l.Beta)

	for j, sr := range all {
		d := s.estimate(sr, rounds, flips, l)
		d.MDE = math.Expm1((crit + zBeta) * huberSE(sr.D, math.Log1p(d.Change), madScale(sr.D)))
		if j >= len(open) {
			d.Verdict = Reported
			res.Deltas = append(res.Deltas, d)
			continue
		}
		d.Gated, d.P = true, ps[j]
		switch {
		case d.P <= l.Alpha && d.Change >= s.opts.MinEffect:
			d.Verdict = Regression
			d.Note = fmt.Sprintf("p %.2g ≤ %.2g and the estimate %s ≥ +%.0f%%", d.P, l.Alpha, pct(d.Change), 100*s.opts.MinEffect)
		case d.Upper < s.opts.Effect:
			d.Verdict = Pass
			d.Note = fmt.Sprintf("upper bound %s < +%.0f%%", pct(d.Upper), 100*s.opts.Effect)
		default:
			d.Verdict = Inconclusive
			switch {
			case d.P <= l.Alpha:
				d.Note = fmt.Sprintf("significant, but the estimate %s is below +%.0f%%", pct(d.Change), 100*s.opts.MinEffect)
			case l.Final && math.IsInf(d.MDE, 1):
				d.Note = fmt.Sprintf("%d rounds cannot reach p ≤ %.2g: the smallest p is 2^-%d", len(rounds), l.Alpha, len(rounds))
			case l.Final:
				d.Note = fmt.Sprintf("could catch about %s at this noise", pct(d.MDE))
			}
		}
		if d.Verdict != Inconclusive {
			d.Look = l.K
			s.decided[sr.Name()] = d
		}
		res.Deltas = append(res.Deltas, d)
	}
	slices.SortStableFunc(res.Deltas, func(a, b PairedDelta) int {
		if a.Gated != b.Gated {
			if a.Gated {
				return -1
			}
			return 1
		}
		return cmp.Compare(a.P, b.P)
	})
	switch {
	case res.Count(Regression) > 0:
		res.Outcome = Regression
	case res.Count(Inconclusive) > 0:
		res.Outcome = Inconclusive
	default:
		res.Outcome = Pass
	}
	return res
}

// estimate is a series' Huber estimate with its 95% interval and its upper
// bound at l.Beta, from the flips of the series' own weights.
func (s *Sequential) estimate(sr Series, rounds map[int]int, flips *flipSet, l Look) PairedDelta {
	sc := madScale(sr.D)
	loc := huber(sr.D, sc)
	sums := flips.sums(spread(sr, rounds, func(d float64) float64 { return psi((d - loc) / sc) }))
	q95 := upperQuantile(sums, (1-Confidence)/2)
	qBeta := upperQuantile(sums, l.Beta)
	// An unbounded lower bound stays −Inf rather than becoming −100%.
	change := func(x float64) float64 {
		if math.IsInf(x, -1) {
			return x
		}
		return math.Expm1(x)
	}
	return PairedDelta{
		Key: sr.Key, Unit: sr.Unit, N: len(sr.D),
		Change: change(loc),
		Lo:     change(shiftBound(sr.D, loc, sc, q95, -1)),
		Hi:     change(shiftBound(sr.D, loc, sc, q95, +1)),
		Upper:  change(shiftBound(sr.D, loc, sc, qBeta, +1)),
	}
}

// roundIndex numbers the rounds any series has, in order.
func roundIndex(series []Series) map[int]int {
	var all []int
	for _, sr := range series {
		for _, r := range sr.Rounds {
			if !slices.Contains(all, r) {
				all = append(all, r)
			}
		}
	}
	slices.Sort(all)
	idx := make(map[int]int, len(all))
	for i, r := range all {
		idx[r] = i
	}
	return idx
}

// spread lays f of a series' values out over every round: zero where the
// series lacks the round.
func spread(sr Series, rounds map[int]int, f func(float64) float64) []float64 {
	w := make([]float64, len(rounds))
	for i, r := range sr.Rounds {
		w[rounds[r]] = f(sr.D[i])
	}
	return w
}

func pct(x float64) string {
	if math.IsInf(x, 0) {
		return fmt.Sprintf("%+v", x)
	}
	return fmt.Sprintf("%+.1f%%", 100*x)
}
