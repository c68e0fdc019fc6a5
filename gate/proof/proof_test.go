package proof

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReadProofRun: gate-proof reads regress's JSON through the gate's own
// type, so that a null change — infinite, from a zero — reads as infinite,
// not as no change, and only gated series count.
func TestReadProofRun(t *testing.T) {
	path := filepath.Join(t.TempDir(), "run.json")
	require.NoError(t, os.WriteFile(path, []byte(`{"Rounds": 20, "Deltas": [
		{"Benchmark": "a", "Gated": true, "Change": 0.1, "Verdict": "regression"},
		{"Benchmark": "b", "Gated": true, "Change": null, "Verdict": "undecided"},
		{"Benchmark": "a", "Unit": "cpu-ns/op", "Gated": false, "Change": 0.5, "Verdict": "reported"}]}`), 0o644))
	bench := map[string]*proofBench{}
	rounds, err := readProofRun(path, bench)
	require.NoError(t, err)
	assert.Equal(t, 20, rounds)
	require.Contains(t, bench, "a")
	assert.Equal(t, []float64{0.1}, bench["a"].changes)
	assert.Equal(t, 1, bench["a"].flagged)
	require.Contains(t, bench, "b")
	assert.True(t, math.IsInf(bench["b"].changes[0], 1), "a null change read as %v", bench["b"].changes[0])
	assert.Zero(t, bench["b"].flagged)
}
