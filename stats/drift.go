package stats

import "math"

// DriftAlpha: a row whose ln-values, against their round order, give
// Kendall's test a two-sided p below it is drifting. Six rounds is the
// fewest that can reach it (2/6! = 0.0028); five cannot (2/5! = 0.017).
const DriftAlpha = 0.01

// A Drift is a trend of the value against the round: Kendall's S of
// ln(value) against round order, with its exact two-sided p-value
// (kendallP) below DriftAlpha. Its size is the Theil–Sen slope of
// ln(value) per round, given as the change per round.
//
// In a row with a step (split.go), the rounds before it and those from it
// on are tested as two strata — S summed over the pairs within each, the
// slope over the same pairs — so that the step itself is not a drift, and
// a drift that a step was found in is still seen; each side's own slope is
// kept too, since one may drift and the other not.
type Drift struct {
	Tau, P   float64   // Kendall's tau-a (over the pairs tested) and its two-sided p-value
	PerRound float64   // exp(Theil–Sen slope of ln value) − 1: +0.031 is +3.1% a round
	Sides    []float64 // with a step, each side's PerRound, in round order; nil without
}

// drift tests logs, in round order, for a trend, within each stratum of
// positions where strata are given; nil if there is none.
func drift(logs []float64, strata ...[]int) *Drift {
	if len(strata) == 0 {
		strata = [][]int{positions(0, len(logs))}
	}
	s, pairs := 0, 0
	sizes := make([]int, len(strata))
	for i, g := range strata {
		s += kendallS(pick(logs, g))
		sizes[i] = len(g)
		pairs += len(g) * (len(g) - 1) / 2
	}
	if pairs == 0 {
		return nil
	}
	p := kendallP(s, sizes...)
	if p >= DriftAlpha {
		return nil
	}
	d := &Drift{Tau: float64(s) / float64(pairs), P: p, PerRound: math.Expm1(senSlope(logs, strata...))}
	if len(strata) > 1 {
		for _, g := range strata {
			d.Sides = append(d.Sides, math.Expm1(senSlope(logs, g)))
		}
	}
	return d
}

// DriftPerRound is the Theil–Sen slope of ln(vals) over their order, as a
// change per step (exp(slope) − 1: +0.02 is +2% a round), whether or not
// Kendall's test finds it significant: the noise study's drift column.
// 0 for fewer than two values.
func DriftPerRound(vals []float64) float64 {
	if len(vals) < 2 {
		return 0
	}
	logs := make([]float64, len(vals))
	for i, v := range vals {
		logs[i] = math.Log(v)
	}
	return math.Expm1(senSlope(logs))
}
