package stats

import (
	"math"
	"slices"
)

// The split rules. A row is looked at for two separated groups of rounds
// when it has SplitMinRounds or more, each group SplitMinGroup rounds or
// more, and the groups' nearest values SplitMinGap (5%) or more apart.
// Two kinds, the first tried first:
//
//   - A step: the rounds before some round all lie on one side of all the
//     rounds from it on, and the gap between the two groups is at least
//     StepRatio times the median absolute change from a round to the next
//     within the groups (a scale of the noise that a level shift does not
//     inflate); of the rounds where that holds, the one with the largest
//     ratio. A steady drift inflates the scale too, and Shape checks that
//     a step in a drifting row survives taking the drift out.
//   - Two interleaved levels: the sorted ln-values cut at their largest
//     gap, the gap at least LevelsRatio times the pooled standard
//     deviation of the two groups about their own means.
//
// In TestShapeFalseAlarms's rows of ten rounds of noise alone, a step is
// found in 0.2% (normal, t(3)) to 1% (log-normal) of them, two levels in
// 0.4% to 4%; in TestShapePower's, a step of six standard deviations after
// round 5 is found in two thirds, and a steady drift is called a step in
// one in eleven (and a drift in 92%).
const (
	SplitMinRounds = 6
	SplitMinGroup  = 2
	SplitMinGap    = 0.05
	StepRatio      = 3
	LevelsRatio    = 5
)

// A Split is two separated groups of rounds.
type Split struct {
	Low, High []int   // the positions (0-based, in round order) of each group's values
	Ratio     float64 // the high group's median over the low group's
	Gap       float64 // ln of the ratio of the nearest values across the gap
	Noise     float64 // the scale the gap was measured against, in ln(value)
	Step      int     // the last round before a step, or 0 if the groups interleave
}

// split looks for a step, then for two levels; nil if neither.
func split(logs []float64, rounds []int) *Split {
	if len(logs) < max(SplitMinRounds, 2*SplitMinGroup) {
		return nil
	}
	if sp := step(logs, rounds); sp != nil {
		return sp
	}
	return levels(logs)
}

// step finds the split in round order with the largest gap over noise
// whose sides do not overlap.
func step(logs []float64, rounds []int) *Split {
	n := len(logs)
	var best *Split
	for k := SplitMinGroup; k <= n-SplitMinGroup; k++ {
		before, after := logs[:k], logs[k:]
		gap := max(slices.Min(before)-slices.Max(after), slices.Min(after)-slices.Max(before))
		if gap < SplitMinGap {
			continue // overlapping, or too close
		}
		var moves []float64
		for i := 1; i < n; i++ {
			if i != k {
				moves = append(moves, math.Abs(logs[i]-logs[i-1]))
			}
		}
		noise := median(moves)
		if gap < StepRatio*noise || best != nil && gap/noise <= best.Gap/best.Noise {
			continue
		}
		low, high := positions(0, k), positions(k, n)
		if slices.Min(after) < slices.Min(before) {
			low, high = high, low
		}
		best = &Split{Low: low, High: high, Gap: gap, Noise: noise, Step: rounds[k-1],
			Ratio: math.Exp(median(pick(logs, high)) - median(pick(logs, low)))}
	}
	return best
}

// levels cuts the sorted values at their largest gap.
func levels(logs []float64) *Split {
	n := len(logs)
	order := positions(0, n)
	slices.SortStableFunc(order, func(a, b int) int { return cmpFloat(logs[a], logs[b]) })
	cut, gap := 0, -1.0
	for k := SplitMinGroup; k <= n-SplitMinGroup; k++ {
		if g := logs[order[k]] - logs[order[k-1]]; g > gap {
			cut, gap = k, g
		}
	}
	low, high := slices.Clone(order[:cut]), slices.Clone(order[cut:])
	sd := pooledSD(logs, low, high)
	if gap < SplitMinGap || gap < LevelsRatio*sd {
		return nil
	}
	slices.Sort(low)
	slices.Sort(high)
	return &Split{Low: low, High: high, Gap: gap, Noise: sd,
		Ratio: math.Exp(median(pick(logs, high)) - median(pick(logs, low)))}
}

// strata are the two sides of a step, in round order, for the drift test
// (drift.go); none for two interleaved levels or no split.
func (sp *Split) strata() [][]int {
	if sp == nil || sp.Step == 0 {
		return nil
	}
	if sp.Low[0] == 0 {
		return [][]int{sp.Low, sp.High}
	}
	return [][]int{sp.High, sp.Low}
}

// smaller is the positions of the split's smaller group (the high one on
// a tie), sorted; nil without a split.
func (sp *Split) smaller() []int {
	if sp == nil {
		return nil
	}
	if len(sp.Low) < len(sp.High) {
		return sp.Low
	}
	return sp.High
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

// positions are from, from+1, …, to−1.
func positions(from, to int) []int {
	out := make([]int, 0, to-from)
	for i := from; i < to; i++ {
		out = append(out, i)
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
