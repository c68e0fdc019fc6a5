package report

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReportFailsAfterRun: a report that fails on a run's results is one
// line naming what failed and the command to make it again, and the
// results file stays where it was, with no report beside it.
func TestReportFailsAfterRun(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "run.txt")
	// A latency result alone: the report needs the Handoff benchmark.
	text := "BenchmarkLatency/impl=b/mode=stream/cap=16 10 5 ns/op\n"
	require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
	_, err := AfterRun(Options{Results: path})
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "\n", "one line")
	assert.Contains(t, err.Error(), "the report on "+path+" failed: ")
	assert.Contains(t, err.Error(), "no Handoff benchmark")
	assert.Contains(t, err.Error(), "make the report again with make report RESULTS="+path)
	kept, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, text, string(kept))
	left, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, left, 1, "nothing but the results: %v", left)
}
