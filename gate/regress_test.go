package gate_test

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

	"github.com/handoffbench/handoff/bench/matrix"
	"github.com/handoffbench/handoff/bench/runner"
	"github.com/handoffbench/handoff/gate"
	"github.com/handoffbench/handoff/resultfmt"
	"github.com/handoffbench/handoff/stats"
)

// tinyBench is a benchmark package of two steady cases, enough to run the
// whole regression path on a throwaway repository.
const tinyBench = `package bench

import (
	"flag"
	"fmt"
	"os"
	"testing"
)

var sink uint64

// What package bench's Main does: answer -handoff.rows with the rows.
var rowsFlag = flag.Bool("handoff.rows", false, "")

func TestMain(m *testing.M) {
	flag.Parse()
	if *rowsFlag {
		fmt.Print("rows: a,b\nrow-a-kind: implementation\nrow-b-kind: implementation\n")
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func BenchmarkHandoff(b *testing.B) {
	for _, name := range []string{"impl=a/mode=roundtrip/cap=0/payload=8B/work=0", "impl=b/mode=roundtrip/cap=0/payload=8B/work=0"} {
		b.Run(name, func(b *testing.B) {
			x := uint64(1)
			for range b.N {
				for range 200 {
					x = x*6364136223846793005 + 1442695040888963407
				}
			}
			sink += x
		})
	}
}
`

// repo makes a git repository with one commit per content of the tiny
// benchmark file, and returns its directory.
func repo(t *testing.T, versions ...string) string {
	t.Helper()
	dir := t.TempDir()
	run := func(args ...string) {
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%v: %s", args, out)
	}
	run("git", "init", "-q")
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/tiny\n\ngo 1.26\n"), 0o644))
	require.NoError(t, os.Mkdir(filepath.Join(dir, "bench"), 0o755))
	for i, v := range versions {
		require.NoError(t, os.WriteFile(filepath.Join(dir, "bench", "tiny_test.go"), []byte(v), 0o644))
		run("git", "add", ".")
		run("git", "-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "-q", "-m", "version "+string(rune('1'+i)))
	}
	return dir
}

// units selects the tiny benchmark's two cases, whatever rows the binary
// describes.
func units([]resultfmt.Row) ([]matrix.Unit, error) {
	var us []matrix.Unit
	for _, impl := range []string{"a", "b"} {
		us = append(us, matrix.Unit{Case: matrix.Case{Bench: matrix.Handoff, Impl: impl, Mode: matrix.Roundtrip, Payload: matrix.P8B}, Procs: 1})
	}
	return us, nil
}

func worktrees(t *testing.T, dir string) int {
	out, err := exec.Command("git", "-C", dir, "worktree", "list").Output()
	require.NoError(t, err)
	return len(strings.Split(strings.TrimSpace(string(out)), "\n"))
}

// TestRegressUnchangedTree: BASE=HEAD on an unchanged tree regresses
// nothing; a budget that leaves no time for more rounds makes the first
// look the last, and 4 rounds cannot decide, so it says undecided rather
// than passing; the files record every result's round; no worktree is left
// behind.
func TestRegressUnchangedTree(t *testing.T) {
	dir := repo(t, tinyBench)
	r := gate.Regression{Repo: dir, Base: "HEAD", Pkg: "./bench", Go: "go", Select: units, Every: 4, MaxRounds: 8, Budget: time.Nanosecond,
		Benchtime: "10ms", Seed: 1, OutDir: t.TempDir(), Stats: stats.DefaultSequentialOptions(), Gate: []string{"ns/op"}}
	o, err := r.Run(context.Background())
	require.NoError(t, err)
	assert.False(t, o.Regressed(), "an unchanged tree regressed: %+v", o.Look.Deltas)
	assert.True(t, o.Undecided())
	assert.True(t, o.Look.Look.Final)
	assert.Equal(t, 4, o.Look.Look.Rounds)
	assert.Len(t, o.Look.Deltas, 2)
	old, err := stats.Load(o.OldPath)
	require.NoError(t, err)
	new, err := stats.Load(o.NewPath)
	require.NoError(t, err)
	ok, why := stats.Pairable(old, new)
	assert.True(t, ok, why)
	assert.Equal(t, 1, worktrees(t, dir), "the BASE worktree was not removed")

	var buf strings.Builder
	require.NoError(t, gate.WritePaired(&buf, o, true, "text"))
	assert.Contains(t, buf.String(), "undecided (exit 2)")
	assert.Contains(t, buf.String(), "2 benchmarks are undecided after 4 rounds")
}

// TestRegressCatchesASlowdown: a working tree four times slower in both
// benchmarks — far beyond any noise of a shared machine — fails at one look
// of 8 rounds, where every round is slower and the exact flip p-value is
// 2⁻⁸.
func TestRegressCatchesASlowdown(t *testing.T) {
	dir := repo(t, tinyBench)
	slower := strings.Replace(tinyBench, "range 200", "range 800", 1)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "bench", "tiny_test.go"), []byte(slower), 0o644))
	r := gate.Regression{Repo: dir, Base: "HEAD", Pkg: "./bench", Go: "go", Select: units, Every: 8, MaxRounds: 8,
		Benchtime: "10ms", Seed: 2, OutDir: t.TempDir(), Stats: stats.DefaultSequentialOptions(), Gate: []string{"ns/op"}}
	o, err := r.Run(context.Background())
	require.NoError(t, err)
	require.True(t, o.Regressed(), "a fourfold slowdown passed: %+v", o.Look.Deltas)
	for _, d := range o.Look.Deltas {
		assert.Equal(t, stats.Regression, d.Verdict, d.Key.Name)
		// All 2⁸ flips are enumerated: the identity alone gives 2⁻⁸, and a
		// round whose score the Huber clip ties with another's can add a
		// flip or two on a loaded machine; a fourfold slowdown stays far
		// below α either way.
		assert.LessOrEqual(t, d.P, math.Pow(2, -6), d.Key.Name)
	}
}

func TestRegressBadBase(t *testing.T) {
	broken := strings.Replace(tinyBench, "var sink uint64", "var sink uint64 = \"not a number\"", 1)
	dir := repo(t, broken, tinyBench)
	for _, tc := range []struct{ base, want string }{
		{"no-such-ref", `BASE "no-such-ref" is not a commit`},
		{"HEAD~1", "the benchmarks do not build at BASE HEAD~1"},
	} {
		r := gate.Regression{Repo: dir, Base: tc.base, Pkg: "./bench", Go: "go", Select: units, Every: 2, MaxRounds: 2, Benchtime: "1x", OutDir: t.TempDir(),
			Stats: stats.DefaultSequentialOptions(), Gate: []string{"ns/op"}}
		_, err := r.Run(context.Background())
		require.Error(t, err, tc.base)
		assert.Contains(t, err.Error(), tc.want)
		assert.Equal(t, 1, worktrees(t, dir), "the BASE worktree was not removed after %q", tc.base)
	}
}

// TestRegressRowsAreEachBinarysOwn: each results file describes the rows
// of the binary that measured it — a row the working tree adds is in
// new.txt alone, a row it drops in old.txt alone — and a base whose binary
// does not describe its rows records none rather than the working tree's.
func TestRegressRowsAreEachBinarysOwn(t *testing.T) {
	withC := strings.Replace(tinyBench, `rows: a,b\n`, `rows: a,b,c\nrow-c-kind: implementation\n`, 1)
	withoutB := strings.Replace(tinyBench, `rows: a,b\nrow-a-kind: implementation\nrow-b-kind: implementation\n`, `rows: a\nrow-a-kind: implementation\n`, 1)
	mute := strings.Replace(tinyBench, `if *rowsFlag {`, `if false {`, 1)
	require.NotEqual(t, tinyBench, withC)
	require.NotEqual(t, tinyBench, withoutB)
	require.NotEqual(t, tinyBench, mute)
	described := func(path string) []string {
		set, err := stats.Load(path)
		require.NoError(t, err)
		rs, err := resultfmt.Parse(set.Config)
		require.NoError(t, err)
		var names []string
		for _, r := range rs {
			names = append(names, r.Name)
		}
		return names
	}
	for _, tc := range []struct {
		name          string
		base, head    string
		wantOld, want []string
	}{
		{"the head adds a row", tinyBench, withC, []string{"a", "b"}, []string{"a", "b", "c"}},
		{"the head drops a row", tinyBench, withoutB, []string{"a", "b"}, []string{"a"}},
		{"the base does not describe its rows", mute, tinyBench, nil, []string{"a", "b"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := repo(t, tc.base, tc.head)
			require.NoError(t, os.WriteFile(filepath.Join(dir, "bench", "tiny_test.go"), []byte(tc.head), 0o644))
			r := gate.Regression{Repo: dir, Base: "HEAD~1", Pkg: "./bench", Go: "go", Select: units, Every: 2, MaxRounds: 2,
				Benchtime: "1x", Seed: 3, OutDir: t.TempDir(), Stats: stats.DefaultSequentialOptions(), Gate: []string{"ns/op"}}
			o, err := r.Run(context.Background())
			require.NoError(t, err)
			assert.Equal(t, tc.wantOld, described(o.OldPath), "old.txt")
			assert.Equal(t, tc.want, described(o.NewPath), "new.txt")
		})
	}
}

// TestRegressNothingSelected: a selection that leaves no benchmark stops
// the run with runner.ErrNothingSelected, before any round, and leaves no
// worktree behind.
func TestRegressNothingSelected(t *testing.T) {
	dir := repo(t, tinyBench)
	none := func([]resultfmt.Row) ([]matrix.Unit, error) { return nil, nil }
	r := gate.Regression{Repo: dir, Base: "HEAD", Pkg: "./bench", Go: "go", Select: none, Every: 2, MaxRounds: 2,
		Benchtime: "1x", Seed: 1, OutDir: t.TempDir(), Stats: stats.DefaultSequentialOptions(), Gate: []string{"ns/op"}}
	_, err := r.Run(context.Background())
	require.ErrorIs(t, err, runner.ErrNothingSelected)
	assert.Equal(t, 1, worktrees(t, dir), "the BASE worktree was not removed")
}
