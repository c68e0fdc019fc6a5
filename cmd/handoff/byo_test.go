package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoffbench/handoff/resultfmt"
	"github.com/handoffbench/handoff/stats"
)

// TestBringYourOwn runs the README's "Measure your own handoff" end to
// end: handoff bench -pkg on examples/byo, a module of its own whose
// benchmark package adds its row, condring, to this module's. The results
// file must describe and measure both, and page 1's decision table must
// name condring where it competes. make test-long runs it.
func TestBringYourOwn(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the example module's benchmarks")
	}
	out := t.TempDir()
	err := run(io.Discard, io.Discard, []string{"bench", "-pkg", "../../examples/byo", "-profile", "quick",
		"-impls", "condring,channels,lockfree,statemachine,funccall,chan-pingpong", "-run", "^BenchmarkHandoff|^BenchmarkFloor",
		"-rounds", "2", "-benchtime", "300x", "-refs=false", "-history", "0", "-out", out})
	require.NoError(t, err)
	results, err := filepath.Glob(filepath.Join(out, "*.txt"))
	require.NoError(t, err)
	require.Len(t, results, 1)

	set, err := stats.Load(results[0])
	require.NoError(t, err)
	rs, err := resultfmt.Parse(set.Config)
	require.NoError(t, err)
	for _, name := range []string{"condring", "channels", "funccall"} {
		_, ok := resultfmt.Find(rs, name)
		assert.True(t, ok, "the file does not describe %s", name)
	}
	r, _ := resultfmt.Find(rs, "condring")
	assert.Equal(t, []string{"8B"}, r.Payloads, "condring offers an int alone")
	assert.Contains(t, set.Impls(), "condring", "condring was not measured")
	assert.Contains(t, set.Impls(), "channels", "the module's own rows were not measured beside it")

	md, err := os.ReadFile(strings.TrimSuffix(results[0], ".txt") + ".md")
	require.NoError(t, err)
	page1, _, _ := strings.Cut(string(md), "\n## ")
	assert.Contains(t, page1, "condring", "page 1's decision table does not name condring")
}
