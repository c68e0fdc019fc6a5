package report_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestUnderLoadPage: a run with the Load benchmark (testdata/load: a
// subset of the default profile, measured while a fuzz run kept the cores
// busy besides, so its numbers are for the page's shape, not for quoting)
// gets the Under load page — its grid per mode, both findings and both
// charts — and decision rows for a busy machine read from it.
func TestUnderLoadPage(t *testing.T) {
	out, _ := build(t, "testdata/load/under-load.txt", "")
	md, err := os.ReadFile(out.Markdown)
	require.NoError(t, err)
	text := string(md)
	page := section(t, text, "Under load")
	for _, want := range []string{
		"**roundtrip, GOMAXPROCS=2: ns/op (95% CI; × idle)**",
		"**stream, cap 256, GOMAXPROCS=2: ns/op (95% CI; × idle)**",
		"| row | idle | load=procs | load=host | cpu-ns/op: idle, procs, host | co-runners lose per op | share of their work |",
		"| atomic-spin-pingpong |",
		"Does spinning still pay when the cores are busy?",
		"What does each handoff cost the work beside it?",
		"load-roundtrip.svg", "load-corunners.svg",
	} {
		assert.Contains(t, page, want)
	}
	assert.Contains(t, text, "roundtrip ns/op under load=procs, GOMAXPROCS=2")
	assert.Contains(t, text, "| busy: other processes on every CPU |")
	assert.NotContains(t, text, "the Load benchmark was not run")
}
