package resultfmt_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/perf/benchfmt"

	"github.com/handoffbench/handoff"
	"github.com/handoffbench/handoff/resultfmt"
)

var sample = []resultfmt.Row{
	{Name: "mutexqueue", Kind: resultfmt.Implementation, Summary: "bounded ring under sync.Mutex, sync.Cond to wait; the consumer takes every waiting item at once",
		Sync: resultfmt.SyncMutex, Wait: resultfmt.WaitPark, RoundtripFloor: "mutexcond-pingpong",
		Traits: &handoff.Traits{ConcurrentProducers: true, MaxCapacity: 1 << 20}},
	{Name: "statemachine", Kind: resultfmt.Implementation, Summary: "stackless: an explicit state switch", Sync: resultfmt.SyncCall, Wait: resultfmt.WaitNone,
		RoundtripFloor: "funccall", StreamFloor: "funccall",
		Traits: &handoff.Traits{DetectsReentry: true, Synchronous: true, OnProducerGoroutine: true, MaxCapacity: 4096}},
	{Name: "xsync-spsc", Kind: resultfmt.Implementation, Summary: "xsync's SPSCQueue", Sync: resultfmt.SyncAtomic, Wait: resultfmt.WaitSpin,
		Module: "github.com/puzpuzpuz/xsync/v4@v4.5.0", Traits: &handoff.Traits{Allocates: true, MaxCapacity: 8}, Payloads: []string{"8B", "ptr"}},
	{Name: "funccall", Kind: resultfmt.Floor, Summary: "an indirect call through a func value"},
	{Name: "python-generator", Kind: resultfmt.Reference, Summary: "a CPython generator", Beside: "iterpull", Language: "CPython"},
}

// TestRoundTrip: rows written as configuration lines above a result, read
// back by benchfmt, parse to the same rows.
func TestRoundTrip(t *testing.T) {
	lines, err := resultfmt.Lines(sample)
	require.NoError(t, err)
	assert.Equal(t, resultfmt.Line{Key: "rows", Value: "mutexqueue,statemachine,xsync-spsc,funccall,python-generator"}, lines[0])
	assert.Contains(t, lines, resultfmt.Line{Key: "row-statemachine-traits", Value: "detects-reentry,synchronous,on-producer-goroutine,max-capacity=4096"})
	assert.Contains(t, lines, resultfmt.Line{Key: "row-statemachine-floors", Value: "roundtrip=funccall,stream=funccall"})
	assert.Contains(t, lines, resultfmt.Line{Key: "module-xsync-spsc", Value: "github.com/puzpuzpuz/xsync/v4@v4.5.0"})
	assert.Contains(t, lines, resultfmt.Line{Key: "row-xsync-spsc-payloads", Value: "8B,ptr"})
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
	back, err := resultfmt.Parse(cfg)
	require.NoError(t, err)
	assert.Equal(t, sample, back)
}

// TestOldFile: a file from before rows were recorded has none.
func TestOldFile(t *testing.T) {
	rs, err := resultfmt.Parse(map[string]string{"goos": "linux", "module-xsync-spsc": "x@v1"})
	require.NoError(t, err)
	assert.Nil(t, rs)
}

func TestLinesRefused(t *testing.T) {
	for _, tc := range []struct {
		rs   []resultfmt.Row
		want string
	}{
		{[]resultfmt.Row{{Name: "Bad Name", Kind: resultfmt.Floor}}, `row "Bad Name": a name of lower-case letters`},
		{[]resultfmt.Row{{Name: "a,b", Kind: resultfmt.Floor}}, `row "a,b"`},
		{[]resultfmt.Row{{Name: "a", Kind: resultfmt.Floor}, {Name: "a", Kind: resultfmt.Floor}}, `row "a": described twice`},
		{[]resultfmt.Row{{Name: "a", Kind: "gadget"}}, `row "a": kind "gadget"`},
		{[]resultfmt.Row{{Name: "a", Kind: resultfmt.Implementation, Sync: "bird", Wait: resultfmt.WaitPark}}, `row "a": sync "bird": want one of mutex,`},
		{[]resultfmt.Row{{Name: "a", Kind: resultfmt.Implementation, Sync: resultfmt.SyncMutex, Wait: "sleep"}}, `row "a": wait "sleep": want one of park,`},
		{[]resultfmt.Row{{Name: "a", Kind: resultfmt.Floor, Summary: "two\nlines"}}, "row-a-summary: \"two\\nlines\" holds a line break"},
	} {
		_, err := resultfmt.Lines(tc.rs)
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
		_, err := resultfmt.Parse(tc.cfg)
		assert.ErrorContains(t, err, tc.want)
	}
}

// TestTraitsWords: every flag has its word, both ways.
func TestTraitsWords(t *testing.T) {
	all := handoff.Traits{ConcurrentProducers: true, DetectsReentry: true, Synchronous: true, OnProducerGoroutine: true, Allocates: true, MaxCapacity: 3}
	s := resultfmt.FormatTraits(all)
	assert.Equal(t, 6, strings.Count(s, ",")+1, s)
	back, err := resultfmt.ParseTraits(s)
	require.NoError(t, err)
	assert.Equal(t, all, back)
	none, err := resultfmt.ParseTraits(resultfmt.FormatTraits(handoff.Traits{}))
	require.NoError(t, err)
	assert.Equal(t, handoff.Traits{}, none)
}

// TestWriteRead: what a benchmark binary writes for -handoff.rows reads
// back as the same rows; lines that are not key: value are refused.
func TestWriteRead(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, resultfmt.Write(&buf, sample))
	back, err := resultfmt.Read(&buf)
	require.NoError(t, err)
	assert.Equal(t, sample, back)

	for _, bad := range []string{"", "flag provided but not defined: -handoff.rows\n", "rows: a\nrow-a-kind: floor\nrow-a-kind: floor\n", "rows: a\nno colon here\n"} {
		_, err := resultfmt.Read(strings.NewReader(bad))
		assert.Error(t, err, "%q", bad)
	}
}
