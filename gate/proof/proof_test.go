package proof

import (
	"context"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

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

// TestAnchorsAreInTheTree: each level's patch finds its anchor exactly once
// in the file it edits, as the tree stands, so that a refactor of channels'
// Send or statemachine's resume breaks this test and not a 20-minute proof.
func TestAnchorsAreInTheTree(t *testing.T) {
	for file, anchor := range map[string]string{
		"../../impls/channels/channels.go":         sendAnchor,
		"../../impls/statemachine/statemachine.go": resumeAnchor,
	} {
		src, err := os.ReadFile(file)
		require.NoError(t, err)
		assert.Equal(t, 1, strings.Count(string(src), anchor), "%s: %q", file, anchor)
	}
}

// TestPatchCommit: a level is committed on head as its patch, the inserted
// lines after the anchor and the new file beside it; the A/A level is an
// empty commit; a file without its anchor is refused, naming it.
func TestPatchCommit(t *testing.T) {
	ctx := context.Background()
	tree := t.TempDir()
	dir := filepath.Join(tree, "impls", "channels")
	require.NoError(t, os.MkdirAll(dir, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "channels.go"), []byte("package channels\n\n"+sendAnchor+"\treturn\n}\n"), 0o644))
	git := func(args ...string) string {
		out, err := exec.Command("git", append([]string{"-C", tree}, args...)...).CombinedOutput()
		require.NoError(t, err, "%s", out)
		return strings.TrimSpace(string(out))
	}
	git("init", "--quiet")
	require.NoError(t, commitAll(ctx, tree, "base"))
	head := git("rev-parse", "HEAD")

	require.NoError(t, slowCommit(ctx, tree, head, 5*time.Microsecond, 10))
	src, err := os.ReadFile(filepath.Join(dir, "channels.go"))
	require.NoError(t, err)
	assert.Contains(t, string(src), sendAnchor+"\tproofSpin()\n")
	assert.FileExists(t, filepath.Join(dir, "proof_spin.go"))
	assert.Equal(t, "gate-proof: channels' Send slowed by 10% (5µs)", git("log", "-1", "--format=%s"))
	assert.Equal(t, head, git("rev-parse", "HEAD~1"))

	require.NoError(t, slowCommit(ctx, tree, head, 0, 0))
	assert.Empty(t, git("diff", "--stat", head, "HEAD"), "the A/A level changes nothing")
	assert.NoFileExists(t, filepath.Join(dir, "proof_spin.go"))

	sm := filepath.Join(tree, "impls", "statemachine")
	require.NoError(t, os.MkdirAll(sm, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(sm, "statemachine.go"), []byte("package statemachine\n"), 0o644))
	err = lengthenCommit(ctx, tree, head, 2, 1)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "statemachine.go: not one")
}
