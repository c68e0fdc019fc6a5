package stats_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoffbench/handoff/stats"
)

func TestOBrienFleming(t *testing.T) {
	// Lan and DeMets' O'Brien–Fleming-like function at α = 0.05: nothing
	// at the start, all at the end, and its known value at half-way,
	// 2 − 2Φ(1.96·√2) ≈ 0.00557.
	assert.Equal(t, 0.0, stats.OBrienFleming(0.05, 0))
	assert.Equal(t, 0.05, stats.OBrienFleming(0.05, 1))
	assert.InDelta(t, 0.00557, stats.OBrienFleming(0.05, 0.5), 1e-4)
	looks, err := stats.Looks(10, 60, 0.05, 0.05, stats.OBrienFleming)
	require.NoError(t, err)
	require.Len(t, looks, 6)
	sum := 0.0
	for _, l := range looks {
		sum += l.Alpha
	}
	assert.InDelta(t, 0.05, sum, 1e-12, "the looks spend exactly alpha")
	assert.True(t, looks[5].Final)
	last := looks[2].Last(looks[1].Fraction, 0.05, 0.05, stats.OBrienFleming)
	assert.InDelta(t, 0.05, looks[0].Alpha+looks[1].Alpha+last.Alpha, 1e-12, "a run cut short spends the rest at its last look")
	_, err = stats.Looks(0, 60, 0.05, 0.05, stats.OBrienFleming)
	assert.Error(t, err)
}

// series makes paired series of m benchmarks from d[j][i] = ln(new/old).
func series(d [][]float64) []stats.Series {
	var out []stats.Series
	for j, dj := range d {
		s := stats.Series{Key: stats.Key{Name: fmt.Sprintf("B/case=%d", j)}, Unit: "ns/op"}
		for i, x := range dj {
			s.Rounds = append(s.Rounds, i+1)
			s.Old, s.New = append(s.Old, 100), append(s.New, 100*math.Exp(x))
			s.D = append(s.D, x)
		}
		out = append(out, s)
	}
	return out
}

// TestSmallestP: when every round of a benchmark is slower, the max-T
// p-value is the exact 2⁻ⁿ, however many benchmarks are in the family.
func TestSmallestP(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	for _, m := range []int{1, 50} {
		d := make([][]float64, m)
		for j := range d {
			for range 10 {
				x := 0.02 * r.NormFloat64()
				if j == 0 {
					x = 0.3 + 0.01*r.Float64()
				}
				d[j] = append(d[j], x)
			}
		}
		seq, err := stats.NewSequential(stats.DefaultSequentialOptions(), []string{"ns/op"})
		require.NoError(t, err)
		res := seq.Look(series(d), stats.Look{K: 1, Rounds: 10, Fraction: 1, Alpha: 0.05, Beta: 0.05, Final: true})
		require.Equal(t, "B/case=0", res.Deltas[0].Key.Name)
		assert.Equal(t, math.Pow(2, -10), res.Deltas[0].P, "m=%d", m)
		assert.Equal(t, stats.Regression, res.Deltas[0].Verdict)
		assert.InDelta(t, math.Expm1(0.305), res.Deltas[0].Change, 0.01)
		assert.Less(t, res.Deltas[0].Lo, res.Deltas[0].Change)
		assert.Greater(t, res.Deltas[0].Hi, res.Deltas[0].Change)
	}
}

// TestRobustToOutliers: one round in five 50% slow on the new side moves
// the Huber estimate little, where it would move a mean by a tenth.
func TestRobustToOutliers(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 2))
	var d []float64
	for i := range 40 {
		x := 0.05 * r.NormFloat64()
		if i%5 == 0 {
			x += math.Log(1.5)
		}
		d = append(d, x)
	}
	seq, err := stats.NewSequential(stats.DefaultSequentialOptions(), []string{"ns/op"})
	require.NoError(t, err)
	res := seq.Look(series([][]float64{d}), stats.Look{K: 1, Rounds: 40, Fraction: 1, Alpha: 0.05, Beta: 0.05, Final: true})
	assert.Less(t, res.Deltas[0].Change, 0.04, "the estimate followed the outliers")
}

// TestSequentialDecides: the three outcomes, each on a clear case: a +30%
// benchmark fails at once, a steady one passes once its bound allows it,
// and a noisy one at the cap is inconclusive, with what it could catch.
func TestSequentialDecides(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	draw := func(shift, sigma float64) []float64 {
		var d []float64
		for range 60 {
			d = append(d, shift+sigma*r.NormFloat64())
		}
		return d
	}
	opts := stats.DefaultSequentialOptions()
	looks, err := stats.Looks(10, 60, opts.Alpha, opts.Beta, opts.Spending)
	require.NoError(t, err)
	run := func(d [][]float64) *stats.LookResult {
		seq, err := stats.NewSequential(opts, []string{"ns/op"})
		require.NoError(t, err)
		var res *stats.LookResult
		for _, l := range looks {
			cut := make([][]float64, len(d))
			for j := range d {
				cut[j] = d[j][:l.Rounds]
			}
			if res = seq.Look(series(cut), l); res.Outcome != stats.Inconclusive {
				break
			}
		}
		return res
	}
	res := run([][]float64{draw(math.Log(1.3), 0.05), draw(0, 0.05)})
	assert.Equal(t, stats.Regression, res.Outcome)
	assert.Equal(t, 20, res.Look.Rounds, "a clear regression is caught at the second look")

	res = run([][]float64{draw(0, 0.03), draw(0, 0.03)})
	assert.Equal(t, stats.Pass, res.Outcome)
	assert.Less(t, res.Look.Rounds, 60, "steady benchmarks pass before the cap")

	res = run([][]float64{draw(0, 0.03), draw(0.05, 0.6)})
	assert.Equal(t, stats.Inconclusive, res.Outcome)
	assert.Equal(t, 60, res.Look.Rounds)
	assert.Equal(t, []string{"B/case=1"}, res.Undecided())
	for _, d := range res.Deltas {
		if d.Verdict == stats.Inconclusive {
			assert.Contains(t, d.Note, "could catch about")
			assert.Greater(t, d.MDE, 0.10)
		}
	}
}

// TestSequentialSimulation: the sequential gate at the measured noise
// (sim_test.go), a few dozen runs of 10 benchmarks each: false alarms under
// A/A, and catches of one benchmark made 10% slower. So few runs bound the
// rates only loosely (two standard errors of slack on the false alarms);
// HANDOFF_SIM=<runs> runs TestSequentialLongSimulation, which measures them.
func TestSequentialSimulation(t *testing.T) {
	opts := stats.DefaultSequentialOptions()
	opts.Flips = 1000
	trials := 30
	if testing.Short() {
		trials = 10
	}
	slack := 2 * math.Sqrt(0.05*0.95/float64(trials))
	_, f, inc, rounds := rates(t, trials, 10, 0, opts, 5)
	t.Logf("A/A: false alarms %.1f%%, inconclusive %.1f%%, mean rounds %.1f (%d runs)", 100*f, 100*inc, rounds, trials)
	assert.LessOrEqual(t, f, 0.05+slack)
	c, f, inc, rounds := rates(t, trials, 10, 0.10, opts, 6)
	t.Logf("+10%%: caught %.1f%%, false alarms %.1f%%, inconclusive %.1f%%, mean rounds %.1f (%d runs)", 100*c, 100*f, 100*inc, rounds, trials)
	assert.GreaterOrEqual(t, c, 0.6)
	assert.LessOrEqual(t, f, 0.05+slack)
}

// TestPairReadsRounds: two files of one interleaved run pair round by
// round; files without rounds, or of different runs, do not.
func TestPairReadsRounds(t *testing.T) {
	file := func(name, seed string, withRounds bool, scale float64) *stats.Set {
		var b strings.Builder
		fmt.Fprintf(&b, "order-seed: %s\ndate: 2026-11-29T10:00:00Z\n", seed)
		for i := 1; i <= 6; i++ {
			if withRounds {
				pos := 1 + i%2
				if name == "new" {
					pos = 1 + (i+1)%2
				}
				fmt.Fprintf(&b, "round: %d\narm-position: %d\n", i, pos)
			}
			fmt.Fprintf(&b, "BenchmarkHandoff/impl=x 1000 %.1f ns/op 3 allocs/op\n", scale*float64(100+i))
		}
		s, err := stats.Read(strings.NewReader(b.String()), name)
		require.NoError(t, err)
		return s
	}
	old, new := file("old", "7", true, 1), file("new", "7", true, 1.1)
	ok, why := stats.Pairable(old, new)
	require.True(t, ok, why)
	ss, err := stats.Pair(old, new, []string{"ns/op", "allocs/op"})
	require.NoError(t, err)
	require.Len(t, ss, 2)
	assert.Equal(t, []int{1, 2, 3, 4, 5, 6}, ss[0].Rounds)
	for _, d := range ss[0].D {
		assert.InDelta(t, math.Log(1.1), d, 1e-3)
	}

	ok, why = stats.Pairable(old, file("new", "8", true, 1))
	assert.False(t, ok)
	assert.Contains(t, why, "not of one interleaved run")
	ok, why = stats.Pairable(file("old", "7", false, 1), new)
	assert.False(t, ok)
	assert.Contains(t, why, "do not record")
	ok, _ = stats.Pairable(old, file("old", "7", true, 1))
	assert.False(t, ok, "both sides at the same position in a round are not one interleaved pair")

	_, err = stats.Read(strings.NewReader("round: x\narm-position: 1\nBenchmarkX 1 1 ns/op\n"), "bad.txt")
	assert.ErrorContains(t, err, "bad.txt:3:")
}
