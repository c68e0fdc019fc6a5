package stats_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoffbench/handoff/stats"
)

// probeFile is a run of the cross-core probe over rounds, at base ns, with
// the rounds from moveAt on at moved ns: a VM whose vCPUs were placed
// elsewhere mid-run.
func probeFile(base, moved float64, moveAt int) string {
	var sb strings.Builder
	sb.WriteString("order-seed: 1\n")
	for round := 1; round <= 10; round++ {
		v := base * (1 + 0.01*float64(round%3))
		if round >= moveAt {
			v = moved
		}
		fmt.Fprintf(&sb, "round: %d\narm-position: 1\nBenchmarkFloor/floor=atomic-spin-pingpong/mode=roundtrip/cap=0/payload=8B/work=0-2 1000 %.1f ns/op\n", round, v)
	}
	return sb.String()
}

func TestFingerprintFlagsTheRoundsTheMachineMoved(t *testing.T) {
	s := load(t, "moved.txt", probeFile(630, 167, 8))
	ps := s.Fingerprint()
	require.Len(t, ps, 1)
	assert.Equal(t, "cross-core roundtrip", ps[0].What)
	assert.Equal(t, []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, ps[0].Rounds)
	assert.Equal(t, []string{"round 8 (0.26×)", "round 9 (0.26×)", "round 10 (0.26×)"}, ps[0].Moved())

	still := load(t, "still.txt", probeFile(630, 630, 99))
	assert.Empty(t, still.Fingerprint()[0].Moved())
}

func TestCompareWarnsWhenTheMachinesDiffer(t *testing.T) {
	old := load(t, "old.txt", probeFile(630, 630, 99))
	same := load(t, "same.txt", probeFile(640, 640, 99))
	other := load(t, "other.txt", probeFile(167, 167, 99))
	c, err := stats.Compare(old, same, stats.DefaultCompareOptions())
	require.NoError(t, err)
	for _, w := range c.Warnings {
		assert.NotContains(t, w, "the machine differed")
	}
	c, err = stats.Compare(old, other, stats.DefaultCompareOptions())
	require.NoError(t, err)
	assert.Contains(t, strings.Join(c.Warnings, "\n"), "the machine differed between the runs: its cross-core roundtrip probe")
}
