package report_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoffbench/handoff/stats"
)

// TestTruncatedResults: the head of a run renders, with the rounds each
// benchmark has in the environment table, and a warning, on stderr and at
// the foot of the title page, that names the file and the line it ends at.
func TestTruncatedResults(t *testing.T) {
	long(t)
	data, err := os.ReadFile("testdata/default.txt")
	require.NoError(t, err)
	lines := strings.SplitAfter(string(data), "\n")
	dir := t.TempDir()
	cut := 900 // a result line, to be cut in the middle
	for !strings.HasPrefix(lines[cut], "Benchmark") {
		cut++
	}
	for _, tc := range []struct{ name, text string }{
		{"head-200.txt", strings.Join(lines[:200], "")},
		{"head-900.txt", strings.Join(lines[:900], "")},
		{"cut-mid-line.txt", strings.Join(lines[:cut], "") + lines[cut][:60]},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, tc.name)
			require.NoError(t, os.WriteFile(path, []byte(tc.text), 0o644))
			// What the file lacks is stats' to say (its tests check the
			// words); the report must show every word of it.
			set, err := stats.Load(path)
			require.NoError(t, err)
			require.NotEmpty(t, set.Warnings(), "a cut file reads as whole")
			out, warn := build(t, path, "")
			data, err := os.ReadFile(out.Markdown)
			require.NoError(t, err)
			md := string(data)
			for _, w := range set.Warnings() {
				assert.Contains(t, warn, "report: warning: "+w+"\n")
				assert.True(t, strings.Contains(md, "> Note: "+w+"\n"), "the title page's note")
			}
			assert.True(t, strings.Contains(md, "| profile | default: "+set.RoundsSummary()+", each run for 60ms"), "the environment table's rounds")
		})
	}
}

// TestConcatenatedResults: two runs in one file render as one, pooled,
// and the environment table and a warning say so, with both dates.
func TestConcatenatedResults(t *testing.T) {
	long(t)
	data, err := os.ReadFile("testdata/quick.txt")
	require.NoError(t, err)
	second := strings.NewReplacer("date: 2026-11-29T20:35:01Z", "date: 2026-11-30T09:00:00Z", "order-seed: 132166322894125059", "order-seed: 43").Replace(string(data))
	path := filepath.Join(t.TempDir(), "cat.txt")
	require.NoError(t, os.WriteFile(path, append(data, second...), 0o644))
	out, warn := build(t, path, "")
	md, err := os.ReadFile(out.Markdown)
	require.NoError(t, err)
	firstLine := strings.Count(string(data[:strings.Index(string(data), "\nBenchmark")]), "\n") + 2
	secondLine := strings.Count(string(data), "\n") + firstLine
	runs := fmt.Sprintf("%s holds 2 runs, pooled here as one: 2026-11-29T20:35:01Z (commit 999dbb6, seed 132166322894125059, from line %d); 2026-11-30T09:00:00Z (commit 999dbb6, seed 43, from line %d)", path, firstLine, secondLine)
	assert.Contains(t, warn, "report: warning: "+runs+"\n")
	for _, want := range []string{
		"> Note: " + runs + "\n",
		"| date | 2026-11-29T20:35:01Z and 2026-11-30T09:00:00Z: 2 runs in one file, pooled as one |",
		"| profile | quick: 12 rounds of every benchmark, each run for 20ms, in an order shuffled per round (seeds 132166322894125059 and 43) |",
	} {
		assert.True(t, strings.Contains(string(md), want), "the Markdown lacks %q", want)
	}
	_, text := pdfText(t, out.PDF)
	assert.Contains(t, text, "2runsinonefile")

	// As a baseline, the file is named in the same warning.
	_, warn = build(t, "testdata/quick.txt", path)
	assert.Contains(t, warn, "report: warning: "+runs+"\n")
}
