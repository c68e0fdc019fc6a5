package stats

import (
	"fmt"
	"math"
)

// A Spending function says how much of an error rate may be used up by the
// time a fraction t of the planned rounds has run: 0 at t = 0, the whole
// rate at t = 1, never decreasing. Looking at the data several times and
// stopping at the first look that rejects would, at a fixed threshold per
// look, add up the chances of a false alarm across the looks; spending a
// share of the rate at each look instead keeps the total within it (K. K.
// G. Lan and D. L. DeMets, "Discrete sequential boundaries for clinical
// trials", Biometrika 70, 1983).
type Spending func(rate, t float64) float64

// OBrienFleming is Lan and DeMets' spending function that mimics O'Brien
// and Fleming's boundaries: rate(t) = 2 − 2Φ(z₁₋ᵣₐₜₑ/₂ / √t). It spends
// almost nothing early (at α = 0.05, about 2·10⁻⁶ at a sixth of the rounds)
// and most of the rate at the end, so stopping early takes overwhelming
// evidence and the last look is nearly as powerful as a single test.
func OBrienFleming(rate, t float64) float64 {
	switch {
	case t <= 0:
		return 0
	case t >= 1:
		return rate
	}
	z := normalQuantile(1 - rate/2)
	return 2 * (1 - normalCDF(z/math.Sqrt(t)))
}

// A Look is one interim analysis of a sequential test: how many rounds
// have run, and the shares of α and β this look may use.
//
// Why the error rates hold under repeated looks: each look's test is run at
// the increment the spending function allows for it, Alpha = α(tₖ) −
// α(tₖ₋₁), and by the union bound the chance of a false alarm at any look
// is at most the sum of the increments, α(1) = α, whatever the correlation
// between looks. This is more conservative than boundaries computed from
// the looks' joint distribution (which the sign-flip test does not give in
// closed form), and needs no assumption about it. The same holds for β:
// a benchmark that really is slower by the effect to detect is wrongly
// passed at look k with chance at most Beta, so at most β over the run.
type Look struct {
	K           int     // 1 for the first look
	Rounds      int     // rounds run so far
	Fraction    float64 // of the planned rounds; 1 at the last look
	Alpha, Beta float64 // this look's increments
	Final       bool
}

// Looks plans the sequential test: look every `every` rounds up to max,
// spending alpha and beta with f. A run that ends early (its time budget)
// calls Last for the final look instead of using the plan's.
func Looks(every, maxRounds int, alpha, beta float64, f Spending) ([]Look, error) {
	if every < 1 || maxRounds < every {
		return nil, fmt.Errorf("looks every %d rounds up to %d: want 1 ≤ every ≤ max", every, maxRounds)
	}
	var ls []Look
	prev := 0.0
	for k, n := 1, every; ; k, n = k+1, n+every {
		n = min(n, maxRounds)
		t := float64(n) / float64(maxRounds)
		ls = append(ls, Look{K: k, Rounds: n, Fraction: t, Alpha: f(alpha, t) - f(alpha, prev), Beta: f(beta, t) - f(beta, prev), Final: n == maxRounds})
		prev = t
		if n == maxRounds {
			return ls, nil
		}
	}
}

// Last turns look into the final one, spending all that is left of alpha
// and beta after the looks before it (at fraction prev): what a run cut
// short by its budget does at its last look.
func (l Look) Last(prev float64, alpha, beta float64, f Spending) Look {
	l.Alpha, l.Beta, l.Final = alpha-f(alpha, prev), beta-f(beta, prev), true
	return l
}

// normalCDF is Φ.
func normalCDF(x float64) float64 { return 0.5 * math.Erfc(-x/math.Sqrt2) }

// normalQuantile is Φ⁻¹(p).
func normalQuantile(p float64) float64 { return -math.Sqrt2 * math.Erfcinv(2*p) }
