package report_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
	for _, tc := range []struct {
		name, text, rounds, warn string
	}{{
		// Round 1 ends at line 200: every benchmark has 1 of the 6 rounds.
		"head-200.txt", strings.Join(lines[:200], ""), "1 round of every benchmark",
		": 1 round of every benchmark; the run recorded 6 rounds: the file may have been cut (its last result is at line 200) or edited",
	}, {
		"head-300.txt", strings.Join(lines[:300], ""), "uneven rounds: 2 of 100 benchmarks, 1 of 78 benchmarks",
		": uneven rounds: 2 of 100 benchmarks, 1 of 78 benchmarks; the run recorded 6 rounds: the file may have been cut (its last result is at line 300) or edited",
	}, {
		"cut-301.txt", strings.Join(lines[:300], "") + lines[300][:60], "uneven rounds: 2 of 100 benchmarks, 1 of 78 benchmarks",
		":301: the last line has no newline at its end: the file was cut there, and that line is left out",
	}} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, tc.name)
			require.NoError(t, os.WriteFile(path, []byte(tc.text), 0o644))
			out, warn := build(t, path, "")
			data, err := os.ReadFile(out.Markdown)
			require.NoError(t, err)
			md := string(data)
			assert.Contains(t, warn, "report: warning: "+path+tc.warn+"\n")
			assert.True(t, strings.Contains(md, "> Note: "+path+tc.warn+"\n"), "the title page's note")
			assert.True(t, strings.Contains(md, "| profile | default: "+tc.rounds+", each run for 60ms"), "the environment table's rounds")
		})
	}
}

// TestConcatenatedResults: two runs in one file render as one, pooled,
// and the environment table and a warning say so, with both dates.
func TestConcatenatedResults(t *testing.T) {
	long(t)
	data, err := os.ReadFile("testdata/quick.txt")
	require.NoError(t, err)
	second := strings.NewReplacer("date: 2026-11-28T11:41:06Z", "date: 2026-11-29T09:00:00Z", "order-seed: 42", "order-seed: 43").Replace(string(data))
	path := filepath.Join(t.TempDir(), "cat.txt")
	require.NoError(t, os.WriteFile(path, append(data, second...), 0o644))
	out, warn := build(t, path, "")
	md, err := os.ReadFile(out.Markdown)
	require.NoError(t, err)
	runs := path + " holds 2 runs, pooled here as one: 2026-11-28T11:41:06Z (commit 50f5c95, seed 42, from line 23); 2026-11-29T09:00:00Z (commit 50f5c95, seed 43, from line 273)"
	assert.Contains(t, warn, "report: warning: "+runs+"\n")
	for _, want := range []string{
		"> Note: " + runs + "\n",
		"| date | 2026-11-28T11:41:06Z and 2026-11-29T09:00:00Z: 2 runs in one file, pooled as one |",
		"| profile | quick: 12 rounds of every benchmark, each run for 20ms, in an order shuffled per round (seeds 42 and 43) |",
	} {
		assert.True(t, strings.Contains(string(md), want), "the Markdown lacks %q", want)
	}
	_, text := pdfText(t, out.PDF)
	assert.Contains(t, text, "2runsinonefile")

	// As a baseline, the file is named in the same warning.
	_, warn = build(t, "testdata/quick.txt", path)
	assert.Contains(t, warn, "report: warning: "+runs+"\n")
}
