package rows_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/perf/benchfmt"

	"github.com/handoffbench/handoff"
	"github.com/handoffbench/handoff/internal/rows"
)

var sample = []rows.Row{
	{Name: "mutexqueue", Kind: rows.Implementation, Summary: "bounded ring under sync.Mutex, sync.Cond to wait; the consumer takes every waiting item at once",
		Sync: rows.SyncMutex, Wait: rows.WaitPark, RoundtripFloor: "mutexcond-pingpong",
		Traits: &handoff.Traits{ConcurrentProducers: true, MaxCapacity: 1 << 20}},
	{Name: "statemachine", Kind: rows.Implementation, Summary: "stackless: an explicit state switch", Sync: rows.SyncCall, Wait: rows.WaitNone,
		RoundtripFloor: "funccall", StreamFloor: "funccall",
		Traits: &handoff.Traits{DetectsReentry: true, Synchronous: true, OnProducerGoroutine: true, MaxCapacity: 4096}},
	{Name: "xsync-spsc", Kind: rows.Implementation, Summary: "xsync's SPSCQueue", Sync: rows.SyncAtomic, Wait: rows.WaitSpin,
		Module: "github.com/puzpuzpuz/xsync/v4@v4.5.0", Traits: &handoff.Traits{Allocates: true, MaxCapacity: 8}, Payloads: []string{"8B", "ptr"}},
	{Name: "funccall", Kind: rows.Floor, Summary: "an indirect call through a func value"},
	{Name: "python-generator", Kind: rows.Reference, Summary: "a CPython generator", Beside: "iterpull", Language: "CPython"},
}

// TestRoundTrip: rows written as configuration lines above a result, read
// back by benchfmt, parse to the same rows.
func TestRoundTrip(t *testing.T) {
	lines, err := rows.Lines(sample)
	require.NoError(t, err)
	assert.Equal(t, rows.Line{Key: "rows", Value: "mutexqueue,statemachine,xsync-spsc,funccall,python-generator"}, lines[0])
	assert.Contains(t, lines, rows.Line{Key: "row-statemachine-traits", Value: "detects-reentry,synchronous,on-producer-goroutine,max-capacity=4096"})
	assert.Contains(t, lines, rows.Line{Key: "row-statemachine-floors", Value: "roundtrip=funccall,stream=funccall"})
	assert.Contains(t, lines, rows.Line{Key: "module-xsync-spsc", Value: "github.com/puzpuzpuz/xsync/v4@v4.5.0"})
	assert.Contains(t, lines, rows.Line{Key: "row-xsync-spsc-payloads", Value: "8B,ptr"})
	assert.True(t, sample[2].Measures("ptr"))
	assert.False(t, sample[2].Measures("64B"), "a row that names its payloads measures no other")
	assert.True(t, sample[1].Measures("64B"), "a row that names no payloads measures every one")
	for _, l := range lines {
		assert.NotEmpty(t, l.Value, l.Key)
	}

	res := &benchfmt.Result{Name: []byte("Handoff/impl=x"), Iters: 1, Values: []benchfmt.Value{{Value: 1, Unit: "ns/op"}}}
	for _, l := range lines {
		res.Config = append(res.Config, benchfmt.Config{Key: l.Key, Value: []byte(l.Value), File: true})
	}
	var buf bytes.Buffer
	require.NoError(t, benchfmt.NewWriter(&buf).Write(res))
	r := benchfmt.NewReader(&buf, "rows.txt")
	require.True(t, r.Scan())
	got, ok := r.Result().(*benchfmt.Result)
	require.True(t, ok, "%v", r.Result())
	cfg := map[string]string{}
	for _, c := range got.Config {
		cfg[c.Key] = string(c.Value)
	}
	back, err := rows.Parse(cfg)
	require.NoError(t, err)
	assert.Equal(t, sample, back)
}

// TestOldFile: a file from before rows were recorded has none.
func TestOldFile(t *testing.T) {
	rs, err := rows.Parse(map[string]string{"goos": "linux", "module-xsync-spsc": "x@v1"})
	require.NoError(t, err)
	assert.Nil(t, rs)
}

func TestLinesRefused(t *testing.T) {
	for _, tc := range []struct {
		rs   []rows.Row
		want string
	}{
		{[]rows.Row{{Name: "Bad Name", Kind: rows.Floor}}, `row "Bad Name": a name of lower-case letters`},
		{[]rows.Row{{Name: "a,b", Kind: rows.Floor}}, `row "a,b"`},
		{[]rows.Row{{Name: "a", Kind: rows.Floor}, {Name: "a", Kind: rows.Floor}}, `row "a": described twice`},
		{[]rows.Row{{Name: "a", Kind: "gadget"}}, `row "a": kind "gadget"`},
		{[]rows.Row{{Name: "a", Kind: rows.Floor, Summary: "two\nlines"}}, "row-a-summary: \"two\\nlines\" holds a line break"},
	} {
		_, err := rows.Lines(tc.rs)
		assert.ErrorContains(t, err, tc.want)
	}
}

func TestParseRefused(t *testing.T) {
	base := map[string]string{"rows": "a", "row-a-kind": "implementation"}
	with := func(k, v string) map[string]string {
		m := map[string]string{}
		for kk, vv := range base {
			m[kk] = vv
		}
		m[k] = v
		return m
	}
	for _, tc := range []struct {
		cfg  map[string]string
		want string
	}{
		{map[string]string{"rows": "a"}, `row-a-kind: missing: the rows line lists "a"`},
		{with("row-a-kind", "gadget"), `row-a-kind: kind "gadget"`},
		{with("row-a-traits", "synchronous,fast"), `row-a-traits: unknown trait "fast" (known: max-capacity=N, concurrent-producers`},
		{with("row-a-traits", "max-capacity=many"), `row-a-traits: max-capacity="many": want a count`},
		{with("row-a-floors", "sideways=funccall"), `row-a-floors: "sideways=funccall": the modes are roundtrip and stream`},
		{with("rows", "a,a"), `rows: "a" is listed twice`},
		{with("rows", "a,B"), `rows: row "B"`},
	} {
		_, err := rows.Parse(tc.cfg)
		assert.ErrorContains(t, err, tc.want)
	}
}

// TestTraitsWords: every flag has its word, both ways.
func TestTraitsWords(t *testing.T) {
	all := handoff.Traits{ConcurrentProducers: true, DetectsReentry: true, Synchronous: true, OnProducerGoroutine: true, Allocates: true, MaxCapacity: 3}
	s := rows.FormatTraits(all)
	assert.Equal(t, 6, strings.Count(s, ",")+1, s)
	back, err := rows.ParseTraits(s)
	require.NoError(t, err)
	assert.Equal(t, all, back)
	none, err := rows.ParseTraits(rows.FormatTraits(handoff.Traits{}))
	require.NoError(t, err)
	assert.Equal(t, handoff.Traits{}, none)
}

// TestWriteRead: what a benchmark binary writes for -handoff.rows reads
// back as the same rows; lines that are not key: value are refused.
func TestWriteRead(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, rows.Write(&buf, sample))
	back, err := rows.Read(&buf)
	require.NoError(t, err)
	assert.Equal(t, sample, back)

	for _, bad := range []string{"", "flag provided but not defined: -handoff.rows\n", "rows: a\nrow-a-kind: floor\nrow-a-kind: floor\n", "rows: a\nno colon here\n"} {
		_, err := rows.Read(strings.NewReader(bad))
		assert.Error(t, err, "%q", bad)
	}
}
