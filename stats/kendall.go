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

// maxExactKendall is the largest n whose null distribution kendallP
// counts exactly; above it, the normal approximation, which is close by
// then.
const maxExactKendall = 60

// kendallP is the two-sided p-value of Kendall's S = s over n positions
// against no association: the share of the n! orders of n distinct values
// whose |S| is at least |s|, counted exactly (Mahonian numbers: S is
// n(n−1)/2 less twice the order's inversions) up to maxExactKendall, and
// by the normal approximation with continuity correction above. Ties make
// the true distribution narrower, so with ties this p is conservative.
func kendallP(s, n int) float64 {
	if n < 2 {
		return 1
	}
	pairs := n * (n - 1) / 2
	abs := s
	if abs < 0 {
		abs = -abs
	}
	if n > maxExactKendall {
		sd := math.Sqrt(float64(n*(n-1)*(2*n+5)) / 18)
		z := (float64(abs) - 1) / sd
		return min(1, math.Erfc(z/math.Sqrt2))
	}
	// counts[k]: the orders of m values with k inversions, m = 1..n.
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
	var tail, total float64
	for inv, c := range counts {
		total += c
		if si := pairs - 2*inv; si >= abs || -si >= abs {
			tail += c
		}
	}
	return min(1, tail/total)
}

// senSlope is the Theil–Sen slope of ys against their positions: the
// median over pairs i < j of (ys[j]−ys[i])/(j−i), the estimate that goes
// with Kendall's test. NaN for fewer than two values.
func senSlope(ys []float64) float64 {
	var slopes []float64
	for i := range ys {
		for j := i + 1; j < len(ys); j++ {
			slopes = append(slopes, (ys[j]-ys[i])/float64(j-i))
		}
	}
	if len(slopes) == 0 {
		return math.NaN()
	}
	return median(slices.Clone(slopes))
}
