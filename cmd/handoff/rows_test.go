package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/perf/benchfmt"

	"github.com/handoffbench/handoff/bench/refs"
	"github.com/handoffbench/handoff/bench/runner"
	"github.com/handoffbench/handoff/resultfmt"
)

var update = flag.Bool("update", false, "rewrite testdata/rows.golden from the registry")

// builtRows are the rows the module's benchmark binary describes, built
// once for the tests that need them.
var builtRows = sync.OnceValues(func() ([]resultfmt.Row, error) {
	dir, err := os.MkdirTemp("", "handoff-rows-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	_, rs, err := runner.BuildAndDescribe(context.Background(), "go", "../../bench", dir)
	return rs, err
})

// TestThirdPartyModules: the results file names each third-party row's
// module at the version the benchmark binary was built with, as the
// binary's own module requires it.
func TestThirdPartyModules(t *testing.T) {
	rs, err := builtRows()
	require.NoError(t, err)
	module := func(name string) string {
		r, ok := resultfmt.Find(rs, name)
		require.True(t, ok, name)
		return r.Module
	}
	assert.Equal(t, "github.com/puzpuzpuz/xsync/v4@v4.5.0", module("xsync-spsc"))
	assert.Equal(t, "github.com/puzpuzpuz/xsync/v4@v4.5.0", module("xsync-mpmc"))
	assert.Equal(t, "github.com/Workiva/go-datastructures@v1.1.7", module("workiva-ring"))
	assert.Empty(t, module("lockfree"))
}

// TestRowLinesGolden: the configuration lines that describe the rows, as
// bench writes them (the benchmark binary's rows, with the modules'
// versions its module requires), against testdata/rows.golden. The report's fixtures carry these lines
// (report/testdata/default.txt); go test ./cmd/handoff -run RowLines
// -update rewrites the golden file when the registry changes.
func TestRowLinesGolden(t *testing.T) {
	res := &benchfmt.Result{Name: []byte("Handoff/impl=channels/mode=roundtrip/cap=0/payload=8B/work=0"), Iters: 10,
		Values: []benchfmt.Value{{Value: 100, Unit: "ns/op"}}}
	var buf bytes.Buffer
	rs, err := builtRows()
	require.NoError(t, err)
	require.NoError(t, runner.Write(&buf, runner.Env{Rows: append(rs, refs.Rows()...), Cores: 2}, []*benchfmt.Result{res}))
	r := benchfmt.NewReader(&buf, "described.txt")
	require.True(t, r.Scan())
	got, ok := r.Result().(*benchfmt.Result)
	require.True(t, ok)
	var b strings.Builder
	for _, c := range got.Config {
		if c.Key == "rows" || c.Key == "cores" || strings.HasPrefix(c.Key, "row-") || strings.HasPrefix(c.Key, "module-") {
			fmt.Fprintf(&b, "%s: %s\n", c.Key, c.Value)
		}
	}
	path := filepath.Join("testdata", "rows.golden")
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "go test ./cmd/handoff -run RowLines -update creates it")
	assert.Equal(t, string(want), b.String(), "the registry's rows changed: go test ./cmd/handoff -run RowLines -update, and read the diff")
}
