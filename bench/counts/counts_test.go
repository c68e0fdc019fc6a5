package counts

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/perf/benchfmt"

	"github.com/handoffbench/handoff/bench/matrix"
	"github.com/handoffbench/handoff/resultfmt"
	"github.com/handoffbench/handoff/stats"
)

func TestTotal(t *testing.T) {
	f, err := os.Open("testdata/cachegrind.out")
	require.NoError(t, err)
	defer f.Close()
	ir, err := Total(f)
	require.NoError(t, err)
	assert.Equal(t, 167488032.0, ir)

	for in, want := range map[string]string{
		"events: Ir\n":                        "no summary line",
		"events: Dr Dw\nsummary: 1 2\n":       "no Ir total",
		"events: Ir\nsummary: many\n":         `"many" is not a count`,
		"summary: 5\n":                        "no Ir total",
		"events: Dr Ir\nsummary: 7 -1\n":      `"-1" is not a count`,
		"events: Ir Dr\nsummary: 12 3\nx\n":   "",
		"events: Dr Ir\nsummary: 7 +Inf\n":    `"+Inf" is not a count`,
		"events: Ir\nfn=x\n1 5\nsummary: 5\n": "",
	} {
		_, err := Total(strings.NewReader(in))
		if want == "" {
			assert.NoError(t, err, in)
		} else {
			assert.ErrorContains(t, err, want, in)
		}
	}
}

// FuzzTotal: whatever a cachegrind output file holds, Total returns a
// count of at least zero or an error, and never panics.
func FuzzTotal(f *testing.F) {
	data, err := os.ReadFile("testdata/cachegrind.out")
	require.NoError(f, err)
	f.Add(string(data))
	f.Add("events: Dr Ir\nsummary: 7 9\n")
	f.Fuzz(func(t *testing.T, in string) {
		ir, err := Total(strings.NewReader(in))
		if err == nil && !(ir >= 0) {
			t.Fatalf("Total = %v with no error", ir)
		}
	})
}

func unit(bench, impl, mode string, capacity, work, procs int) matrix.Unit {
	return matrix.Unit{Case: matrix.Case{Bench: bench, Impl: impl, Mode: mode, Cap: capacity, Payload: matrix.P8B, Work: work}, Procs: procs}
}

func TestTry(t *testing.T) {
	for _, tc := range []struct {
		u    matrix.Unit
		want string // "" tried
	}{
		{unit(matrix.Handoff, "statemachine", matrix.Roundtrip, 0, 0, 1), ""},
		{unit(matrix.Floor, "funccall", matrix.Roundtrip, 0, 0, 1), ""},
		{unit(matrix.Handoff, "channels", matrix.Stream, 256, 0, 1), ""},
		{unit(matrix.Handoff, "channels", matrix.Stream, 256, 0, 2), "at GOMAXPROCS=2 not tried"},
		{unit(matrix.Handoff, "channels", matrix.Roundtrip, 0, 100, 1), "with work not tried"},
		{unit(matrix.Latency, "channels", matrix.Stream, 256, 0, 1), "of BenchmarkLatency not tried"},
	} {
		ok, why := Try(tc.u)
		assert.Equal(t, tc.want == "", ok, tc.u.String())
		if tc.want != "" {
			assert.Contains(t, why, tc.want)
		}
	}
}

// TestResultsAndNotes: a counted benchmark gives one result a repeat,
// marked as a count and placed in no round; the notes name what was
// counted and group what was not tried by why.
func TestResultsAndNotes(t *testing.T) {
	sm := unit(matrix.Handoff, "statemachine", matrix.Roundtrip, 0, 0, 1)
	cfg := []benchfmt.Config{{Key: "goos", Value: []byte("linux"), File: true}, {Key: resultfmt.KeyRound, Value: []byte("3"), File: true}}
	cs := []Count{
		{Unit: sm, N: 2000, PerOp: []float64{125, 125.2}, Tried: true, Counted: true, Config: cfg},
		{Unit: unit(matrix.Handoff, "statemachine", matrix.Stream, 16, 0, 1), N: 2000, PerOp: []float64{120, 130}, Tried: true, Why: "2 counts spread 8.33%"},
		{Unit: unit(matrix.Handoff, "statemachine", matrix.Roundtrip, 0, 0, 2), Why: "at GOMAXPROCS=2 not tried: scheduling"},
		{Unit: unit(matrix.Handoff, "statemachine", matrix.Stream, 16, 0, 2), Why: "at GOMAXPROCS=2 not tried: scheduling"},
	}
	rs := Results(cs)
	require.Len(t, rs, 2)
	for i, r := range rs {
		assert.Equal(t, "Handoff/impl=statemachine/mode=roundtrip/cap=0/payload=8B/work=0", string(r.Name))
		assert.Equal(t, 1000, r.Iters)
		assert.Equal(t, resultfmt.InstructionsUnit, r.Values[0].Unit)
		assert.Equal(t, cs[0].PerOp[i], r.Values[0].Value)
		assert.Equal(t, []string{"goos", resultfmt.KeyCountRepeat}, configKeys(r.Config), "no round")
	}
	notes := Notes(cs)
	assert.Equal(t, "counted: mode=roundtrip/cap=0/payload=8B/work=0 at GOMAXPROCS=1 (125.1 instructions/op, spread 0.16%). "+
		"not counted: mode=stream/cap=16/payload=8B/work=0 at GOMAXPROCS=1 (2 counts spread 8.33%). "+
		"2 benchmarks at GOMAXPROCS=2 not tried: scheduling", notes["statemachine"])
}

// TestCount counts statemachine's roundtrip under Valgrind: a benchmark on
// one thread counts steadily, and its count is near the 125 instructions
// an op measured by hand (a different Go release may move it a little).
func TestCount(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Valgrind for some seconds")
	}
	path, version, err := Find(context.Background())
	if err != nil {
		t.Skip(err)
	}
	bin := filepath.Join(t.TempDir(), "bench.test")
	out, err := exec.Command("go", "test", "-c", "-o", bin, "../../bench").CombinedOutput()
	require.NoError(t, err, "%s", out)
	sm := unit(matrix.Handoff, "statemachine", matrix.Roundtrip, 0, 0, 1)
	cs, err := Counter{Valgrind: path, Version: version, Bin: bin, Repeats: 3}.Count(context.Background(),
		[]matrix.Unit{sm, unit(matrix.Handoff, "statemachine", matrix.Roundtrip, 0, 0, 2), unit(matrix.Handoff, "nosuch", matrix.Roundtrip, 0, 0, 1)})
	require.NoError(t, err, "a benchmark the binary lacks (regress's older base) is not counted, not an error")
	require.Len(t, cs, 3)
	assert.False(t, cs[2].Tried || cs[2].Counted)
	assert.Contains(t, cs[2].Why, "the binary does not have it")
	assert.True(t, cs[0].Counted, cs[0].Why)
	assert.Len(t, cs[0].PerOp, 3)
	assert.InDelta(t, 125, stats.Median(cs[0].PerOp), 25)
	assert.Less(t, cs[0].Spread(), DefaultTolerance)
	assert.False(t, cs[1].Counted)
	assert.Empty(t, cs[1].PerOp)
	assert.Contains(t, cs[1].Why, "GOMAXPROCS=2")
}

// TestFindSaysWhereValgrindComesFrom: with no valgrind on PATH, Find says
// which package provides it.
func TestFindSaysWhereValgrindComesFrom(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	_, _, err := Find(context.Background())
	assert.ErrorIs(t, err, ErrNoValgrind)
	assert.Contains(t, err.Error(), "apt-get install valgrind")
}

func configKeys(cfg []benchfmt.Config) []string {
	var keys []string
	for _, c := range cfg {
		keys = append(keys, c.Key)
	}
	return keys
}
