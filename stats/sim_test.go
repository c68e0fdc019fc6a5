package stats_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoffbench/handoff/stats"
)

// noise is the measured noise of this project's 2-core machine (issues 11
// and 17): each side's log-spread about 0.15 (0.21 for the noisiest tenth),
// heavy tails (Student's t with 3 degrees of freedom), the machine drifting
// slowly across rounds, the two arms of a round correlated at ρ ≈ 0.67,
// and one run in ten landing 50% slow.
type noise struct {
	sigma, noisy, rho, drift, outliers, outlierSize float64
}

var measured = noise{sigma: 0.15, noisy: 0.21, rho: 0.67, drift: 0.15, outliers: 0.10, outlierSize: 0.5}

// student3 is a t-distributed draw with 3 degrees of freedom, scaled to
// unit variance.
func student3(r *rand.Rand) float64 {
	chi := 0.0
	for range 3 {
		z := r.NormFloat64()
		chi += z * z
	}
	return r.NormFloat64() / math.Sqrt(chi/3) / math.Sqrt(3)
}

// simulate draws rounds of m benchmarks, old and new, in ns/op; slow[j]
// multiplies benchmark j's new side. The drift is a random walk shared by
// every run, so it moves the machine over the run as the measured one did.
func (nz noise) simulate(r *rand.Rand, m, rounds int, slow map[int]float64) []stats.Series {
	series := make([]stats.Series, m)
	drift := 0.0
	for i := 1; i <= rounds; i++ {
		drift += nz.drift / math.Sqrt(float64(rounds)) * r.NormFloat64()
		for j := range m {
			sigma := nz.sigma
			if j%10 == 9 {
				sigma = nz.noisy
			}
			shared := sigma * math.Sqrt(nz.rho) * student3(r)
			arm := func(f float64) float64 {
				x := 100 * float64(j+1) * f * math.Exp(drift+shared+sigma*math.Sqrt(1-nz.rho)*student3(r))
				if r.Float64() < nz.outliers {
					x *= 1 + nz.outlierSize
				}
				return x
			}
			o, n := arm(1), arm(slow[j])
			if slow[j] == 0 {
				n = arm(1)
			}
			s := &series[j]
			s.Key, s.Unit = stats.Key{Name: fmt.Sprintf("Handoff/impl=x/case=%d", j)}, "ns/op"
			s.Rounds = append(s.Rounds, i)
			s.Old, s.New = append(s.Old, o), append(s.New, n)
			s.D = append(s.D, math.Log(n/o))
		}
	}
	return series
}

// upTo is the series cut to their first n rounds.
func upTo(series []stats.Series, n int) []stats.Series {
	out := make([]stats.Series, len(series))
	for j, s := range series {
		out[j] = stats.Series{Key: s.Key, Unit: s.Unit, Rounds: s.Rounds[:n], D: s.D[:n], Old: s.Old[:n], New: s.New[:n]}
	}
	return out
}

// outcome is one simulated sequential run.
type outcome struct {
	verdict stats.Verdict
	rounds  int
	caught  bool // the slowed benchmark was called a regression
	wrong   bool // an unchanged one was
}

// runSequential runs the sequential gate on pre-drawn series, looking every
// 10 rounds up to 60, as regress does.
func runSequential(t *testing.T, series []stats.Series, opts stats.SequentialOptions, slowed int) outcome {
	looks, err := stats.Looks(10, 60, opts.Alpha, opts.Beta, opts.Spending)
	require.NoError(t, err)
	seq, err := stats.NewSequential(opts, []string{"ns/op"})
	require.NoError(t, err)
	var res *stats.LookResult
	for _, l := range looks {
		res = seq.Look(upTo(series, l.Rounds), l)
		if res.Outcome != stats.Inconclusive {
			break
		}
	}
	out := outcome{verdict: res.Outcome, rounds: res.Look.Rounds}
	for _, d := range res.Deltas {
		if d.Verdict == stats.Regression {
			if d.Key.Name == fmt.Sprintf("Handoff/impl=x/case=%d", slowed) {
				out.caught = true
			} else {
				out.wrong = true
			}
		}
	}
	return out
}

// rates simulates trials runs of m benchmarks, benchmark 0 slowed by
// effect (none at 0), and returns the share of runs that caught it, that
// raised a false alarm, that ended inconclusive, and the mean rounds.
func rates(t *testing.T, trials, m int, effect float64, opts stats.SequentialOptions, seed uint64) (caught, false_, inconclusive, rounds float64) {
	for trial := range trials {
		r := rand.New(rand.NewPCG(seed, uint64(trial)))
		slow := map[int]float64{}
		if effect != 0 {
			slow[0] = 1 + effect
		}
		opts.Seed = uint64(trial)
		o := runSequential(t, measured.simulate(r, m, 60, slow), opts, 0)
		if o.caught {
			caught++
		}
		if o.wrong || (effect == 0 && o.caught) {
			false_++
		}
		if o.verdict == stats.Inconclusive {
			inconclusive++
		}
		rounds += float64(o.rounds)
	}
	n := float64(trials)
	return caught / n, false_ / n, inconclusive / n, rounds / n
}

// TestSequentialLongSimulation measures the sequential gate's false-alarm
// rate (A/A) and its catch rate at +5%, +10% and +20% at the measured noise,
// over many runs. It takes minutes: set HANDOFF_SIM=<trials> to run it.
func TestSequentialLongSimulation(t *testing.T) {
	trials, _ := strconv.Atoi(os.Getenv("HANDOFF_SIM"))
	if trials == 0 {
		t.Skip("set HANDOFF_SIM=<trials per effect>, e.g. 200")
	}
	opts := stats.DefaultSequentialOptions()
	opts.Flips = 2000
	for _, m := range []int{16, 64} {
		for _, effect := range []float64{0, 0.05, 0.10, 0.20} {
			c, f, inc, rounds := rates(t, trials, m, effect, opts, 11)
			t.Logf("m=%d effect=%+.0f%%: caught %.1f%%, false alarms %.1f%%, inconclusive %.1f%%, mean rounds %.1f (%d runs)",
				m, 100*effect, 100*c, 100*f, 100*inc, rounds, trials)
			if effect == 0 {
				assert.LessOrEqual(t, f, 0.05+2*math.Sqrt(0.05*0.95/float64(trials)))
			}
		}
	}
}
