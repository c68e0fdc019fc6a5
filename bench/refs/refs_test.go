package refs_test

import (
	"bytes"
	"context"
	"errors"
	refsrc "github.com/handoffbench/handoff/refs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/perf/benchfmt"

	"github.com/handoffbench/handoff/bench/refs"
	"github.com/handoffbench/handoff/resultfmt"
)

// TestMissingTools: without python3 or a C compiler every row is skipped,
// each with a line that says which tool is missing, and nothing fails.
func TestMissingTools(t *testing.T) {
	t.Setenv("CC", "")
	none := func(name string) (string, error) { return "", errors.New("not found") }
	cmds, skipped, err := refs.Prepare(context.Background(), refsrc.Sources, t.TempDir(), none)
	require.NoError(t, err)
	assert.Empty(t, cmds)
	require.Len(t, skipped, len(refs.All))
	joined := strings.Join(skipped, "\n")
	assert.Contains(t, joined, "python-generator/roundtrip: skipped, no python3 on PATH")
	assert.Contains(t, joined, "c-ucontext/roundtrip: skipped, no C compiler (cc, gcc) on PATH")

	onlyPython := func(name string) (string, error) {
		if name == "python3" {
			return exec.LookPath(name)
		}
		return "", errors.New("not found")
	}
	cmds, skipped, err = refs.Prepare(context.Background(), refsrc.Sources, t.TempDir(), onlyPython)
	require.NoError(t, err)
	for _, s := range skipped {
		assert.Contains(t, s, "no C compiler")
	}
	for _, c := range cmds {
		assert.Equal(t, "python3", c.Tool)
	}
}

// TestUnwritableDir: programs that cannot be written out stop Prepare with
// an error that says what it was doing.
func TestUnwritableDir(t *testing.T) {
	file := filepath.Join(t.TempDir(), "a-file")
	require.NoError(t, os.WriteFile(file, nil, 0o644))
	_, _, err := refs.Prepare(context.Background(), refsrc.Sources, filepath.Join(file, "dir"), exec.LookPath)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "the reference programs")
}

// TestProgramsPrintTheirRows runs every program this machine has the tool
// for, briefly, and checks it prints its one row, named as Ref.Benchmark
// says, in the Go benchmark format.
func TestProgramsPrintTheirRows(t *testing.T) {
	cmds, skipped, err := refs.Prepare(context.Background(), refsrc.Sources, t.TempDir(), exec.LookPath)
	require.NoError(t, err)
	for _, s := range skipped {
		t.Logf("not on this machine: %s", s)
	}
	if len(cmds) == 0 {
		t.Skip("neither python3 nor a C compiler here; TestMissingTools covers that path")
	}
	for _, c := range cmds {
		t.Run(c.Label(), func(t *testing.T) {
			out, err := exec.Command(c.Path, append(c.Args, "0.005")...).Output()
			require.NoError(t, err, "%s", out)
			r := benchfmt.NewReader(bytes.NewReader(out), c.Label())
			var names []string
			for r.Scan() {
				if res, ok := r.Result().(*benchfmt.Result); ok {
					names = append(names, "Benchmark"+string(res.Name))
					v, ok := res.Value("sec/op")
					assert.True(t, ok && v > 0, "no ns/op")
				}
			}
			require.NoError(t, r.Err())
			assert.Equal(t, []string{c.Benchmark()}, names)
			assert.NotEmpty(t, c.Version)
		})
	}
}

// TestRows: one row per reference name, in order, with every mode's doc.
func TestRows(t *testing.T) {
	rs := refs.Rows()
	var names []string
	for _, r := range refs.All {
		if !slices.Contains(names, r.Name) {
			names = append(names, r.Name)
		}
	}
	require.Len(t, rs, len(names))
	for i, r := range rs {
		assert.Equal(t, names[i], r.Name)
		assert.Equal(t, resultfmt.Reference, r.Kind)
		assert.NotEmpty(t, r.Beside)
		assert.Contains(t, []string{"CPython", "C"}, r.Language)
	}
	asyncio, ok := resultfmt.Find(rs, "python-asyncio")
	require.True(t, ok)
	assert.Equal(t, "roundtrip: two asyncio tasks, a request and a reply through two asyncio.Queue(1); stream: two asyncio tasks, a one-way stream through one asyncio.Queue(16)", asyncio.Summary)
}
