package runner

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseToolchains(t *testing.T) {
	got, err := ParseToolchains("go1.26.8,go1.27.3")
	require.NoError(t, err)
	assert.Equal(t, []string{"go1.26.8", "go1.27.3"}, got)
	got, err = ParseToolchains("")
	require.NoError(t, err)
	assert.Empty(t, got)
	for in, want := range map[string]string{
		"go1.27.3":          "want two or more Go releases",
		"go1.26.8,latest":   `"latest" is not a Go release`,
		"go1.26.8,go1.26.8": "go1.26.8 is named twice",
		"go1.26.8,":         `"" is not a Go release`,
	} {
		_, err := ParseToolchains(in)
		assert.ErrorContains(t, err, want, in)
	}
}
