package main

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoffbench/handoff/gate"
	"github.com/handoffbench/handoff/resultfmt"
	"github.com/handoffbench/handoff/stats"
)

// call runs the command as main would, and returns its error and output.
func call(args ...string) (stdout, stderr string, err error) {
	var o, e bytes.Buffer
	err = run(&o, &e, args)
	return o.String(), e.String(), err
}

// TestBadInput: every bad command line is an error that says what is wrong,
// before anything is built or written.
func TestBadInput(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{nil, "no command given"},
		{[]string{"frobnicate"}, `no command "frobnicate"`},
		{[]string{"bench", "-profile", "huge"}, `-profile: no profile "huge" (have quick, default, full)`},
		{[]string{"bench", "-pkg", "../../bench", "-impls", "mutexqueue,nosuch"}, `-impls: no implementation or floor "nosuch"`},
		{[]string{"bench", "-pkg", "nosuch"}, "-pkg nosuch: no such directory"},
		{[]string{"bench", "-run", "("}, "-run: error parsing regexp"},
		{[]string{"bench", "-pkg", "../../bench", "-run", "nothing-matches-this"}, "no benchmark of profile default matches"},
		{[]string{"bench", "-rounds", "-2"}, "-rounds -2"},
		{[]string{"bench", "-rounds", "0"}, "-rounds 0: need at least 1"},
		{[]string{"bench", "-profile", "quick", "-rounds=0"}, "leave it unset for the default of 6"},
		{[]string{"bench", "-benchtime", "soon"}, `-benchtime "soon"`},
		{[]string{"bench", "-benchtime="}, `-benchtime "": want a duration`},
		{[]string{"bench", "-history", "-1"}, "-history -1"},
		{[]string{"bench", "stray"}, `unexpected argument "stray"`},
		{[]string{"bench", "-nosuchflag"}, "flag provided but not defined"},
		{[]string{"report"}, "-results is required"},
		{[]string{"report", "-results", "no/such/file.txt"}, "no/such/file.txt"},
		{[]string{"report", "-results", "x.txt", "-alpha", "2"}, "-alpha 2"},
		{[]string{"report", "-results", " , "}, "-results is required"},
		{[]string{"report", "-results", "../../report/testdata/subset.txt no/such/machine.txt"}, "machines: open no/such/machine.txt"},
		{[]string{"report", "-results", "../../report/testdata/subset.txt,no/such/machine.txt"}, "machines: open no/such/machine.txt"},
		{[]string{"compare", "-old", "a.txt"}, "-old and -new are both required"},
		{[]string{"compare", "-old", "a.txt", "-new", "b.txt", "-format", "yaml"}, `-format "yaml"`},
		{[]string{"compare", "-old", "a.txt", "-new", "b.txt", "-correction", "bonferroni"}, `no correction "bonferroni"`},
		{[]string{"compare", "-old", "a.txt", "-new", "b.txt", "-min-effect", "-0.1"}, "-min-effect -0.1: want a value of at least 0"},
		{[]string{"compare", "-old", "no/such/old.txt", "-new", "b.txt"}, "-old: open no/such/old.txt"},
		{[]string{"regress"}, "-base is required"},
		{[]string{"regress", "-base", "HEAD", "-rounds", "1"}, "-rounds 1"},
		{[]string{"regress", "-base", "HEAD", "-rounds", "0"}, "-rounds 0: need at least 2 (benchstat wants 6 for a 95% interval, a comparison about 10 to decide); leave it unset for the default of 60"},
		{[]string{"regress", "-base", "HEAD", "-look-every", "1"}, "-look-every 1"},
		{[]string{"regress", "-base", "HEAD", "-effect", "0.01"}, "-effect 0.01 is below -min-effect 0.05"},
		{[]string{"compare", "-old", "a.txt", "-new", "b.txt", "-beta", "0"}, "beta 0"},
		{[]string{"gate-proof", "-levels", "5,x"}, `-levels: "x" is not a percentage`},
		{[]string{"gate-proof", "-runs", "0"}, "-runs 0"},
		{[]string{"noise", "-variants", "base,nosuch"}, `-variants: no variant "nosuch" (have base, count5`},
		{[]string{"noise", "-benchtime", "100x"}, `-benchtime "100x": the noise study wants a duration`},
		{[]string{"noise", "-rounds", "3"}, "-rounds 3: need at least 6"},
		{[]string{"noise", "-pin=false"}, "-pin and -ramp are not flags here"},
		{[]string{"noise", "-pkg", "../../bench", "-impls", "nosuch"}, `-impls: no implementation or floor "nosuch"`},
	}
	for _, tc := range cases {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			_, _, err := call(tc.args...)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

// results writes a results file of n benchmarks at 10 rounds, benchmark i
// taking base·(i+1)·scale[i] ns with 1% noise.
func results(t *testing.T, name string, n int, scale map[int]float64) string {
	r := rand.New(rand.NewPCG(uint64(len(name)), 9))
	var b strings.Builder
	for range 10 {
		for i := range n {
			f := 1.0
			if s, ok := scale[i]; ok {
				f = s
			}
			fmt.Fprintf(&b, "BenchmarkHandoff/impl=x/case=%d 1000 %.3f ns/op 0 allocs/op\n", i, 100*float64(i+1)*f*(1+0.01*r.NormFloat64()))
		}
	}
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, []byte(b.String()), 0o644))
	return p
}

func TestCompareExitsOnRegression(t *testing.T) {
	old := results(t, "old.txt", 5, nil)
	same := results(t, "same.txt", 5, nil)
	slow := results(t, "slow.txt", 5, map[int]float64{2: 1.3})

	out, _, err := call("compare", "-old", old, "-new", same)
	require.NoError(t, err, out)
	assert.Contains(t, out, "no regression")

	out, _, err = call("compare", "-old", old, "-new", slow)
	require.Error(t, err)
	assert.Contains(t, out, "Unpaired test, one look (the files do not record each result's round)")
	assert.True(t, errors.Is(err, gate.ErrRegression))
	assert.Contains(t, out, "REGRESSION")
	assert.Contains(t, out, "case=2")

	out, _, err = call("compare", "-old", old, "-new", slow, "-format", "markdown")
	assert.ErrorIs(t, err, gate.ErrRegression)
	assert.Contains(t, out, "**1 regression(s)**")

	out, _, err = call("compare", "-old", old, "-new", slow, "-format", "json")
	assert.ErrorIs(t, err, gate.ErrRegression)
	assert.Contains(t, out, `"Verdict": "regression"`)

	_, _, err = call("compare", "-old", old, "-new", slow, "-units", "cpu-ns/op")
	assert.ErrorContains(t, err, `reports "cpu-ns/op"`)
}

// TestMinEffectZero: -min-effect=0 reaches the comparison (issue 16, item
// 8): a significant 2% slowdown fails the gate with it, and passes without.
func TestMinEffectZero(t *testing.T) {
	old := results(t, "old.txt", 3, nil)
	slow := results(t, "slow.txt", 3, map[int]float64{1: 1.02})
	_, _, err := call("compare", "-old", old, "-new", slow)
	require.NoError(t, err)
	out, _, err := call("compare", "-old", old, "-new", slow, "-min-effect=0")
	assert.ErrorIs(t, err, gate.ErrRegression)
	assert.Contains(t, out, "at least 0% worse")
}

// paired writes the two files of one interleaved run of n benchmarks over
// the given rounds, benchmark i's new side scaled by scale[i], with 1%
// noise: both record each result's round and arm position.
func paired(t *testing.T, n, rounds int, scale map[int]float64) (oldPath, newPath string) {
	r := rand.New(rand.NewPCG(uint64(rounds), 10))
	var o, nw strings.Builder
	for _, b := range []*strings.Builder{&o, &nw} {
		fmt.Fprintf(b, "order-seed: 42\ndate: 2026-11-29T10:00:00Z\n")
	}
	for round := 1; round <= rounds; round++ {
		for i := range n {
			first := r.IntN(2)
			for side, b := range []*strings.Builder{&o, &nw} {
				f := 1.0
				if s, ok := scale[i]; ok && side == 1 {
					f = s
				}
				pos := 1 + (side+first)%2
				fmt.Fprintf(b, "round: %d\narm-position: %d\nBenchmarkHandoff/impl=x/case=%d 1000 %.3f ns/op 0 allocs/op\n", round, pos, i, 100*float64(i+1)*f*(1+0.01*r.NormFloat64()))
			}
		}
	}
	dir := t.TempDir()
	oldPath, newPath = filepath.Join(dir, "old.txt"), filepath.Join(dir, "new.txt")
	require.NoError(t, os.WriteFile(oldPath, []byte(o.String()), 0o644))
	require.NoError(t, os.WriteFile(newPath, []byte(nw.String()), 0o644))
	return oldPath, newPath
}

// TestComparePaired: files of one interleaved run are compared round by
// round, and the output says so; the three exits: 0 when every benchmark
// passes, 1 on a regression, 2 when the rounds are too few to decide.
func TestComparePaired(t *testing.T) {
	old, new := paired(t, 4, 10, nil)
	out, _, err := call("compare", "-old", old, "-new", new)
	require.NoError(t, err, out)
	assert.Contains(t, out, "Paired test, round by round")
	assert.Contains(t, out, "no regression: 0 regressed, 4 passed, 0 undecided")
	assert.Equal(t, 0, exitCode(err))

	old, new = paired(t, 4, 10, map[int]float64{2: 1.3})
	out, _, err = call("compare", "-old", old, "-new", new)
	assert.ErrorIs(t, err, gate.ErrRegression)
	assert.Equal(t, 1, exitCode(err))
	assert.Contains(t, out, "REGRESSION")
	assert.Contains(t, out, "case=2")

	old, new = paired(t, 4, 4, nil)
	out, _, err = call("compare", "-old", old, "-new", new, "-format", "json")
	assert.ErrorIs(t, err, gate.ErrUndecided)
	assert.Equal(t, 2, exitCode(err))
	assert.Contains(t, out, `"Undecided": true`)
	assert.Contains(t, out, `"Upper": null`, "an unbounded bound is null in JSON, not 0")
}

// TestBenchWithoutTheSeedsTools: with neither python3 nor a C compiler on
// PATH, the run says which reference rows it skipped and why, and measures
// the Go benchmarks anyway.
func TestBenchWithoutTheSeedsTools(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the benchmark binary")
	}
	bin := t.TempDir()
	for _, tool := range []string{"go", "git"} {
		p, err := exec.LookPath(tool)
		require.NoError(t, err)
		require.NoError(t, os.Symlink(p, filepath.Join(bin, tool)))
	}
	t.Setenv("PATH", bin)
	t.Setenv("CC", "")
	t.Chdir("../..")
	out := t.TempDir()
	stdout, stderr, err := call("bench", "-profile", "quick", "-impls", "statemachine,python-generator,c-protothread",
		"-run", "Handoff/.*roundtrip", "-rounds", "1", "-benchtime", "100x", "-out", out, "-report=false", "-history", "0")
	require.NoError(t, err, stderr)
	assert.Contains(t, stderr, "reference row python-generator/roundtrip: skipped, no python3 on PATH")
	assert.Contains(t, stderr, "reference row c-protothread/roundtrip: skipped, no C compiler")
	assert.Contains(t, stdout, "results: "+out)
	files, err := filepath.Glob(filepath.Join(out, "*.txt"))
	require.NoError(t, err)
	require.Len(t, files, 1)
	data, err := os.ReadFile(files[0])
	require.NoError(t, err)
	assert.Contains(t, string(data), "BenchmarkHandoff/impl=statemachine/mode=roundtrip")
	assert.NotContains(t, string(data), "ref=true")
}

// TestCountsWithoutValgrind: -counts with no valgrind on PATH stops before
// anything is built or run, naming the package that provides it, and
// writes nothing.
func TestCountsWithoutValgrind(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	out := filepath.Join(t.TempDir(), "results")
	_, _, err := call("bench", "-counts", "-profile", "quick", "-out", out)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "-counts: instruction counts need Valgrind")
	assert.Contains(t, err.Error(), "apt-get install valgrind")
	assert.NoDirExists(t, out)
}

// TestBenchCounts: make bench COUNTS=1 writes instructions/op beside ns/op
// for what it counted, says how in the file, and says of each row which of
// its benchmarks were counted; the file reads back with the counts.
func TestBenchCounts(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the benchmark binary and runs Valgrind")
	}
	if _, err := exec.LookPath("valgrind"); err != nil {
		t.Skip("no valgrind")
	}
	t.Chdir("../..")
	out := t.TempDir()
	stdout, stderr, err := call("bench", "-counts", "-profile", "quick", "-impls", "statemachine", "-run", "Handoff/.*roundtrip",
		"-rounds", "1", "-benchtime", "100x", "-out", out, "-report=false", "-history", "0", "-refs=false")
	require.NoError(t, err, stderr)
	assert.Contains(t, stderr, "counts: counting 1 of 2 benchmarks")
	files, err := filepath.Glob(filepath.Join(out, "*.txt"))
	require.NoError(t, err)
	require.Len(t, files, 1, stdout)
	set, err := stats.Load(files[0])
	require.NoError(t, err)
	assert.Contains(t, set.Config[resultfmt.KeyCounts], "cachegrind")
	var counted, timed int
	for _, k := range set.Keys() {
		if set.Has(k, resultfmt.InstructionsUnit) {
			counted++
			assert.Equal(t, 1, k.Procs)
			assert.Len(t, set.Values(k, resultfmt.InstructionsUnit), 5)
		}
		if set.Has(k, "ns/op") {
			timed++
		}
	}
	assert.Equal(t, 1, counted)
	assert.Equal(t, 2, timed)
	rows, err := resultfmt.Parse(set.Config)
	require.NoError(t, err)
	sm, ok := resultfmt.Find(rows, "statemachine")
	require.True(t, ok)
	assert.Contains(t, sm.Counts, "counted: mode=roundtrip/cap=0/payload=8B/work=0 at GOMAXPROCS=1")
	assert.Contains(t, sm.Counts, "1 benchmark at GOMAXPROCS=2 not tried")
}
