package report_test

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCountsBesideTimes: a run that counted instructions (make bench
// COUNTS=1, testdata/counts.txt: statemachine, iterpull, their floors and
// ladders) shows each counted benchmark's count beside its time on the
// headline, each ladder step's count and what it adds, and in the appendix
// how the counts were made and which were not; a benchmark not counted
// shows –.
func TestCountsBesideTimes(t *testing.T) {
	out, _ := build(t, "testdata/counts.txt", "")
	data, err := os.ReadFile(out.Markdown)
	require.NoError(t, err)
	md := string(data)

	headline := section(t, md, "Headline")
	assert.Contains(t, headline, "| floor | instructions/op |")
	assert.Contains(t, headline, "| statemachine | roundtrip | ")
	assert.Regexp(t, `\| statemachine \| roundtrip \|.*\| 125\.0 \|`, headline)
	p2 := strings.Index(headline, "**GOMAXPROCS=2**")
	require.Positive(t, p2)
	assert.Regexp(t, `\| statemachine \| roundtrip \|.*\| – \|\n`, headline[p2:], "not counted at GOMAXPROCS=2")

	ladder := section(t, md, "Where the nanoseconds go")
	assert.Contains(t, ladder, "| instructions/op, GOMAXPROCS=1 | +instructions |")
	assert.Regexp(t, `\| ladder-sm-direct \|.*\| 18\.0 \| – \|`, ladder)
	assert.Regexp(t, `\| ladder-sm-funcvalue \|.*\| 44\.0 \| \+26\.0 \|`, ladder)

	appendix := section(t, md, "Appendix: environment and method")
	assert.Contains(t, appendix, "Instruction counts (make bench COUNTS=1): valgrind-")
	assert.Contains(t, appendix, "| statemachine | counted: mode=roundtrip/cap=0/payload=8B/work=0 at GOMAXPROCS=1")
	assert.Contains(t, appendix, "not tried: Valgrind runs one thread at a time")
}

// TestNoCountsNoColumn: a run without counts has no count column: the
// golden reports stay as they were.
func TestNoCountsNoColumn(t *testing.T) {
	out, _ := defaultReport(t)
	data, err := os.ReadFile(out.Markdown)
	require.NoError(t, err)
	assert.NotContains(t, string(data), "instructions/op")
}
