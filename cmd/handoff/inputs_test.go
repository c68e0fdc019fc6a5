package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// header is the configuration lines a run of bench writes that tell it
// from another.
func header(date, seed string) string {
	return "date: " + date + "\norder-seed: " + seed + "\nrounds: 10\n"
}

// TestCompareSaysWhatFilesHold: compare says, on stderr, how many rounds
// each file's benchmarks have, and warns in its verdict, in every format,
// of a file cut mid-line and of two runs in one file, naming the file and
// the line.
func TestCompareSaysWhatFilesHold(t *testing.T) {
	old := results(t, "old.txt", 5, nil)
	data, err := os.ReadFile(old)
	require.NoError(t, err)
	lines := strings.SplitAfter(string(data), "\n") // 5 benchmarks a round, 10 rounds
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
		return p
	}

	// Cut in the middle of round 5, and of line 24.
	cut := write("cut.txt", header("2026-01-01T00:00:00Z", "1")+strings.Join(lines[:23], "")+lines[23][:30])
	stdout, stderr, err := call("compare", "-old", old, "-new", cut)
	require.NoError(t, err, stdout)
	assert.Contains(t, stderr, "compare: old: "+old+": 10 rounds of every benchmark\n")
	assert.Contains(t, stderr, "compare: new: "+cut+": uneven rounds: 5 of 3 benchmarks, 4 of Handoff/impl=x/case=3 and Handoff/impl=x/case=4\n")
	assert.Contains(t, stdout, "warning: "+cut+":27: the last line has no newline at its end: the file was cut there, and that line is left out\n")
	assert.Contains(t, stdout, "warning: "+cut+": uneven rounds: 5 of 3 benchmarks, 4 of Handoff/impl=x/case=3 and Handoff/impl=x/case=4; the run recorded 10 rounds: the file may have been cut (its last result is at line 26) or edited\n")

	// Two runs, one file.
	both := write("both.txt", header("2026-01-01T00:00:00Z", "1")+string(data)+header("2026-01-02T00:00:00Z", "2")+string(data))
	runs := both + " holds 2 runs, pooled here as one: 2026-01-01T00:00:00Z (commit unknown, seed 1, from line 4); 2026-01-02T00:00:00Z (commit unknown, seed 2, from line 57)"
	stdout, stderr, err = call("compare", "-old", old, "-new", both)
	require.NoError(t, err, stdout)
	assert.Contains(t, stderr, "compare: new: "+both+": 20 rounds of every benchmark\n")
	assert.Contains(t, stdout, "warning: "+runs+"\n")

	stdout, _, err = call("compare", "-old", old, "-new", both, "-format", "markdown")
	require.NoError(t, err, stdout)
	assert.Contains(t, stdout, "> warning: "+runs+"\n")

	stdout, _, err = call("compare", "-old", old, "-new", both, "-format", "json")
	require.NoError(t, err, stdout)
	var verdict struct{ Warnings []string }
	require.NoError(t, json.Unmarshal([]byte(stdout), &verdict), "stdout is JSON alone")
	assert.Equal(t, runs, verdict.Warnings[0])

	// A file compared with itself says its warnings once.
	stdout, _, err = call("compare", "-old", both, "-new", both)
	require.NoError(t, err, stdout)
	assert.Equal(t, 1, strings.Count(stdout, "holds 2 runs"))
}
