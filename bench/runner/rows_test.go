package runner_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/perf/benchfmt"

	"github.com/handoffbench/handoff/bench"
	"github.com/handoffbench/handoff/bench/refs"
	"github.com/handoffbench/handoff/bench/runner"
	"github.com/handoffbench/handoff/resultfmt"
	"github.com/handoffbench/handoff/stats"
)

// describedFile is a results file of one result written with the
// registry's rows and a core count.
func describedFile(t *testing.T) []byte {
	t.Helper()
	res := &benchfmt.Result{Name: []byte("Handoff/impl=channels/mode=roundtrip/cap=0/payload=8B/work=0"), Iters: 10,
		Values: []benchfmt.Value{{Value: 100, Unit: "ns/op"}}}
	var buf bytes.Buffer
	require.NoError(t, runner.Write(&buf, runner.Env{Commit: "abc1234", Rounds: 1, Rows: described(), Cores: 2}, []*benchfmt.Result{res}))
	return buf.Bytes()
}

// described are the rows a results file of this module records: the
// benchmark binary's and the reference rows.
func described() []resultfmt.Row { return append(bench.Rows(), refs.Rows()...) }

// TestRowsRoundTrip: the registry's rows, written into a results file and
// read back as the report reads it, are the registry's rows.
func TestRowsRoundTrip(t *testing.T) {
	set, err := stats.Read(bytes.NewReader(describedFile(t)), "described.txt")
	require.NoError(t, err)
	got, err := resultfmt.Parse(set.Config)
	require.NoError(t, err)
	assert.Equal(t, described(), got)
	assert.Equal(t, "2", set.Config["cores"])
	for _, kind := range []string{resultfmt.Implementation, resultfmt.Floor, resultfmt.Reference} {
		assert.NotEmpty(t, resultfmt.OfKind(got, kind), kind)
	}
}
