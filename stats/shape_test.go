package stats_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoffbench/handoff/stats"
)

// jitter is ±1% noise in a fixed, trendless order (Kendall's S of it is 1).
var jitter = []float64{0.3, -0.8, 1.1, -0.2, 0.6, -1.0, 0.9, -0.4, 0.1, -0.6}

// row is base·(1+f(i))·(1+jitter/100) for rounds i = 0..n-1.
func row(n int, base float64, f func(i int) float64) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = base * (1 + f(i)) * (1 + jitter[i%len(jitter)]/100)
	}
	return out
}

func flat(int) float64 { return 0 }

// TestShapeOf classifies synthetic rows whose answers are known. It
// asserts on the classification only.
func TestShapeOf(t *testing.T) {
	type want struct {
		wide, tooFew bool
		drift        bool
		perRound     float64 // with drift
		split        bool
		step         int   // with split
		outliers     []int // rounds
		reasons      []string
	}
	cases := []struct {
		name string
		vals []float64
		want want
	}{
		{"clean", row(10, 100, flat), want{}},
		{"step between rounds 5 and 6", row(10, 100, func(i int) float64 {
			if i >= 5 {
				return 0.3
			}
			return 0
		}), want{wide: true, split: true, step: 5,
			// Within the two sides of the step Kendall sees only the
			// jitter (S = 2 of 20 pairs): not drifting.
			reasons: []string{"bimodal: a step after round 5: rounds 6–10 at 1.29× rounds 1–5"}}},
		{"step down between rounds 5 and 6", row(10, 630, func(i int) float64 {
			if i >= 5 {
				return -0.73
			}
			return 0
		}), want{wide: true, split: true, step: 5,
			reasons: []string{"bimodal: a step after round 5: rounds 6–10 at 0.27× rounds 1–5"}}},
		{"a step, then a decay", row(16, 100, func(i int) float64 {
			if i >= 8 {
				return 0.4*math.Pow(0.9, float64(i-8)) - 1
			}
			return 0
		}), want{wide: true, split: true, step: 8, drift: true, perRound: -0.05, // the median of both sides' slopes
			reasons: []string{
				"bimodal: a step after round 8: rounds 9–16 at 0.28× rounds 1–8",
				"drifting: within the step's sides, rounds 1–8 0.0% and rounds 9–16 -10.0% per round (Kendall's tau -0.54, p=0.009)"}}},
		{"linear trend", row(10, 100, func(i int) float64 { return math.Pow(1.04, float64(i)) - 1 }),
			want{wide: true, drift: true, perRound: 0.04, reasons: []string{"drifting: +3.9% per round (Kendall's tau 1.00, p<0.001)"}}},
		{"one +50% round in ten", row(10, 100, func(i int) float64 {
			if i == 3 {
				return 0.5
			}
			return 0
		}), want{outliers: []int{4}}}, // the interval [2nd, 9th] leaves one round out: not wide
		{"one +50% round in seven", row(7, 100, func(i int) float64 {
			if i == 3 {
				return 0.5
			}
			return 0
		}), want{wide: true, tooFew: true, outliers: []int{4}, reasons: []string{
			"too few rounds: with 7, the CI is the lowest round to the highest",
			"outliers: round 4 (+48.8%) of the median"}}},
		{"one -30% round in eight", row(8, 100, func(i int) float64 {
			if i == 3 {
				return -0.3
			}
			return 0
		}), want{wide: true, tooFew: true, outliers: []int{4}, reasons: []string{
			"too few rounds: with 8, the CI starts at the lowest round",
			"outliers: round 4 (-30.1%) of the median"}}},
		{"two slow rounds in ten", row(10, 100, func(i int) float64 {
			switch i {
			case 2:
				return 0.4
			case 7:
				return 0.45
			}
			return 0
		}), want{wide: true, outliers: []int{3, 8}, // the smaller group of a split: outliers, not bimodal
			reasons: []string{"outliers: rounds 3 (+41.3%), 8 (+44.1%) of the median"}}},
		{"three slow rounds in ten", row(10, 100, func(i int) float64 {
			if i%3 == 1 {
				return 0.4
			}
			return 0
		}), want{wide: true, split: true, // three are a group, not outliers
			reasons: []string{"bimodal: rounds 2, 5, 8 at 1.39× the other 7"}}},
		{"interleaved groups", row(10, 100, func(i int) float64 { return 0.4 * float64(i%2) }),
			want{wide: true, split: true, reasons: []string{"bimodal: rounds 2, 4, 6, 8, 10 at 1.38× the other 5"}}},
		{"n=3", []float64{100, 101, 99}, want{wide: true, tooFew: true,
			reasons: []string{"too few rounds: with 3, benchmath gives the CI no finite end"}}},
		{"noisy, no pattern", row(10, 100, func(i int) float64 {
			return 0.04 * []float64{0, -3, 4, -5, 2, -1, 3, -4, 1, -2}[i]
		}), want{wide: true, reasons: []string{"noisy, no pattern"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sh := stats.ShapeOf(tc.vals)
			w := tc.want
			assert.Equal(t, w.wide, sh.Wide, "wide (±%.1f%%)", 100*sh.Spread)
			assert.Equal(t, w.tooFew, sh.TooFew, "too few rounds")
			if assert.Equal(t, w.drift, sh.Drift != nil, "drifting: %+v", sh.Drift) && w.drift {
				assert.InDelta(t, w.perRound, sh.Drift.PerRound, 0.005)
			}
			if assert.Equal(t, w.split, sh.Split != nil, "bimodal: %+v", sh.Split) && w.split {
				assert.Equal(t, w.step, sh.Split.Step)
			}
			var rounds []int
			for _, o := range sh.Outliers {
				rounds = append(rounds, sh.Rounds[o.Pos])
			}
			assert.Equal(t, w.outliers, rounds, "outliers")
			assert.Equal(t, w.reasons, sh.Reasons())
			causes := sh.Causes()
			if assert.Len(t, causes, len(w.reasons)) {
				for i, c := range causes {
					assert.True(t, strings.HasPrefix(w.reasons[i], c), "%q begins with %q", w.reasons[i], c)
				}
			}
		})
	}
}

// TestShapeSpread pins the ± definition: the larger of hi/median−1 and
// 1−lo/median of benchmath's interval, as benchstat's ± before rounding.
func TestShapeSpread(t *testing.T) {
	vals := []float64{90, 95, 98, 99, 100, 100, 101, 102, 104, 130}
	sh := stats.ShapeOf(vals)
	assert.Equal(t, 100.0, sh.Summary.Center)
	assert.Equal(t, 95.0, sh.Summary.Lo, "the 2nd of 10")
	assert.Equal(t, 104.0, sh.Summary.Hi, "the 9th of 10")
	assert.InDelta(t, 0.05, sh.Spread, 1e-12, "max(104/100−1, 1−95/100)")
	assert.Equal(t, "5%", sh.Summary.PctRangeString(), "benchstat's ± of the same interval")
	assert.True(t, math.IsInf(stats.ShapeOf([]float64{1, 2}).Spread, 1))
}

// TestSetShape reads a row's rounds from a results file, and refuses a
// file that records none.
func TestSetShape(t *testing.T) {
	var withRounds, without strings.Builder
	for i, v := range row(10, 100, func(i int) float64 { return 0.4 * float64(i%2) }) {
		fmt.Fprintf(&withRounds, "round: %d\narm-position: 1\nBenchmarkHandoff/impl=a/mode=roundtrip/cap=0/payload=8B/work=0 1000 %.2f ns/op\n", i+1, v)
		fmt.Fprintf(&without, "BenchmarkHandoff/impl=a/mode=roundtrip/cap=0/payload=8B/work=0 1000 %.2f ns/op\n", v)
	}
	s := load(t, "rounds.txt", withRounds.String())
	sh, ok := s.Shape(s.Keys()[0], "ns/op")
	require.True(t, ok)
	assert.Equal(t, []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, sh.Rounds)
	assert.NotNil(t, sh.Split)

	s = load(t, "norounds.txt", without.String())
	_, ok = s.Shape(s.Keys()[0], "ns/op")
	assert.False(t, ok, "no round order to read")
}

// TestDriftPerRound: a steady 2% a round is found, and one wild round
// does not move it.
func TestDriftPerRound(t *testing.T) {
	var vals []float64
	for i := range 10 {
		vals = append(vals, 100*math.Pow(1.02, float64(i)))
	}
	assert.InDelta(t, 0.02, stats.DriftPerRound(vals), 1e-9)
	vals[4] *= 3
	assert.InDelta(t, 0.02, stats.DriftPerRound(vals), 1e-9)
	assert.Zero(t, stats.DriftPerRound([]float64{5}))
}

// TestLogSpread: the median |ln(v) − median ln| is ln(1.1) here, scaled
// by 1.4826; the one wild value does not count; Median leaves its input
// as it was.
func TestLogSpread(t *testing.T) {
	assert.InEpsilon(t, 1.4826*math.Log(1.1), stats.LogSpread([]float64{100, 110, 100 / 1.1, 110, 100 / 1.1, 100, 1000}), 1e-5)
	assert.Zero(t, stats.LogSpread([]float64{5, 5, 5}))
	vals := []float64{4, 1, 3, 2}
	assert.Equal(t, 2.5, stats.Median(vals))
	assert.Equal(t, []float64{4, 1, 3, 2}, vals)
}
