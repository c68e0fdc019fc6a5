package stats

import (
	"math"
	"slices"
)

// A Ratio compares two benchmarks of one set in one unit, as the report's
// findings ask "how much dearer is b than a?": b/a with a 95% interval and
// a two-sided p-value for no difference.
//
// When the file records rounds, the two are paired round by round — every
// round ran both, in a shuffled order — and the ratio is exp of the Huber
// estimate of ln(b/a), with the studentised sign-flip interval and test
// the gate uses (huber.go, signflip.go): drift between rounds falls on both
// and cancels. Otherwise it is the ratio of the medians with benchstat's
// Mann–Whitney p-value, and no interval (Lo, Hi NaN): two medians'
// intervals do not make one for their ratio.
type Ratio struct {
	Ratio, Lo, Hi float64
	P             float64
	N             int  // rounds paired, or the smaller sample
	Paired        bool // round by round
}

// minPairedRounds is the fewest shared rounds the paired ratio is used
// with: 2⁻⁶ is the smallest two-sided sign-flip p-value six rounds allow,
// after which p ≤ 0.05 is within reach.
const minPairedRounds = 6

// Ratio compares b with a in unit; false if either lacks values in it.
func (s *Set) Ratio(a, b Key, unit string) (Ratio, bool) {
	va, vb := s.Values(a, unit), s.Values(b, unit)
	if len(va) == 0 || len(vb) == 0 {
		return Ratio{}, false
	}
	if d := s.pairedLogs(a, b, unit); len(d) >= minPairedRounds {
		return pairedRatio(d), true
	}
	ca, cb := s.Center(a, unit), s.Center(b, unit)
	return Ratio{Ratio: cb / ca, Lo: math.NaN(), Hi: math.NaN(), P: s.Compare(a, b, unit).P, N: min(len(va), len(vb))}, true
}

// pairedLogs are ln(b/a) for each round in which both ran once, with
// positive values; nil if the set does not record rounds, or either ran
// twice in a round.
func (s *Set) pairedLogs(a, b Key, unit string) []float64 {
	if !s.RecordsRounds() {
		return nil
	}
	ra, errA := s.ByRound(a, unit)
	rb, errB := s.ByRound(b, unit)
	if errA != nil || errB != nil {
		return nil
	}
	var d []float64
	for r, x := range ra {
		if y, ok := rb[r]; ok && x > 0 && y > 0 {
			d = append(d, math.Log(y/x))
		}
	}
	return d
}

func pairedRatio(d []float64) Ratio {
	if zeroScale(d) == 0 { // every round the same: no difference at all
		return Ratio{Ratio: 1, Lo: 1, Hi: 1, P: 1, N: len(d), Paired: true}
	}
	flips := newFlips(len(d), DefaultFlips, 1)
	sc := madScale(d)
	if sc == 0 { // every round the same, but not 1: scale by the distance from it
		sc = zeroScale(d)
	}
	loc := huber(d, sc)
	q := upperQuantile(flips.sums(scores(d, loc, sc)), (1-Confidence)/2)
	// The two-sided test of no difference: the score at zero against its
	// flips, by absolute value.
	at0 := flips.sums(scores(d, 0, zeroScale(d)))
	n := 0
	for _, x := range at0 {
		if math.Abs(x) >= math.Abs(at0[0])-1e-9*(1+math.Abs(at0[0])) {
			n++
		}
	}
	return Ratio{
		Ratio:  math.Exp(loc),
		Lo:     math.Exp(shiftBound(d, loc, sc, q, -1)),
		Hi:     math.Exp(shiftBound(d, loc, sc, q, +1)),
		P:      float64(n) / float64(len(at0)),
		N:      len(d),
		Paired: true,
	}
}

// scores are the Huber scores ψ((dᵢ−loc)/s).
func scores(d []float64, loc, s float64) []float64 {
	w := make([]float64, len(d))
	for i, x := range d {
		w[i] = psi((x - loc) / s)
	}
	return w
}

// Ratio is the series' change new/old, paired round by round as Set.Ratio
// pairs two benchmarks of one set; with fewer than six rounds, the ratio
// of the medians with no interval and p = 1.
func (sr Series) Ratio() Ratio {
	if len(sr.D) >= minPairedRounds {
		return pairedRatio(sr.D)
	}
	return Ratio{Ratio: median(slices.Clone(sr.New)) / median(slices.Clone(sr.Old)), Lo: math.NaN(), Hi: math.NaN(), P: 1, N: len(sr.D)}
}
