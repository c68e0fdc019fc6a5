package noise

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestNoiseStats(t *testing.T) {
	s := summarise([]float64{100, 100, 100, 100, 100, 100, 100, 100, 100, 100})
	assert.Equal(t, 100.0, s.center)
	assert.Zero(t, s.halfWidth)
	assert.Zero(t, s.drift)
}
