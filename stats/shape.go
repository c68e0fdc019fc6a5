package stats

import (
	"math"
	"slices"

	"golang.org/x/perf/benchmath"
)

// MaxSpread is the widest a row's 95% interval may be, as ±MaxSpread of its
// median, before the report flags it: past ±10% a difference of that size
// between two rows is inside either's noise.
const MaxSpread = 0.10

// A Shape is what a row's values, round by round, say beyond their median:
// how wide its 95% interval is, and the patterns that can make it wide.
//
// The interval is the one the report prints for the row: benchmath's
// median with its order-statistic 95% interval (the assume=nothing
// summary, as every ns/op is). Spread is ±x of it, defined as the larger
// of hi/median − 1 and 1 − lo/median: how far the interval reaches from
// the median on its longer side (benchstat's ±, unrounded); +Inf when
// benchmath gives it no finite end. Wide is Spread > MaxSpread.
//
// The patterns are looked for in every row, wide or not, on ln(value) so
// that they read as ratios (none is looked for if a value is not
// positive):
//
//   - TooFew: the rounds are so few that an end of the interval is the
//     sample's lowest or highest value, or unbounded, so that one stray
//     round sets it. Tested exactly as benchmath builds the interval (the
//     median's 95% interval lies between order statistics, moremath's
//     QuantileCI), by summarising the ranks 1..n: at 95%, n ≤ 4 has no
//     finite end, n = 5 none below and the maximum above, n = 6 and 7 run
//     from the minimum to the maximum, n = 8 from the minimum to the 7th;
//     from n = 9 both ends are inner values.
//   - Split (bimodal): the rounds fall in two separated groups, a step in
//     round order or two interleaved levels (split.go).
//   - Drift: the value moves with the round, by Kendall's test (drift.go);
//     where there is a step, within its two sides, so that the step
//     itself is not also a drift. A step found in a drifting row must
//     still be found once the drift is taken out (the row less its
//     Theil–Sen line): a steady drift is not also a step.
//   - Outliers: one or two rounds far from the median (outliers.go).
//     Where a split's smaller group is one or two rounds (MaxOutliers)
//     and holds every outlier found, if any, those rounds are the
//     outliers and the split is dropped: two stray rounds are not a
//     second mode.
//
// Reasons says them as the report prints them, or "noisy, no pattern" for
// a wide row without any (reasons.go).
type Shape struct {
	N       int
	Rounds  []int // the round of each value, in order (1..N from ShapeOf)
	Values  []float64
	Summary Summary // benchmath's median and 95% interval
	Spread  float64 // ±Spread of the median; +Inf when unbounded
	Wide    bool    // Spread > MaxSpread

	TooFew         bool
	rankLo, rankHi float64 // the interval's ends as ranks (rankInterval)
	Split          *Split  // nil unless bimodal
	Drift          *Drift  // nil unless drifting
	Outliers       []Outlier
}

// ShapeOf classifies one row's values, given in round order (rounds
// 1..len(vals)); see Shape.
func ShapeOf(vals []float64) Shape {
	rounds := make([]int, len(vals))
	for i := range rounds {
		rounds[i] = i + 1
	}
	return shapeAt(rounds, vals)
}

func shapeAt(rounds []int, vals []float64) Shape {
	sh := Shape{N: len(vals), Rounds: rounds, Values: vals}
	if len(vals) == 0 {
		return sh
	}
	sh.Summary = summarize(vals, benchmath.AssumeNothing)
	sh.Spread = halfWidth(sh.Summary.Summary)
	sh.Wide = sh.Spread > MaxSpread
	sh.rankLo, sh.rankHi = rankInterval(len(vals))
	sh.TooFew = sh.rankLo <= 1 || sh.rankHi >= float64(len(vals))
	logs := make([]float64, len(vals))
	for i, v := range vals {
		if v <= 0 || math.IsNaN(v) || math.IsInf(v, 0) {
			return sh // no ratios to read
		}
		logs[i] = math.Log(v)
	}
	sh.Split, sh.Drift = splitAndDrift(logs, rounds)
	sh.Outliers = outliers(logs)
	if few := sh.Split.smaller(); len(few) > 0 && len(few) <= MaxOutliers && isSubset(sh.outlierPos(), few) {
		sh.Outliers, sh.Split = outliersAt(logs, few), nil
	}
	return sh
}

// splitAndDrift finds the row's split and drift (see Shape).
func splitAndDrift(logs []float64, rounds []int) (*Split, *Drift) {
	sp := split(logs, rounds)
	if sp == nil || sp.Step == 0 {
		return sp, drift(logs)
	}
	d := drift(logs, sp.strata()...)
	if d == nil {
		return sp, nil
	}
	slope := math.Log1p(d.PerRound)
	flat := make([]float64, len(logs))
	for i, x := range logs {
		flat[i] = x - slope*float64(i)
	}
	if again := split(flat, rounds); again != nil && again.Step > 0 {
		return sp, d
	}
	return levels(logs), drift(logs) // the drift made the step
}

// isSubset says whether every element of a is in b.
func isSubset(a, b []int) bool {
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

// halfWidth is ±x of a summary: the larger of hi/center − 1 and
// 1 − lo/center; +Inf for an unbounded interval, NaN for a center that is
// not positive.
func halfWidth(s benchmath.Summary) float64 {
	if math.IsInf(s.Lo, 0) || math.IsInf(s.Hi, 0) {
		return math.Inf(1)
	}
	if s.Center <= 0 {
		return math.NaN()
	}
	return max(s.Hi/s.Center-1, 1-s.Lo/s.Center)
}

// rankInterval is benchmath's 95% interval of the median of n values as
// ranks: summarising 1..n gives the order statistics the interval is taken
// between (±Inf where it has no end).
func rankInterval(n int) (lo, hi float64) {
	ranks := make([]float64, n)
	for i := range ranks {
		ranks[i] = float64(i + 1)
	}
	s := summarize(ranks, benchmath.AssumeNothing)
	return s.Lo, s.Hi
}

// Shape is the shape of benchmark k in unit, round by round; false where
// the set records no rounds, k ran twice in a round (several runs in one
// file), k has no values in unit, or the unit's summary is not the
// median's (Shape's interval is benchmath's assume=nothing one).
func (s *Set) Shape(k Key, unit string) (Shape, bool) {
	if !s.RecordsRounds() || s.Units.GetAssumption(unit) != benchmath.AssumeNothing {
		return Shape{}, false
	}
	byRound, err := s.ByRound(k, unit)
	if err != nil || len(byRound) == 0 {
		return Shape{}, false
	}
	rounds := make([]int, 0, len(byRound))
	for r := range byRound {
		rounds = append(rounds, r)
	}
	slices.Sort(rounds)
	vals := make([]float64, len(rounds))
	for i, r := range rounds {
		vals[i] = byRound[r]
	}
	return shapeAt(rounds, vals), true
}
