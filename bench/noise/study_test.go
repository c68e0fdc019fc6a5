package noise

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoffbench/handoff/bench/matrix"
	"github.com/handoffbench/handoff/bench/runner"
	"github.com/handoffbench/handoff/resultfmt"
)

// TestStudyWritesAFilePerVariant: a study of one benchmark writes each
// variant's results as an ordinary results file that records how that
// variant ran (its b.N policy and its confinement), and the table.
func TestStudyWritesAFilePerVariant(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the benchmark binary")
	}
	names := "base,fixedn"
	if runner.TasksetPath() != "" {
		names += ",pinned"
	}
	variants, err := ParseVariants(names)
	require.NoError(t, err)
	quick, err := matrix.LookupProfile("quick")
	require.NoError(t, err)
	dir := filepath.Join(t.TempDir(), "study")
	env := runner.Env{Date: time.Now(), Affinity: "first-gomaxprocs-cpus", Iterations: "fixed"}
	table, err := Study{Pkg: "../../bench", Go: "go", Variants: variants, Rounds: 6, Benchtime: time.Millisecond, Seed: 1, Env: env, Dir: dir,
		Select: func(rs []resultfmt.Row) ([]matrix.Unit, error) {
			return quick.Select(rs, "statemachine", "Handoff/.*mode=roundtrip/cap=0/payload=8B/work=0")
		}}.Run(context.Background())
	require.NoError(t, err)
	assert.Contains(t, string(table), "statemachine")
	for _, v := range variants {
		data, err := os.ReadFile(filepath.Join(dir, v.Name+".txt"))
		require.NoError(t, err, v.Name)
		iters, affinity := "ramped", "none"
		if v.fixedN {
			iters = "fixed"
		}
		if v.pin {
			affinity = "first-gomaxprocs-cpus"
		}
		assert.Contains(t, string(data), resultfmt.KeyIterations+": "+iters+"\n", v.Name)
		assert.Contains(t, string(data), resultfmt.KeyCPUAffinity+": "+affinity+"\n", v.Name)
		assert.Contains(t, string(data), "BenchmarkHandoff/impl=statemachine/", v.Name)
	}
	kept, err := os.ReadFile(filepath.Join(dir, "table.txt"))
	require.NoError(t, err)
	assert.Equal(t, string(table), string(kept))
}

func TestParseVariants(t *testing.T) {
	vs, err := ParseVariants("base, x5")
	require.NoError(t, err)
	assert.Equal(t, []string{"base", "x5"}, []string{vs[0].Name, vs[1].Name})
	_, err = ParseVariants("base,nosuch")
	assert.ErrorContains(t, err, `no variant "nosuch" (have base, count5`)
}
