package report_test

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPipelinePage: a run with the Pipeline benchmark (testdata/work-pipeline.txt:
// six rounds of a default run cut to six rows, the two floors and the
// Handoff stream they need) gets the page "When crossing threads pays" —
// its findings, its tables and its charts, held to golden files — and page 1
// its rows with work per item and the sentence on the break-even.
func TestPipelinePage(t *testing.T) {
	out, _ := build(t, "testdata/work-pipeline.txt", "")
	md, err := os.ReadFile(out.Markdown)
	require.NoError(t, err)
	golden(t, "work-pipeline.md.golden", md)

	text := string(md)
	page := section(t, text, "When crossing threads pays")
	for _, want := range []string{
		"Does crossing threads pay, and from how much work?",
		"interpolated between measured levels on a log axis",
		"**Pipeline, stream, cap 256, GOMAXPROCS=2: ns per item (95% CI), × the overlap limit (paired, 95% CI); † slower than serial**",
		"| row | 25 ns a side | 250 ns a side | 2.5 µs a side | 25 ns producer, 250 ns handler |",
		"| serial |", "| overlap-limit |",
		"Which rows are slower than doing both works one after the other in one goroutine, and why?",
		"**Slower than serial, and why: stream, cap 256, GOMAXPROCS=2**",
		"pipeline-p2-cap256.svg", "pipeline-limit-p2-cap256.svg",
	} {
		assert.Contains(t, page, want)
	}
	assert.Contains(t, text, "Crossing threads pays from about ", "page 1 states the break-even")
	assert.Contains(t, text, "| fire & forget | may share | one | throughput | 250 ns a side | idle, a spare core |")
	assert.NotContains(t, text, "no Pipeline results")
	assert.Less(t, strings.Index(text, "## Under load"), strings.Index(text, "## When crossing threads pays"), "the page follows Under load")

	for _, stem := range []string{"pipeline-p2-cap256", "pipeline-limit-p2-cap256"} {
		goldenChart(t, out.Charts, stem)
	}
}
