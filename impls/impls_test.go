package impls_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoffbench/handoff"
	"github.com/handoffbench/handoff/impls"
)

// TestRegistry checks that every entry of All opens through impls.Open, so
// the name switch there cannot fall behind the list.
func TestRegistry(t *testing.T) {
	seen := map[string]bool{}
	for _, im := range impls.All {
		assert.False(t, seen[im.Name], "%s registered twice", im.Name)
		seen[im.Name] = true
		assert.NotEmpty(t, im.Summary, im.Name)
		assert.Positive(t, im.MaxCapacity, im.Name)
		c, err := impls.Open(im.Name, func(v int) (int, error) { return v + 1, nil }, handoff.Options{Capacity: 4})
		require.NoError(t, err, im.Name)
		got, err := c.Send(41)
		assert.NoError(t, err, im.Name)
		assert.Equal(t, 42, got, im.Name)
		assert.NoError(t, c.Close(), im.Name)

		found, err := impls.Lookup(im.Name)
		require.NoError(t, err)
		assert.Equal(t, im.Name, found.Name)
	}
	_, err := impls.Open("nosuch", func(v int) (int, error) { return v, nil }, handoff.Options{})
	assert.ErrorContains(t, err, `"nosuch"`)
	_, err = impls.Lookup("nosuch")
	assert.Error(t, err)
	assert.False(t, errors.Is(err, handoff.ErrInvalid))
}
