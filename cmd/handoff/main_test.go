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
		{[]string{"bench", "-impls", "mutexqueue,nosuch"}, `-impls: no implementation or floor "nosuch"`},
		{[]string{"bench", "-run", "("}, "-run: error parsing regexp"},
		{[]string{"bench", "-run", "nothing-matches-this"}, "no benchmark of profile default matches"},
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
		{[]string{"compare", "-old", "a.txt"}, "-old and -new are both required"},
		{[]string{"compare", "-old", "a.txt", "-new", "b.txt", "-format", "yaml"}, `-format "yaml"`},
		{[]string{"compare", "-old", "a.txt", "-new", "b.txt", "-correction", "bonferroni"}, `no correction "bonferroni"`},
		{[]string{"compare", "-old", "a.txt", "-new", "b.txt", "-min-effect", "0"}, "-min-effect 0: want a value above 0"},
		{[]string{"compare", "-old", "no/such/old.txt", "-new", "b.txt"}, "-old: open no/such/old.txt"},
		{[]string{"regress"}, "-base is required"},
		{[]string{"regress", "-base", "HEAD", "-rounds", "1"}, "-rounds 1"},
		{[]string{"regress", "-base", "HEAD", "-rounds", "0"}, "-rounds 0: need at least 2 (benchstat wants 6 for a 95% interval, a comparison about 10 to decide); leave it unset for the default of 10"},
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
	assert.True(t, errors.Is(err, errRegression))
	assert.Contains(t, out, "REGRESSION")
	assert.Contains(t, out, "case=2")

	out, _, err = call("compare", "-old", old, "-new", slow, "-format", "markdown")
	assert.ErrorIs(t, err, errRegression)
	assert.Contains(t, out, "**1 regression(s)**")

	out, _, err = call("compare", "-old", old, "-new", slow, "-format", "json")
	assert.ErrorIs(t, err, errRegression)
	assert.Contains(t, out, `"Verdict": "regression"`)

	_, _, err = call("compare", "-old", old, "-new", slow, "-units", "cpu-ns/op")
	assert.ErrorContains(t, err, `reports "cpu-ns/op"`)
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
