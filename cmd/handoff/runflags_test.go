package main

import (
	"context"
	"io"
	"os/exec"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoffbench/handoff/bench/matrix"
)

// resolved parses bench's run flags from args and resolves them.
func resolved(t *testing.T, args ...string) (*runFlags, error) {
	t.Helper()
	fs := newFlags("bench", io.Discard, "")
	rf := addRunFlags(fs, "quick", 0, 1, "rounds", "")
	require.NoError(t, fs.Parse(args))
	_, err := rf.resolve()
	return rf, err
}

// TestRunFlagsLeftOutOrGiven: a flag left out takes its default; the same
// flag given as 0 or "" is a value, refused where it means nothing (the
// refusals are in TestBadInput) and kept where it does.
func TestRunFlagsLeftOutOrGiven(t *testing.T) {
	quick, err := matrix.LookupProfile("quick")
	require.NoError(t, err)

	rf, err := resolved(t)
	require.NoError(t, err)
	assert.Equal(t, quick.Rounds, *rf.rounds, "no -rounds: the profile's")
	assert.Equal(t, quick.Benchtime, *rf.benchtime, "no -benchtime: the profile's")

	rf, err = resolved(t, "-seed=0")
	require.NoError(t, err)
	assert.Zero(t, *rf.seed, "-seed=0 is the seed 0, not a random one")

	_, err = resolved(t, "-rounds=0")
	assert.ErrorContains(t, err, "-rounds 0: need at least 1")
}

// TestMakePassesRoundsZero: make bench ROUNDS=0 reaches the check above as
// -rounds=0, and ROUNDS left empty passes no -rounds at all.
func TestMakePassesRoundsZero(t *testing.T) {
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("no make on PATH")
	}
	dry := func(args ...string) string {
		out, err := exec.Command("make", append([]string{"-n", "--no-print-directory", "-C", "../.."}, args...)...).CombinedOutput()
		require.NoError(t, err, "%s", out)
		return string(out)
	}
	for _, target := range []string{"bench", "bench-refs", "regress"} {
		assert.Contains(t, dry(target, "ROUNDS=0", "BASE=x"), "-rounds=0", target)
		assert.NotContains(t, dry(target, "ROUNDS=", "BASE=x"), "-rounds", target)
	}
	assert.NotContains(t, dry("bench", "BENCHTIME="), "-benchtime")
}

// TestAffinityRecorded: -pin confines the runs where taskset can, and the
// results file says which; without taskset on a Linux with several CPUs
// the run says so on stderr and records cpu-affinity: none.
func TestAffinityRecorded(t *testing.T) {
	rf, err := resolved(t, "-pin=false")
	require.NoError(t, err)
	assert.Empty(t, rf.taskset())
	assert.Equal(t, "none", rf.env(context.Background(), io.Discard, "", matrix.Profile{}).Affinity)

	if runtime.GOOS != "linux" || runtime.NumCPU() < 2 {
		t.Skip("taskset confines only on a Linux with several CPUs")
	}
	if _, err := exec.LookPath("taskset"); err == nil {
		rf, err = resolved(t)
		require.NoError(t, err)
		assert.NotEmpty(t, rf.taskset())
		assert.Equal(t, "first-gomaxprocs-cpus", rf.env(context.Background(), io.Discard, "", matrix.Profile{}).Affinity)
	}
	t.Setenv("PATH", t.TempDir()) // no taskset, and no git: env says unknown
	rf, err = resolved(t)
	require.NoError(t, err)
	assert.Empty(t, rf.taskset())
	var note strings.Builder
	assert.Equal(t, "none", rf.env(context.Background(), &note, "handoff bench", matrix.Profile{}).Affinity)
	assert.Contains(t, note.String(), "handoff bench: no taskset on PATH")
}
