package stats_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoffbench/handoff/stats"
)

// small is testdata/small.txt: 10 benchmarks in 6 shuffled rounds, one run,
// its results on lines 19 to 78.
func small(t *testing.T) string {
	data, err := os.ReadFile("testdata/small.txt")
	require.NoError(t, err)
	return string(data)
}

// load writes text to a file named name and loads it.
func load(t *testing.T, name, text string) *stats.Set {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
	s, err := stats.Load(p)
	require.NoError(t, err)
	return s
}

func TestWholeFileHasNoWarnings(t *testing.T) {
	s, err := stats.Load("testdata/small.txt")
	require.NoError(t, err)
	assert.Empty(t, s.Warnings())
	assert.Equal(t, "6 rounds of every benchmark", s.RoundsSummary())
	require.Len(t, s.Runs(), 1)
	assert.Equal(t, stats.Run{Date: "2026-11-28T11:29:17Z", Commit: "765f85d", Seed: "3938377183350225976", Rounds: 6, Line: 19}, s.Runs()[0])
	for _, k := range s.Keys() {
		assert.Equal(t, 6, s.Rounds(k), k.Name)
	}
}

// TestTruncatedFile: a file cut in the middle of a round has uneven rounds,
// and says so; a file cut in the middle of a line also says where, and
// leaves that line out even where what is left of it parses.
func TestTruncatedFile(t *testing.T) {
	lines := strings.SplitAfter(small(t), "\n")
	first50 := strings.Join(lines[:50], "")
	const uneven = ": uneven rounds: 3 of 8 benchmarks, 4 of Handoff/impl=statemachine/mode=roundtrip/cap=0/payload=8B/work=0 and Handoff/impl=channels/mode=roundtrip/cap=0/payload=8B/work=0-2; the run recorded 6 rounds: the file may have been cut (its last result is at line 50) or edited"

	s := load(t, "head-n.txt", first50)
	assert.Equal(t, []string{s.Path + uneven}, s.Warnings())
	assert.Equal(t, "uneven rounds: 3 of 8 benchmarks, 4 of Handoff/impl=statemachine/mode=roundtrip/cap=0/payload=8B/work=0 and Handoff/impl=channels/mode=roundtrip/cap=0/payload=8B/work=0-2", s.RoundsSummary())

	line51 := lines[50]
	for name, cut := range map[string]string{
		// "… 22690922 3.204 ns/op 3.26": parses, with 3.26 for 3.264
		"parses.txt": line51[:strings.Index(line51, " cpu-ns/op")-1],
		// "… 22690922 3.204": a syntax error, were it not cut
		"garbled.txt": line51[:strings.Index(line51, " ns/op")],
		// "BenchmarkFloor/floor=funccall/": a bare name, which benchfmt skips
		"name.txt": line51[:30],
	} {
		t.Run(name, func(t *testing.T) {
			s := load(t, name, first50+cut)
			assert.Equal(t, []string{
				s.Path + ":51: the last line has no newline at its end: the file was cut there, and that line is left out",
				s.Path + uneven,
			}, s.Warnings())
		})
	}

	// Cut at a round's end, every benchmark has the same rounds, but not
	// the ones the file records.
	s = load(t, "rounds.txt", strings.Join(lines[:18+4*10], ""))
	assert.Equal(t, []string{s.Path + ": 4 rounds of every benchmark; the run recorded 6 rounds: the file may have been cut (its last result is at line 58) or edited"}, s.Warnings())
}

// TestConcatenatedFiles: two runs in one file are pooled, and the file says
// it holds two, with their dates; one run written twice has twice the
// rounds it records.
func TestConcatenatedFiles(t *testing.T) {
	a := small(t)
	b := strings.NewReplacer("date: 2026-11-28T11:29:17Z", "date: 2026-11-29T08:00:00Z", "order-seed: 3938377183350225976", "order-seed: 7").Replace(a)
	s := load(t, "cat.txt", a+b)
	assert.Equal(t, []stats.Run{
		{Date: "2026-11-28T11:29:17Z", Commit: "765f85d", Seed: "3938377183350225976", Rounds: 6, Line: 19},
		{Date: "2026-11-29T08:00:00Z", Commit: "765f85d", Seed: "7", Rounds: 6, Line: 97},
	}, s.Runs())
	assert.Equal(t, "12 rounds of every benchmark", s.RoundsSummary())
	assert.Equal(t, []string{s.Path + " holds 2 runs, pooled here as one: 2026-11-28T11:29:17Z (commit 765f85d, seed 3938377183350225976, from line 19); 2026-11-29T08:00:00Z (commit 765f85d, seed 7, from line 97)"}, s.Warnings())

	s = load(t, "twice.txt", a+a)
	assert.Len(t, s.Runs(), 1)
	assert.Equal(t, []string{s.Path + ": 12 rounds of every benchmark; the run recorded 6 rounds: the file may hold a run twice, or have been edited"}, s.Warnings())
}

// TestSequentialRunIsUneven: a file a sequential regress wrote, whose
// decided benchmarks stopped early, has uneven rounds by design and is
// not said to be cut.
func TestSequentialRunIsUneven(t *testing.T) {
	lines := strings.SplitAfter(small(t), "\n")
	text := "sequential: true\n" + strings.Join(lines[:50], "")
	s := load(t, "regress.txt", text)
	assert.Empty(t, s.Warnings())
	assert.Contains(t, s.RoundsSummary(), "uneven rounds")
}
