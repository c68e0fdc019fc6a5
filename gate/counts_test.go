package gate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoffbench/handoff/stats"
)

// countsFile is a results file of one interleaved run's side: each
// benchmark timed in rounds, then counted three times.
func countsFile(t *testing.T, name string, ns float64, counts map[string]float64) *stats.Set {
	var b strings.Builder
	b.WriteString("date: 2026-12-06T10:00:00Z\norder-seed: 7\nrounds: 6\n")
	for r := 1; r <= 6; r++ {
		pos := 1
		if name == "new.txt" {
			pos = 2
		}
		fmt.Fprintf(&b, "round: %d\narm-position: %d\n", r, pos)
		for _, bench := range []string{"a", "b"} {
			fmt.Fprintf(&b, "BenchmarkHandoff/impl=%s 1000 %g ns/op\n", bench, ns+float64(r%2))
		}
	}
	b.WriteString("round:\narm-position:\n")
	for bench, c := range counts {
		for k := 1; k <= 3; k++ {
			fmt.Fprintf(&b, "count-repeat: %d\nBenchmarkHandoff/impl=%s 1000 %g instructions/op\n", k, bench, c+0.1*float64(k))
		}
	}
	s, err := stats.Read(strings.NewReader(b.String()), name)
	require.NoError(t, err)
	return s
}

// TestJudgeCounts: a benchmark both sides counted is a regression when its
// median count rose by the threshold or more, and passes below it; one
// counted on a side alone is not judged on counts.
func TestJudgeCounts(t *testing.T) {
	old := countsFile(t, "old.txt", 100, map[string]float64{"a": 125, "b": 60})
	new := countsFile(t, "new.txt", 100, map[string]float64{"a": 126.5})
	ds := JudgeCounts(old, new, 0.01)
	require.Len(t, ds, 1)
	assert.Equal(t, "Handoff/impl=a", ds[0].Benchmark)
	assert.Equal(t, "regression", ds[0].Verdict)
	assert.InDelta(t, 126.7/125.2-1, ds[0].Change, 1e-9)
	assert.InDelta(t, 0.2/125.1, ds[0].OldSpread, 1e-9)
	ds = JudgeCounts(old, countsFile(t, "new.txt", 100, map[string]float64{"a": 125.9}), 0.01)
	assert.Equal(t, "pass", ds[0].Verdict, "+0.64%")
}

// TestCompareJudgesCountsApart: compare on two files with counts judges the
// counted benchmark on them, leaves it out of the timed test, says so, and
// fails on its rise alone.
func TestCompareJudgesCountsApart(t *testing.T) {
	old := countsFile(t, "old.txt", 100, map[string]float64{"a": 125})
	new := countsFile(t, "new.txt", 100, map[string]float64{"a": 127})
	var out bytes.Buffer
	err := Comparison{Old: old, New: new, Gate: []string{"ns/op"}, Seq: stats.DefaultSequentialOptions(), Format: "text", CountThreshold: 0.01}.Judge(&out)
	require.ErrorIs(t, err, ErrRegression, out.String())
	assert.Contains(t, out.String(), "1 benchmarks counted on both sides are judged on their instruction counts alone")
	assert.Contains(t, out.String(), "REGRESSION  Handoff/impl=a")
	assert.Contains(t, out.String(), "counted: 1 regressed, 0 passed")

	out.Reset()
	err = Comparison{Old: old, New: new, Gate: []string{"ns/op"}, Seq: stats.DefaultSequentialOptions(), Format: "json", CountThreshold: 0.01}.Judge(&out)
	require.ErrorIs(t, err, ErrRegression)
	var rep PairedReport
	require.NoError(t, json.Unmarshal(out.Bytes(), &rep), out.String())
	require.NotEmpty(t, rep.Deltas)
	for _, d := range rep.Deltas {
		assert.NotEqual(t, "Handoff/impl=a", d.Benchmark, "a counted benchmark in the timed test")
	}
}

// TestCountsUnitTimesTheRest: -units=instructions/op judges the counted
// benchmarks on their counts and times the others on ns/op, as regress
// does: a benchmark not counted that became twice as slow is a regression.
func TestCountsUnitTimesTheRest(t *testing.T) {
	old := countsFile(t, "old.txt", 100, map[string]float64{"a": 125})
	new := countsFile(t, "new.txt", 200, map[string]float64{"a": 125})
	var out bytes.Buffer
	err := Comparison{Old: old, New: new, Gate: []string{"instructions/op"}, Seq: stats.DefaultSequentialOptions(), Format: "text", CountThreshold: 0.01}.Judge(&out)
	require.ErrorIs(t, err, ErrRegression, out.String())
	assert.Contains(t, out.String(), "REGRESSION  Handoff/impl=b")
	assert.Contains(t, out.String(), "counted: 0 regressed, 1 passed")
}

// TestEveryBenchmarkCounted: when both sides counted every benchmark, the
// timed test has nothing to decide and the counts alone pass the change.
func TestEveryBenchmarkCounted(t *testing.T) {
	old := countsFile(t, "old.txt", 100, map[string]float64{"a": 125, "b": 60})
	new := countsFile(t, "new.txt", 100, map[string]float64{"a": 125, "b": 60})
	var out bytes.Buffer
	err := Comparison{Old: old, New: new, Gate: []string{"ns/op"}, Seq: stats.DefaultSequentialOptions(), Format: "text", CountThreshold: 0.01}.Judge(&out)
	require.NoError(t, err, out.String())
	assert.Contains(t, out.String(), "No benchmark was left to time")
	assert.Contains(t, out.String(), "timed: 0 regressed, 0 passed, 0 undecided; counted: 0 regressed, 2 passed")
}
