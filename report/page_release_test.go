package report_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReleasePage: two releases measured in one run (make bench
// TOOLCHAINS=go1.26.8,go1.27.3, quick profile, 6 rounds) get the page of
// what changed between them, paired round by round, instead of the
// regression gate's comparison; six rounds cannot decide a change after
// Holm over the page, and the page says how many it tested.
func TestReleasePage(t *testing.T) {
	t.Parallel()
	out, _ := build(t, "testdata/release-new.txt", "testdata/release-old.txt")
	md, err := os.ReadFile(out.Markdown)
	require.NoError(t, err)
	assert.Contains(t, string(md), "What changed between Go releases")
	assert.Contains(t, string(md), "go1.26.8 (old) against go1.27.3 (new)")
	assert.Contains(t, string(md), "paired round by round")
	assert.Contains(t, string(md), "Under go1.27.3, 0 got faster and 0 slower")
	assert.Contains(t, string(md), "With 6 rounds no change could be found here", "the page says the run could not tell, and why")
	assert.NotContains(t, string(md), "Comparison with the baseline")
	assert.NotContains(t, string(md), "ref=true | ", "reference rows are not compared across releases")
}

// TestReleasePageNeedsOneRun: the same releases from two separate runs are
// not compared across time; the page says how to measure them.
func TestReleasePageNeedsOneRun(t *testing.T) {
	long(t)
	out, _ := build(t, "testdata/release-new.txt", "testdata/default.txt")
	md, err := os.ReadFile(out.Markdown)
	require.NoError(t, err)
	assert.Contains(t, string(md), "What changed between Go releases")
	assert.Contains(t, string(md), "make bench TOOLCHAINS=")
}
