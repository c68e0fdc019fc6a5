package report_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMachinePage: the default fixture's run moved mid-way (its vCPUs
// were placed elsewhere between rounds 5 and 6: the cross-core roundtrip
// fell from about 630 ns to 167 ns), and the page says which rounds; a
// file that records no rounds has no such page.
func TestMachinePage(t *testing.T) {
	t.Parallel()
	out, _ := defaultReport(t)
	md, err := os.ReadFile(out.Markdown)
	require.NoError(t, err)
	assert.Contains(t, string(md), "## The machine over the run")
	assert.Contains(t, string(md), "The cross-core roundtrip probe moved by more than 25% from its median in round 1 (1.66×)")
	assert.Contains(t, string(md), "round 6 (0.43×)")

	old, _ := build(t, "testdata/subset.txt", "")
	md, err = os.ReadFile(old.Markdown)
	require.NoError(t, err)
	assert.NotContains(t, string(md), "The machine over the run")
}
