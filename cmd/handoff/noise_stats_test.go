package main

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestNoiseStats(t *testing.T) {
	// logSpread: the median |ln(v) − median ln| is ln(1.1) here, scaled
	// by 1.4826; the one wild value does not count.
	assert.InDelta(t, 1.4826*math.Log(1.1), logSpread([]float64{100, 110, 100 / 1.1, 110, 100 / 1.1, 100, 1000}), 1e-9)
	assert.Zero(t, logSpread([]float64{5, 5, 5}))

	s := noiseSummary([]float64{100, 100, 100, 100, 100, 100, 100, 100, 100, 100})
	assert.Equal(t, 100.0, s.center)
	assert.Zero(t, s.halfWidth)
	assert.Zero(t, s.drift)

	assert.Equal(t, 2.5, median([]float64{4, 1, 3, 2}))
}
