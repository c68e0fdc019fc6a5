package stats

import (
	"math"
	"slices"
)

// kendallS is Kendall's S of ys against their positions: the pairs i < j
// with ys[j] > ys[i] less those with ys[j] < ys[i]. A tie counts as neither.
// S > 0: the values rise with the position.
func kendallS(ys []float64) int {
	s := 0
	for i := range ys {
		for j := i + 1; j < len(ys); j++ {
			switch {
			case ys[j] > ys[i]:
				s++
			case ys[j] < ys[i]:
				s--
			}
		}
	}
	return s
}

// maxExactKendall is the largest stratum kendallP counts exactly; above
// it, the normal approximation, which is close by then.
const maxExactKendall = 60

// kendallP is the two-sided p-value of Kendall's S = s summed over strata
// of the given sizes (the values of each stratum against their own
// positions; one stratum is the usual test), against no association: the
// share of the orders of distinct values within each stratum whose |S| is
// at least |s|. Counted exactly — S of n values is n(n−1)/2 less twice
// their order's inversions, whose counts are the Mahonian numbers, and the
// strata's counts convolve — while every stratum has at most
// maxExactKendall values; by the normal approximation with continuity
// correction otherwise. Ties make the true distribution narrower, so with
// ties this p is conservative.
func kendallP(s int, sizes ...int) float64 {
	pairs := 0
	for _, n := range sizes {
		pairs += n * (n - 1) / 2
	}
	if pairs == 0 {
		return 1
	}
	abs := s
	if abs < 0 {
		abs = -abs
	}
	if slices.Max(sizes) > maxExactKendall {
		v := 0.0
		for _, n := range sizes {
			v += float64(n*(n-1)*(2*n+5)) / 18
		}
		return min(1, math.Erfc((float64(abs)-1)/math.Sqrt(v)/math.Sqrt2))
	}
	counts := []float64{1} // counts[k]: the orders with k inversions in all
	for _, n := range sizes {
		counts = convolve(counts, mahonian(n))
	}
	var tail, total float64
	for inv, c := range counts {
		total += c
		if si := pairs - 2*inv; si >= abs || -si >= abs {
			tail += c
		}
	}
	return min(1, tail/total)
}

// mahonian are the counts of the orders of n values by their inversions.
func mahonian(n int) []float64 {
	counts := []float64{1}
	for m := 2; m <= n; m++ {
		next := make([]float64, len(counts)+m-1)
		for k, c := range counts {
			for add := range m { // the m-th value goes before add of the others
				next[k+add] += c
			}
		}
		counts = next
	}
	return counts
}

func convolve(a, b []float64) []float64 {
	out := make([]float64, len(a)+len(b)-1)
	for i, x := range a {
		for j, y := range b {
			out[i+j] += x * y
		}
	}
	return out
}

// senSlope is the Theil–Sen slope of ys against their positions: the
// median over pairs i < j of (ys[j]−ys[i])/(j−i), the estimate that goes
// with Kendall's test; over the pairs within each stratum (lists of
// positions) where strata are given. NaN without a pair.
func senSlope(ys []float64, strata ...[]int) float64 {
	if len(strata) == 0 {
		strata = [][]int{positions(0, len(ys))}
	}
	var slopes []float64
	for _, g := range strata {
		for a, i := range g {
			for _, j := range g[a+1:] {
				slopes = append(slopes, (ys[j]-ys[i])/float64(j-i))
			}
		}
	}
	if len(slopes) == 0 {
		return math.NaN()
	}
	return median(slopes)
}
