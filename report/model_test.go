package report

import (
	"bytes"
	"fmt"
	"io"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/perf/benchfmt"

	"github.com/handoffbench/handoff"
	"github.com/handoffbench/handoff/bench"
	"github.com/handoffbench/handoff/bench/refs"
	"github.com/handoffbench/handoff/bench/runner"
	"github.com/handoffbench/handoff/resultfmt"
	"github.com/handoffbench/handoff/stats"
)

// describedModel writes a results file as bench does, with rs described (none
// for a file from before), one roundtrip per implementation of rs, and
// reads it into a model.
func describedModel(t *testing.T, rs []resultfmt.Row, impls []string) *model {
	t.Helper()
	var results []*benchfmt.Result
	for _, name := range impls {
		results = append(results, &benchfmt.Result{
			Name:   []byte("Handoff/impl=" + name + "/mode=roundtrip/cap=0/payload=8B/work=0-2"),
			Iters:  1000,
			Values: []benchfmt.Value{{Value: 100, Unit: "ns/op"}},
		})
	}
	var buf bytes.Buffer
	require.NoError(t, runner.Write(&buf, runner.Env{Commit: "abc1234", Rounds: 1, Rows: rs, Cores: 2}, results))
	return readModel(t, buf.String(), "described.txt")
}

// writeHeader writes a results file's header as bench does, its
// configuration lines describing the rows rs, and the blank line after it.
func writeHeader(t *testing.T, b *strings.Builder, rs []resultfmt.Row) {
	t.Helper()
	b.WriteString("goos: linux\ngoarch: amd64\npkg: github.com/handoffbench/handoff/bench\n")
	lines, err := resultfmt.Lines(rs)
	require.NoError(t, err)
	for _, l := range lines {
		fmt.Fprintf(b, "%s: %s\n", l.Key, l.Value)
	}
	b.WriteString("\n")
}

// readModel reads a results file's text, named name, into a model.
func readModel(t *testing.T, text, name string) *model {
	t.Helper()
	set, err := stats.Read(strings.NewReader(text), name)
	require.NoError(t, err)
	m, err := newModel(set, io.Discard)
	require.NoError(t, err)
	return m
}

// TestRowsRoundTrip: the registry's rows, written into a results file by
// the runner, are what the report's model holds — names, order, kind,
// summary, traits, classification, floors and modules — with nothing
// looked up anywhere else.
func TestRowsRoundTrip(t *testing.T) {
	rs := append(bench.Rows(), refs.Rows()...)
	impls := resultfmt.OfKind(rs, resultfmt.Implementation)
	m := describedModel(t, rs, names(impls))
	assert.Equal(t, impls, m.impls)
	assert.Equal(t, rs, m.recorded)

	// The order is the file's: reversed in the file, reversed in the report.
	rev := slices.Clone(rs)
	slices.Reverse(rev)
	m = describedModel(t, rev, names(impls))
	want := names(impls)
	slices.Reverse(want)
	assert.Equal(t, want, names(m.impls))
}

// TestRowNotInTheRegistry: a row only the file knows renders with what the
// file says of it.
func TestRowNotInTheRegistry(t *testing.T) {
	r := resultfmt.Row{Name: "carrier-pigeon", Kind: resultfmt.Implementation, Summary: "a bird with a ring on its leg", Sync: resultfmt.SyncAtomic, Wait: resultfmt.WaitPark,
		Traits: &handoff.Traits{Synchronous: false, MaxCapacity: 1}}
	m := describedModel(t, []resultfmt.Row{r}, []string{"carrier-pigeon"})
	require.Len(t, m.impls, 1)
	assert.Equal(t, r, m.impls[0])
	app := m.appendixPage()
	assert.Equal(t, []string{"carrier-pigeon", "a bird with a ring on its leg", "one", "a goroutine of the Conn", "races with the producer"}, app.Tables[1].Rows[0])
	assert.Equal(t, []resultfmt.Row{r}, m.factorial(), "it crosses threads, the file says")
}

// TestOldFileNotRecorded: a file from before rows were recorded renders
// every implementation, saying "not recorded" where its description, traits
// and classification would be.
func TestOldFileNotRecorded(t *testing.T) {
	m := describedModel(t, nil, []string{"mutexqueue", "statemachine"})
	assert.Nil(t, m.recorded)
	assert.Equal(t, []resultfmt.Row{{Name: "mutexqueue", Kind: resultfmt.Implementation}, {Name: "statemachine", Kind: resultfmt.Implementation}}, m.impls)
	app := m.appendixPage()
	assert.Equal(t, []string{"mutexqueue", "not recorded", "not recorded", "not recorded", "not recorded"}, app.Tables[1].Rows[0])
	assert.Contains(t, strings.Join(m.notes[answerTitle], " "), "described.txt does not describe its rows")
	assert.Empty(t, m.factorial())
	assert.Equal(t, "Whether mutexqueue and statemachine cross to a consumer goroutine is not recorded.", m.threads())
}

// TestMalformedRowsRefused: a rows line the report cannot read is an error
// that names the file and the key.
func TestMalformedRowsRefused(t *testing.T) {
	text := "rows: a\nrow-a-kind: implementation\nrow-a-traits: quick\n\nBenchmarkHandoff/impl=a/mode=roundtrip/cap=0/payload=8B/work=0 10 5 ns/op\n"
	set, err := stats.Read(strings.NewReader(text), "odd.txt")
	require.NoError(t, err)
	_, err = newModel(set, io.Discard)
	assert.ErrorContains(t, err, `odd.txt: row-a-traits: unknown trait "quick"`)
}

// TestNoRegistry: the report reads what a row is from the results file
// alone, so it must not import the registry of implementations; go list
// says what it imports.
func TestNoRegistry(t *testing.T) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	out, err := exec.Command(goCmd, "list", "-deps", ".").Output()
	require.NoError(t, err)
	for _, pkg := range strings.Fields(string(out)) {
		assert.NotContains(t, pkg, "/impls", "package report imports %s, the registry or an implementation", pkg)
		assert.NotEqual(t, "github.com/handoffbench/handoff/bench/refs", pkg, "package report imports the reference rows' registry")
	}
}
