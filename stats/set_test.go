package stats_test

import (
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoffbench/handoff/stats"
)

func TestReadSplitsNames(t *testing.T) {
	s, err := stats.Load("testdata/small.txt")
	require.NoError(t, err)
	assert.Equal(t, []string{"iterpull", "mutexqueue", "channels", "statemachine"}, s.Impls())
	ks := s.Find(stats.Key{Bench: "Handoff", Impl: "channels", Procs: 2})
	require.Len(t, ks, 1)
	k := ks[0]
	assert.Equal(t, stats.Key{Bench: "Handoff", Impl: "channels", Mode: "roundtrip", Payload: "8B", Procs: 2,
		Name: "Handoff/impl=channels/mode=roundtrip/cap=0/payload=8B/work=0-2"}, k)
	assert.Len(t, s.Values(k, "ns/op"), 6)
	assert.Len(t, s.Values(k, "cpu-ns/op"), 6)
	assert.Equal(t, "765f85d", s.Config["commit"])
	assert.True(t, s.LowerIsBetter("cpu-ns/op"))
	floors := s.Find(stats.Key{Bench: "Floor", Impl: "funccall"})
	assert.Len(t, floors, 1)

	// Lookup is exact: work=0 is zero, not any.
	exact := stats.Key{Bench: "Floor", Impl: "funccall", Mode: "roundtrip", Payload: "8B", Procs: 1}
	found, ok := s.Lookup(exact)
	assert.True(t, ok)
	assert.Equal(t, floors[0], found)
	exact.Work = 100
	_, ok = s.Lookup(exact)
	assert.False(t, ok, "there is no work=100 floor in the file")
}

// TestSummariesMatchBenchstat checks the medians, intervals and p-values
// against what go tool benchstat prints for the same file.
func TestSummariesMatchBenchstat(t *testing.T) {
	s, err := stats.Load("testdata/small.txt")
	require.NoError(t, err)
	out, err := exec.Command("go", "tool", "benchstat", "-format", "csv", "-col", "/impl", "-filter", ".name:Handoff", "testdata/small.txt").Output()
	require.NoError(t, err, "go tool benchstat: is it in go.mod's tool block?")
	// The CSV is: config lines, then per unit a header of column names,
	// a header of units, and one row per benchmark.
	r := csv.NewReader(strings.NewReader(csvPart(string(out))))
	r.FieldsPerRecord = -1 // each unit's table has its own width
	rows, err := r.ReadAll()
	require.NoError(t, err)
	var cols []string
	checked := 0
	for n, row := range rows {
		switch {
		case len(row) < 3:
			continue
		case row[0] == "" && row[2] == "CI": // a unit row, under the column names
			cols = nil
			if row[1] == "sec/op" {
				cols = rows[n-1] // ,iterpull,,mutexqueue,,,,channels,...
			}
			continue
		case cols == nil || row[0] == "" || row[0] == "geomean":
			continue
		}
		for i := 1; i < len(row); i++ {
			if cols[i] == "" {
				continue
			}
			want, err := strconv.ParseFloat(row[i], 64)
			require.NoError(t, err)
			k := s.Find(stats.Key{Bench: "Handoff", Impl: cols[i], Procs: procsOf(row[0])})
			require.Len(t, k, 1, "%s %s", row[0], cols[i])
			sum, ok := s.Summary(k[0], "ns/op")
			require.True(t, ok)
			assert.InDelta(t, want*1e9, sum.Center, 1e-6*sum.Center, "median of %s %s", cols[i], row[0])
			assert.Equal(t, row[i+1], sum.PctRangeString(), "interval of %s %s", cols[i], row[0])
			if i > 1 { // a column compared with the first: vs base, then p
				base := s.Find(stats.Key{Bench: "Handoff", Impl: cols[1], Procs: procsOf(row[0])})
				cmp := s.Compare(base[0], k[0], "ns/op")
				assert.Equal(t, row[i+3], cmp.String(), "p of %s %s", cols[i], row[0])
			}
			checked++
		}
	}
	assert.Equal(t, 8, checked, "4 implementations at 2 GOMAXPROCS values")
}

func csvPart(s string) string {
	var keep []string
	for _, line := range strings.Split(s, "\n") {
		if strings.HasPrefix(line, ",") || strings.HasPrefix(line, "Handoff/") || strings.HasPrefix(line, "geomean") {
			keep = append(keep, line)
		}
	}
	return strings.Join(keep, "\n")
}

func procsOf(name string) int {
	if i := strings.LastIndex(name, "-"); i >= 0 {
		if n, err := strconv.Atoi(name[i+1:]); err == nil {
			return n
		}
	}
	return 1
}

// TestZeroNsPerOp: a result of 0 ns/op, which benchfmt leaves untidied, is
// a result like any other.
func TestZeroNsPerOp(t *testing.T) {
	s, err := stats.Read(strings.NewReader("BenchmarkHandoff/impl=a 10 0 ns/op\nBenchmarkHandoff/impl=a 10 5 ns/op\n"), "zero.txt")
	require.NoError(t, err)
	require.Len(t, s.Keys(), 1)
	assert.Equal(t, []float64{0, 5}, s.Values(s.Keys()[0], "ns/op"))
}

// TestCountsBesideTimings: instruction counts, marked by count-repeat,
// read as samples of instructions/op of their benchmark, with no ns/op and
// no round of their own, so the timed results still record every round.
func TestCountsBesideTimings(t *testing.T) {
	in := "round: 1\narm-position: 1\nBenchmarkHandoff/impl=a 10 5 ns/op\nround: 2\nBenchmarkHandoff/impl=a 10 6 ns/op\n" +
		"round:\narm-position:\ncount-repeat: 1\nBenchmarkHandoff/impl=a 1000 125 instructions/op\ncount-repeat: 2\nBenchmarkHandoff/impl=a 1000 125.2 instructions/op\n" +
		"count-repeat: 1\nBenchmarkHandoff/impl=b 1000 60 instructions/op\n"
	s, err := stats.Read(strings.NewReader(in), "counts.txt")
	require.NoError(t, err)
	require.Len(t, s.Keys(), 2)
	a, b := s.Keys()[0], s.Keys()[1]
	assert.Equal(t, []float64{5, 6}, s.Values(a, "ns/op"))
	assert.Equal(t, []float64{125, 125.2}, s.Values(a, "instructions/op"))
	assert.True(t, s.RecordsRounds())
	assert.Equal(t, 2, s.Rounds(a))
	assert.Equal(t, []float64{60}, s.Values(b, "instructions/op"))
	assert.False(t, s.Has(b, "ns/op"), "a benchmark counted alone has no timing")
	assert.Empty(t, s.Warnings(), "counts have no rounds to be uneven")
}

func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
		return p
	}
	cases := []struct {
		name, path, want string
	}{
		{"missing file", filepath.Join(dir, "nosuch.txt"), "no such file"},
		{"empty file", write("empty.txt", ""), "empty.txt: no benchmark results"},
		{"not benchmark output", write("prose.txt", "Dear reader,\nthis is a letter.\n"), "prose.txt:1: not a results file: no benchmark results, and \"Dear reader,\" is neither"},
		{"configuration, then prose", write("later.txt", "goos: linux\n\ncpu: x\nUnit ns/op better=lower\nthe results went missing: see the log\n"), "later.txt:5: not a results file: no benchmark results, and \"the results went missing: see the log\" is neither"},
		{"prose cut mid-line", write("cut.txt", "goos: linux\nhalf a line"), "cut.txt:2: not a results file"},
		{"configuration alone", write("header.txt", "goos: linux\ngoarch: amd64\n"), "header.txt: no benchmark results"},
		{"a long line, cut short", write("long.txt", strings.Repeat("x", 100)+"\n"), "long.txt:1: not a results file: no benchmark results, and \"" + strings.Repeat("x", 60) + "…\""},
		{"malformed line", write("bad.txt", "BenchmarkHandoff/impl=a 10 5 ns/op\nBenchmarkHandoff/impl=a ten 5 ns/op\n"), "bad.txt:2:"},
		{"no ns/op", write("nons.txt", "BenchmarkHandoff/impl=a 10 5 B/op\n"), "nons.txt:1: Handoff/impl=a has no ns/op"},
		{"NaN", write("nan.txt", "BenchmarkHandoff/impl=a 10 5 ns/op\nBenchmarkHandoff/impl=a 10 NaN ns/op\n"), "nan.txt:2: Handoff/impl=a has NaN ns/op: a measurement is a finite number"},
		{"infinite", write("inf.txt", "BenchmarkHandoff/impl=a 10 5 ns/op 7 cpu-ns/op\nBenchmarkHandoff/impl=a 10 5 ns/op -Inf cpu-ns/op\n"), "inf.txt:2: Handoff/impl=a has -Inf cpu-ns/op"},
		{"+Inf", write("pinf.txt", "BenchmarkHandoff/impl=a 10 +Inf ns/op\n"), "pinf.txt:1: Handoff/impl=a has +Inf ns/op"},
		{"count with ns/op", write("cns.txt", "BenchmarkHandoff/impl=a 10 5 ns/op\ncount-repeat: 1\nBenchmarkHandoff/impl=a 10 5 ns/op\n"), "cns.txt:3: Handoff/impl=a is marked count-repeat, but is not one count of instructions/op"},
		{"negative count", write("cneg.txt", "BenchmarkHandoff/impl=a 10 5 ns/op\ncount-repeat: 1\nBenchmarkHandoff/impl=a 10 -1 instructions/op\n"), "cneg.txt:3: Handoff/impl=a counts -1 instructions/op: a count of instructions is not negative"},
		{"count in a round", write("cround.txt", "BenchmarkHandoff/impl=a 10 5 ns/op\nround: 1\narm-position: 1\ncount-repeat: 1\nBenchmarkHandoff/impl=a 10 125 instructions/op\n"), "cround.txt:5: Handoff/impl=a is marked count-repeat, and has a round"},
		{"not a number", write("cap.txt", "BenchmarkHandoff/impl=a/cap=big 10 5 ns/op\n"), "cap.txt:1: cap=\"big\" is not a number"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := stats.Load(tc.path)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

// TestUnitDeclaredNeverReported: a Unit line for a unit no result reports
// means the file was cut (the benchmarks reporting later units come last)
// or edited: what is left reads, with a warning that names the line.
func TestUnitDeclaredNeverReported(t *testing.T) {
	path := filepath.Join(t.TempDir(), "unit.txt")
	require.NoError(t, os.WriteFile(path, []byte("Unit cpu-ns/op better=lower\nBenchmarkHandoff/impl=a 10 5 ns/op\n"), 0o644))
	s, err := stats.Load(path)
	require.NoError(t, err)
	assert.Equal(t, []string{path + ":1: unit cpu-ns/op is declared, but no result reports it: the file was cut or edited, and the benchmarks that report it are missing"}, s.Warnings())
}

// TestLoadKeys: load= is a key of its own, so that the same exchange under
// two loads is two benchmarks, and a floor measured under load (its name
// under impl=) adds no implementation.
func TestLoadKeys(t *testing.T) {
	const in = `BenchmarkHandoff/impl=channels/mode=roundtrip/cap=0/payload=8B/work=0-2 100 300 ns/op
BenchmarkLoad/impl=channels/mode=roundtrip/cap=0/load=procs-2 100 450 ns/op
BenchmarkLoad/impl=channels/mode=roundtrip/cap=0/load=host-2 100 420 ns/op
BenchmarkLoad/impl=chan-pingpong/mode=roundtrip/cap=0/load=host-2 100 400 ns/op
`
	s, err := stats.Read(strings.NewReader(in), "in.txt")
	require.NoError(t, err)
	assert.Equal(t, []string{"channels"}, s.Impls())
	ks := s.Find(stats.Key{Bench: "Load", Impl: "channels"})
	require.Len(t, ks, 2)
	host, ok := s.Lookup(stats.Key{Bench: "Load", Impl: "channels", Mode: "roundtrip", Load: "host", Procs: 2})
	require.True(t, ok)
	assert.Equal(t, []float64{420}, s.Values(host, "ns/op"))
	assert.Len(t, s.Find(stats.Key{Load: "host"}), 2)
}
