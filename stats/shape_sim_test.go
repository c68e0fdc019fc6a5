package stats

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
)

// noise draws one of the simulations' noises: normal, t with 3 degrees of
// freedom (heavy tails), or log-normal (skewed), in ln(value).
func noise(r *rand.Rand, kind string) float64 {
	switch kind {
	case "t3":
		ch := 0.0
		for range 3 {
			q := r.NormFloat64()
			ch += q * q
		}
		return r.NormFloat64() / math.Sqrt(ch/3)
	case "lognormal":
		return math.Exp(r.NormFloat64())
	}
	return r.NormFloat64()
}

// TestShapeFalseAlarms: rows of ten rounds of pure noise, scaled so that
// every gap passes SplitMinGap, are seldom given a pattern; the rates the
// split rules' comment quotes.
func TestShapeFalseAlarms(t *testing.T) {
	const rows = 4000
	for _, kind := range []string{"normal", "t3", "lognormal"} {
		r := rand.New(rand.NewPCG(1, 2))
		var steps, levels, drifts, outs int
		for range rows {
			logs := make([]float64, 10)
			for i := range logs {
				logs[i] = 10 + noise(r, kind) // a standard deviation of e (171%): every gap is material
			}
			rounds := positions(1, 11)
			if sp := split(logs, rounds); sp != nil {
				if sp.Step > 0 {
					steps++
				} else {
					levels++
				}
			}
			if drift(logs) != nil {
				drifts++
			}
			if len(outliers(logs)) > 0 {
				outs++
			}
		}
		rate := func(n int) float64 { return float64(n) / rows }
		t.Logf("%s: step %.4f, levels %.4f, drift %.4f, outliers %.4f", kind, rate(steps), rate(levels), rate(drifts), rate(outs))
		assert.Less(t, rate(steps), 0.015, kind)
		assert.Less(t, rate(drifts), 0.015, kind)
		if kind == "normal" {
			assert.Less(t, rate(levels), 0.01, kind)
			assert.Less(t, rate(outs), 0.025, kind)
		}
	}
}

// TestShapePower: rows of ten rounds of normal noise with a step of six
// standard deviations after round 5 are mostly found to step, and rows
// with a steady drift of one standard deviation a round mostly found to
// drift and seldom to step; the rates split.go's comment quotes.
func TestShapePower(t *testing.T) {
	const rows = 4000
	r := rand.New(rand.NewPCG(3, 4))
	var stepped, drifted, driftAsStep int
	for range rows {
		st, dr := make([]float64, 10), make([]float64, 10)
		for i := range st {
			st[i] = 10 + r.NormFloat64()
			if i >= 5 {
				st[i] += 6
			}
			dr[i] = 10 + r.NormFloat64() + float64(i)
		}
		if sp := split(st, positions(1, 11)); sp != nil && sp.Step == 5 {
			stepped++
		}
		sh := shapeAt(positions(1, 11), expAll(dr))
		if sh.Drift != nil {
			drifted++
		}
		if sh.Split != nil && sh.Split.Step > 0 {
			driftAsStep++
		}
	}
	rate := func(n int) float64 { return float64(n) / rows }
	t.Logf("step found %.3f; drift found %.3f, called a step %.3f", rate(stepped), rate(drifted), rate(driftAsStep))
	assert.Greater(t, rate(stepped), 0.5)
	assert.Greater(t, rate(drifted), 0.9)
	assert.Less(t, rate(driftAsStep), 0.1)
}

func expAll(logs []float64) []float64 {
	out := make([]float64, len(logs))
	for i, x := range logs {
		out[i] = math.Exp(x)
	}
	return out
}
