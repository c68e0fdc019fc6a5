package stats

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"golang.org/x/perf/benchmath"
)

// MaxSpread is the widest a row's 95% interval may be, as ±MaxSpread of its
// median, before the report flags it: past ±10% a difference of that size
// between two rows is inside either's noise.
const MaxSpread = 0.10

// The thresholds of the patterns a Shape looks for.
const (
	// DriftAlpha: a Kendall test of value against round with a two-sided
	// p below it is drifting. Six rounds is the fewest that can reach it
	// (2/6! = 0.0028); five cannot (2/5! = 0.017).
	DriftAlpha = 0.01
	// SplitRatio and SplitMinGap: two groups are separated when the gap
	// between them, in ln(value), is at least SplitRatio times the
	// groups' pooled standard deviation about their own means, and at
	// least SplitMinGap (5%) wide.
	SplitRatio  = 5
	SplitMinGap = 0.05
	// SplitMinGroup is the fewest rounds on each side of a split; and
	// SplitMinRounds the fewest rounds it is looked for in (below it the
	// rule calls noise two groups too often).
	SplitMinGroup  = 2
	SplitMinRounds = 6
	// OutlierZ is the robust z (distance from the median of ln(value) over
	// 1.4826 × their median absolute deviation) past which a round is an
	// outlier; MaxOutliers the most that are called outliers, and
	// OutlierMinRounds the fewest rounds they are looked for in.
	OutlierZ         = 3.5
	MaxOutliers      = 2
	OutlierMinRounds = 5
)

// A Shape is what a row's values, round by round, say beyond their median:
// how wide its 95% interval is, and the patterns that can make it wide.
//
// The interval is the one the report prints for the row: benchmath's
// median with its order-statistic 95% interval (the assume=nothing
// summary, as every ns/op is). Spread is ±x% of it, defined as the larger
// of hi/median−1 and 1−lo/median: how far the interval reaches from the
// median on its longer side (benchstat's ±, unrounded); +Inf when
// benchmath gives no finite interval. Wide is Spread > MaxSpread.
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
//   - Drift: the value moves with the round. Kendall's S of ln(value)
//     against round order, with its exact two-sided p-value (kendallP);
//     drifting when p < DriftAlpha. Its size is the Theil–Sen slope of
//     ln(value) per round, reported as the change per round (PerRound,
//     +0.031 for +3.1% a round).
//   - Split: the rounds fall in two separated groups. The sorted
//     ln(values) are cut at their largest gap with at least SplitMinGroup
//     rounds on each side; bimodal when that gap is at least SplitRatio
//     times the pooled within-group standard deviation and at least
//     SplitMinGap, in rows of SplitMinRounds or more. Where one group is
//     the rounds before some round and the other the rounds from it on,
//     the split is a step (Step: the last round before it).
//   - Outliers: one or two rounds (MaxOutliers) whose robust z exceeds
//     OutlierZ, in rows of OutlierMinRounds or more; three or more such
//     rounds are a heavy tail, not outliers, and none are reported. Where
//     the outliers are exactly the smaller group of a split, they are
//     called outliers and the split is dropped: two stray rounds are not
//     a second mode.
//
// Reasons says them as the report prints them, or "noisy, no pattern" for
// a wide row without any.
type Shape struct {
	N       int
	Rounds  []int // the round of each value, in order (1..N from ShapeOf)
	Values  []float64
	Summary Summary // benchmath's median and 95% interval
	Spread  float64 // ±Spread of the median; +Inf when unbounded
	Wide    bool    // Spread > MaxSpread

	TooFew         bool
	rankLo, rankHi float64 // the interval's ends as ranks (rankInterval)
	Drift          *Drift  // nil unless drifting
	Split          *Split  // nil unless bimodal
	Outliers       []Outlier
}

// A Drift is a trend of the value against the round.
type Drift struct {
	Tau, P   float64 // Kendall's tau-a and its two-sided p-value
	PerRound float64 // exp(Theil–Sen slope of ln value) − 1: +0.031 is +3.1% a round
}

// A Split is two separated groups of rounds.
type Split struct {
	Low, High []int   // the positions (0-based, in round order) of each group's values
	Ratio     float64 // the high group's median over the low group's
	Gap       float64 // ln of the nearest values' ratio across the gap
	Spread    float64 // the pooled within-group standard deviation of ln(value)
	Step      int     // the last round before a step, or 0 if the groups interleave
}

// An Outlier is a round far from the others.
type Outlier struct {
	Pos   int     // its position (0-based, in round order)
	Ratio float64 // its value over the median
	Z     float64 // its robust z
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
	sh.Drift = drift(logs)
	sh.Split = split(logs, rounds)
	sh.Outliers = outliers(logs)
	if sh.Split != nil && len(sh.Outliers) > 0 && slices.Equal(sh.Split.smaller(), sh.outlierPos()) {
		sh.Split = nil
	}
	return sh
}

// halfWidth is ±x of a summary: the larger of hi/center−1 and 1−lo/center;
// +Inf for an unbounded interval, NaN for a center that is not positive.
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

func drift(logs []float64) *Drift {
	n := len(logs)
	s := kendallS(logs)
	p := kendallP(s, n)
	if p >= DriftAlpha {
		return nil
	}
	return &Drift{Tau: float64(s) / float64(n*(n-1)/2), P: p, PerRound: math.Expm1(senSlope(logs))}
}

func split(logs []float64, rounds []int) *Split {
	n := len(logs)
	if n < max(SplitMinRounds, 2*SplitMinGroup) {
		return nil
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmpFloat(logs[a], logs[b]) })
	cut, gap := 0, -1.0
	for k := SplitMinGroup; k <= n-SplitMinGroup; k++ {
		if g := logs[order[k]] - logs[order[k-1]]; g > gap {
			cut, gap = k, g
		}
	}
	low, high := slices.Clone(order[:cut]), slices.Clone(order[cut:])
	sd := pooledSD(logs, low, high)
	if gap < SplitMinGap || gap < SplitRatio*sd {
		return nil
	}
	slices.Sort(low)
	slices.Sort(high)
	sp := &Split{Low: low, High: high, Gap: gap, Spread: sd,
		Ratio: math.Exp(median(pick(logs, high)) - median(pick(logs, low)))}
	// A step: one group is every round before some position, the other
	// every round from it on.
	for _, g := range [][]int{low, high} {
		if g[len(g)-1] == len(g)-1 { // positions 0..len(g)-1
			sp.Step = rounds[len(g)-1]
		}
	}
	return sp
}

// pooledSD is the standard deviation of xs about each group's own mean,
// pooled over the two groups (n−2 degrees of freedom).
func pooledSD(xs []float64, a, b []int) float64 {
	ss := 0.0
	for _, g := range [][]int{a, b} {
		m := 0.0
		for _, i := range g {
			m += xs[i]
		}
		m /= float64(len(g))
		for _, i := range g {
			ss += (xs[i] - m) * (xs[i] - m)
		}
	}
	return math.Sqrt(ss / float64(len(a)+len(b)-2))
}

func outliers(logs []float64) []Outlier {
	if len(logs) < OutlierMinRounds {
		return nil
	}
	med := median(slices.Clone(logs))
	sc := madScale(logs)
	if sc == 0 {
		return nil // every value the same
	}
	var out []Outlier
	for i, x := range logs {
		if z := math.Abs(x-med) / sc; z > OutlierZ {
			out = append(out, Outlier{Pos: i, Ratio: math.Exp(x - med), Z: z})
		}
	}
	if len(out) > MaxOutliers {
		return nil
	}
	return out
}

// smaller is the positions of the split's smaller group (the high one on
// a tie), sorted.
func (sp *Split) smaller() []int {
	if len(sp.Low) < len(sp.High) {
		return sp.Low
	}
	return sp.High
}

func (sh Shape) outlierPos() []int {
	out := make([]int, len(sh.Outliers))
	for i, o := range sh.Outliers {
		out[i] = o.Pos
	}
	return out
}

func pick(xs []float64, idx []int) []float64 {
	out := make([]float64, len(idx))
	for i, j := range idx {
		out[i] = xs[j]
	}
	return out
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Reasons say why the row's interval is wide, as the report prints them:
// each pattern found, or "noisy, no pattern" for a wide row without any;
// nil for a row that is not wide.
func (sh Shape) Reasons() []string {
	if !sh.Wide {
		return nil
	}
	var out []string
	if sh.TooFew {
		var what string
		switch lo, hi := sh.rankLo, sh.rankHi; {
		case math.IsInf(lo, 0) || math.IsInf(hi, 0):
			what = "benchmath's 95% interval has no finite end"
		case lo <= 1 && hi >= float64(sh.N):
			what = "the 95% interval runs from the lowest round to the highest"
		case lo <= 1:
			what = "the 95% interval starts at the lowest round"
		default:
			what = "the 95% interval ends at the highest round"
		}
		out = append(out, fmt.Sprintf("too few rounds: with %d, %s", sh.N, what))
	}
	if d := sh.Drift; d != nil {
		out = append(out, fmt.Sprintf("drifting: %s per round (Kendall's tau %.2f, %s)", signedPct(d.PerRound), d.Tau, pText(d.P)))
	}
	if sp := sh.Split; sp != nil {
		if sp.Step > 0 {
			i := slices.Index(sh.Rounds, sp.Step)
			r := sp.Ratio // the rounds from the step on over those before it
			if sp.Low[0] != 0 {
				r = 1 / r
			}
			out = append(out, fmt.Sprintf("bimodal: a step after round %d: rounds %s at %.2f× rounds %s",
				sp.Step, span(sh.Rounds[i+1], sh.Rounds[sh.N-1]), r, span(sh.Rounds[0], sp.Step)))
		} else {
			out = append(out, fmt.Sprintf("bimodal: rounds %s at %.2f× the other %d", sh.roundList(sp.High), sp.Ratio, len(sp.Low)))
		}
	}
	if len(sh.Outliers) > 0 {
		parts := make([]string, len(sh.Outliers))
		for i, o := range sh.Outliers {
			parts[i] = fmt.Sprintf("%d (%s)", sh.Rounds[o.Pos], signedPct(o.Ratio-1))
		}
		word := "round"
		if len(parts) > 1 {
			word = "rounds"
		}
		out = append(out, fmt.Sprintf("outliers: %s %s of the median", word, strings.Join(parts, ", ")))
	}
	if len(out) == 0 {
		out = append(out, "noisy, no pattern")
	}
	return out
}

// roundList names the rounds at positions idx: "2, 5, 9".
func (sh Shape) roundList(idx []int) string {
	parts := make([]string, len(idx))
	for i, j := range idx {
		parts[i] = fmt.Sprint(sh.Rounds[j])
	}
	return strings.Join(parts, ", ")
}

// span is "3–7", or "3" for one round.
func span(a, b int) string {
	if a == b {
		return fmt.Sprint(a)
	}
	return fmt.Sprintf("%d–%d", a, b)
}

// pText is a p-value as the report prints it: "p=0.004", "p<0.001".
func pText(p float64) string {
	if p < 0.001 {
		return "p<0.001"
	}
	return fmt.Sprintf("p=%.3f", p)
}

// signedPct is a change as "+3.1%" or "-4.0%" (an ASCII minus: the PDF's
// cp1252 has no U+2212).
func signedPct(f float64) string {
	return fmt.Sprintf("%+.1f%%", 100*f)
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
