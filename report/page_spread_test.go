package report_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSpreadPage: the default fixture's run moved between rounds 5 and 6
// (the machine page's probes say so), and the round-by-round page finds
// that step in the rows at GOMAXPROCS=2, lists every row wider than ±10%
// with its reasons, and the findings carry its one-line summary. A file
// that records no rounds has no such page and no such finding.
func TestSpreadPage(t *testing.T) {
	t.Parallel()
	out, _ := defaultReport(t)
	md, err := os.ReadFile(out.Markdown)
	require.NoError(t, err)
	text := string(md)
	assert.Contains(t, text, "## Round by round: the headline rows")
	assert.Contains(t, text, "- Do the headline numbers hold still? 28 of 44 headline rows have a 95% CI wider than ±10%: 10 bimodal (each a step after round 5); 4 outliers; 14 noisy, no pattern.")
	assert.Contains(t, text, "## Round by round: why the wide rows are wide")
	assert.Contains(t, text, "| implementation | exchange | GOMAXPROCS | rounds | median | 95% CI | why |")
	assert.Contains(t, text, "| mutexqueue-spin | roundtrip | 2 | 10 | 994 ns | ±167.7% | bimodal: a step after round 5: rounds 6–10 at 0.21× rounds 1–5 |")
	assert.Contains(t, text, "| workiva-ring | stream, cap 256 | 1 | 10 | 88.8 ns | ±36.4% | outliers: rounds 2 (+39.2%), 8 (+36.4%) of the median |")
	assert.NotContains(t, text, "| statemachine | roundtrip | 2 |", "a row within ±10% is not listed")
	for _, stem := range []string{"spread-roundtrip-p1", "spread-roundtrip-p2", "spread-stream256-p1", "spread-stream256-p2"} {
		assert.FileExists(t, out.Charts+"/"+stem+".png")
	}

	old, _ := build(t, "testdata/subset.txt", "")
	md, err = os.ReadFile(old.Markdown)
	require.NoError(t, err)
	assert.NotContains(t, string(md), "Round by round")
	assert.NotContains(t, string(md), "hold still?")
}
