package stats

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ratioFile is a results file of two benchmarks over rounds, b = factor·a
// with shared drift per round and 3% noise each, with or without the round
// lines.
func ratioFile(rounds int, factor float64, withRounds bool) string {
	r := rand.New(rand.NewPCG(7, uint64(rounds)))
	var sb strings.Builder
	sb.WriteString("order-seed: 1\n")
	for round := 1; round <= rounds; round++ {
		drift := 1 + 0.3*r.Float64() // the machine moves between rounds
		for i, name := range []string{"a", "b"} {
			v := 100 * drift * math.Exp(0.03*r.NormFloat64())
			if i == 1 {
				v *= factor
			}
			if withRounds {
				fmt.Fprintf(&sb, "round: %d\narm-position: 1\n", round)
			}
			fmt.Fprintf(&sb, "BenchmarkHandoff/impl=%s/mode=roundtrip/cap=0/payload=8B/work=0 1000 %.2f ns/op\n", name, v)
		}
	}
	return sb.String()
}

func TestRatioPaired(t *testing.T) {
	s, err := Read(strings.NewReader(ratioFile(10, 1.2, true)), "r.txt")
	require.NoError(t, err)
	ks := s.Keys()
	r, ok := s.Ratio(ks[0], ks[1], "ns/op")
	require.True(t, ok)
	assert.True(t, r.Paired)
	assert.Equal(t, 10, r.N)
	assert.InDelta(t, 1.2, r.Ratio, 0.04)
	assert.Less(t, r.Lo, 1.2)
	assert.Greater(t, r.Hi, 1.2)
	assert.Greater(t, r.Lo, 1.1, "pairing cancels the drift, so the interval is narrow")
	assert.LessOrEqual(t, r.P, 0.01)

	same, _ := s.Ratio(ks[0], ks[0], "ns/op")
	assert.Equal(t, 1.0, same.Ratio)
	assert.Equal(t, 1.0, same.P)
}

func TestRatioUnpaired(t *testing.T) {
	s, err := Read(strings.NewReader(ratioFile(10, 1.2, false)), "r.txt")
	require.NoError(t, err)
	ks := s.Keys()
	r, ok := s.Ratio(ks[0], ks[1], "ns/op")
	require.True(t, ok)
	assert.False(t, r.Paired)
	assert.True(t, math.IsNaN(r.Lo) && math.IsNaN(r.Hi), "no interval without pairing")
	assert.InDelta(t, 1.2, r.Ratio, 0.2)
	_, ok = s.Ratio(ks[0], ks[1], "cpu-ns/op")
	assert.False(t, ok)
}
