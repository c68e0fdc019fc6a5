package runner_test

import (
	"context"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/handoffbench/handoff/bench/matrix"
	"github.com/handoffbench/handoff/bench/runner"
	"github.com/handoffbench/handoff/resultfmt"
)

// TestToolchainThatCannotBeHad: a release the go command cannot get stops
// the session before anything is built, with the release named. (No
// network is needed: the go command refuses a malformed release at once.)
func TestToolchainThatCannotBeHad(t *testing.T) {
	s := &runner.Session{Pkg: "./testdata/pass", Go: "go", Toolchains: []string{"go1.x"}, Out: t.TempDir(),
		Select: func([]resultfmt.Row) ([]matrix.Unit, error) {
			t.Fatal("selected units before the build")
			return nil, nil
		}}
	_, err := s.Run(context.Background())
	assert.ErrorContains(t, err, "-toolchains: go1.x cannot be had here")
}

// TestSessionNeedsRows: a benchmark package whose binary does not describe
// its rows (no bench.Main) stops the session after the build, saying what
// to add, and writes nothing.
func TestSessionNeedsRows(t *testing.T) {
	out := t.TempDir()
	s := &runner.Session{Pkg: "./testdata/pass", Go: "go", Out: out,
		Select: func([]resultfmt.Row) ([]matrix.Unit, error) { return nil, nil }}
	_, err := s.Run(context.Background())
	assert.ErrorContains(t, err, "must call bench.Main")
	left, rerr := os.ReadDir(out)
	assert.NoError(t, rerr)
	assert.Empty(t, left, "a session that failed wrote a file")
}
