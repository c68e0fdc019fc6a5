package stats

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"golang.org/x/perf/benchmath"
)

// A Correction adjusts the p-values of a family of tests so that a
// threshold alpha holds for the family rather than for each test: at alpha
// 0.05, a hundred unchanged benchmarks tested one by one raise a false
// alarm in 99% of runs.
type Correction string

const (
	// Holm controls the family-wise error rate: the chance of any false
	// alarm in the run is at most alpha. Uniformly more powerful than
	// Bonferroni.
	Holm Correction = "holm"
	// BH (Benjamini–Hochberg) controls the false discovery rate: on
	// average at most a fraction alpha of the alarms are false. With no
	// real change at all it, too, keeps the chance of any alarm at alpha.
	BH Correction = "bh"
	// None tests each benchmark alone, as benchstat does.
	None Correction = "none"
)

// ParseCorrection accepts holm, bh or none.
func ParseCorrection(s string) (Correction, error) {
	switch c := Correction(s); c {
	case Holm, BH, None:
		return c, nil
	}
	return "", fmt.Errorf("no correction %q (have holm, bh, none)", s)
}

func (c Correction) String() string {
	switch c {
	case Holm:
		return "Holm (family-wise error rate)"
	case BH:
		return "Benjamini–Hochberg (false discovery rate)"
	}
	return "none (each test alone)"
}

// Adjust returns the adjusted p-values of ps, in the same order: compare
// each with alpha.
func (c Correction) Adjust(ps []float64) []float64 {
	m := len(ps)
	adj := make([]float64, m)
	order := make([]int, m)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(ps[a], ps[b]) })
	switch c {
	case Holm: // step down: p(i)·(m−i+1), made monotone upwards
		run := 0.0
		for rank, i := range order {
			run = math.Max(run, math.Min(1, ps[i]*float64(m-rank)))
			adj[i] = run
		}
	case BH: // step up: p(i)·m/i, made monotone downwards
		run := 1.0
		for rank := m - 1; rank >= 0; rank-- {
			i := order[rank]
			run = math.Min(run, math.Min(1, ps[i]*float64(m)/float64(rank+1)))
			adj[i] = run
		}
	default:
		copy(adj, ps)
	}
	return adj
}

// MinP is the smallest two-sided p-value a Mann–Whitney U test can give
// with samples of n1 and n2 distinct values, when they do not overlap at
// all: 2/C(n1+n2, n1). Below some sample size no difference, however large,
// can be significant. Ties raise the floor (0 allocations against 0 can
// never differ): Compare uses the floor of the values at hand.
func MinP(n1, n2 int) float64 {
	if n1 == 0 || n2 == 0 {
		return 1
	}
	lc, _ := math.Lgamma(float64(n1 + n2 + 1))
	l1, _ := math.Lgamma(float64(n1 + 1))
	l2, _ := math.Lgamma(float64(n2 + 1))
	return math.Min(1, 2/math.Exp(lc-l1-l2))
}

// minPTied is the smallest p-value the Mann–Whitney U test can give with
// the values of a and b, ties included: the p of their pooled values split
// as far apart as they go, the lowest len(a) on one side.
func minPTied(a, b []float64, as benchmath.Assumption) float64 {
	pooled := slices.Concat(a, b)
	slices.Sort(pooled)
	return compare(pooled[:len(a)], pooled[len(a):], as).P
}

// RoundsNeeded is the smallest number of values per side at which a
// difference in one of m tests can reach significance at alpha under the
// correction (for a lone change, Holm and BH both need p ≤ alpha/m).
func RoundsNeeded(m int, alpha float64, c Correction) int {
	threshold := alpha
	if c != None {
		threshold = alpha / float64(max(m, 1))
	}
	n := 2
	for MinP(n, n) > threshold && n < 1000 {
		n++
	}
	return n
}
