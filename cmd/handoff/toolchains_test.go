package main

import (
	"context"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseToolchains(t *testing.T) {
	got, err := parseToolchains("go1.26.8,go1.27.3")
	require.NoError(t, err)
	assert.Equal(t, []string{"go1.26.8", "go1.27.3"}, got)
	for in, want := range map[string]string{
		"go1.27.3":          "want two or more Go releases",
		"go1.26.8,latest":   `"latest" is not a Go release`,
		"go1.26.8,go1.26.8": "go1.26.8 is named twice",
		"go1.26.8,":         `"" is not a Go release`,
	} {
		_, err := parseToolchains(in)
		assert.ErrorContains(t, err, want, in)
	}
}

// TestToolchainThatCannotBeHad: a release the go command cannot get stops
// the run before anything is built, with the release named. (No network is
// needed: the go command refuses a malformed release at once.)
func TestToolchainThatCannotBeHad(t *testing.T) {
	_, err := buildToolchains(context.Background(), io.Discard, "go", "./bench", t.TempDir(), []string{"go1.x"})
	assert.ErrorContains(t, err, "-toolchains: go1.x cannot be had here")
}
