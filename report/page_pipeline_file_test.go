package report

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoffbench/handoff/resultfmt"
)

// A pipelineRound is one round's values of one Pipeline row, beside its
// ns/op: the units the page's reasons are read from.
type pipelineRound struct{ ns, cpu, mutexWait, wakeups float64 }

// pipelineFile is a results file that describes roundtrips' rows
// (mutexqueue and channels cross threads, iterpull does not; channels
// streams over chan-stream, a floor), with a Handoff roundtrip for each
// implementation and a Pipeline at the levels and GOMAXPROCS given, over
// six rounds: vals gives each row's, mechanism's and floor's ns per item
// by level; at GOMAXPROCS=1 the rows that cross threads cost three times
// serial, as they cannot overlap there.
func pipelineFile(t *testing.T, procs []int, vals map[string]map[workLevel]float64) *model {
	t.Helper()
	rs := slices.Clone(described)
	for i := range rs {
		if rs[i].Name == "channels" {
			rs[i].StreamFloor = "chan-stream"
		}
	}
	rs = append(rs, resultfmt.Row{Name: "chan-stream", Kind: resultfmt.Floor, Summary: "a buffered channel"})
	var b strings.Builder
	writeHeader(t, &b, rs)
	noise := []float64{1, 1.01, 0.99, 1.02, 1, 0.98}
	names := []struct {
		name                 string
		impl, cross, capless bool
	}{
		{"mutexqueue", true, true, false}, {"channels", true, true, false}, {"iterpull", true, false, false},
		{"chan-stream", false, true, false}, {"serial", false, false, true}, {"overlap-limit", false, false, true},
	}
	for r := range 6 {
		fmt.Fprintf(&b, "round: %d\narm-position: 1\n", r+1)
		for _, p := range procs {
			for i, row := range names {
				n := noise[(r+i)%len(noise)]
				if row.impl {
					fmt.Fprintf(&b, "BenchmarkHandoff/impl=%s/mode=roundtrip/cap=0/payload=8B/work=0-%d 1000 %g ns/op\n", row.name, p, 100*n)
				}
				var levels []workLevel
				for l := range vals[row.name] {
					levels = append(levels, l)
				}
				sortLevels(levels)
				for _, l := range levels {
					v := vals[row.name][l] * n
					rd := pipelineRound{ns: v, cpu: v, wakeups: 0.001}
					switch {
					case row.cross && p == 1: // one core: no overlap
						rd = pipelineRound{ns: 3 * vals["serial"][l] * n, cpu: 3 * vals["serial"][l] * n, wakeups: 0.5}
					case row.cross:
						rd.cpu = 1.9 * v
					}
					if row.name == "channels" || row.name == "chan-stream" {
						rd.mutexWait = 0.2 * rd.ns
					}
					capKey := "cap=256/"
					if row.capless {
						capKey = ""
					}
					fmt.Fprintf(&b, "BenchmarkPipeline/impl=%s/%spwork=%d/work=%d-%d 1000 %g ns/op %g cpu-ns/op %g mutex-wait-ns/op %g wakeups/op 0.001 thread-sleeps/op\n",
						row.name, capKey, l.producer, l.handler, p, rd.ns, rd.cpu, rd.mutexWait, rd.wakeups)
				}
			}
		}
	}
	return readModel(t, b.String(), "pipeline.txt")
}

var (
	side25   = workLevel{25, 25}
	side250  = workLevel{250, 250}
	side2500 = workLevel{2500, 2500}
	uneven   = workLevel{25, 250}
)

// pipelineVals: iterpull wins with little work, mutexqueue with much;
// channels waits on its lock and stays above serial at 250 a side.
func pipelineVals() map[string]map[workLevel]float64 {
	return map[string]map[workLevel]float64{
		"serial":        {side25: 20, side250: 400, side2500: 4000, uneven: 210},
		"overlap-limit": {side25: 20, side250: 200, side2500: 2000, uneven: 205},
		"iterpull":      {side25: 40, side250: 420, side2500: 4100, uneven: 230},
		"mutexqueue":    {side25: 60, side250: 230, side2500: 2050, uneven: 260},
		"channels":      {side25: 80, side250: 450, side2500: 2600, uneven: 320},
		"chan-stream":   {side25: 75, side250: 445, side2500: 2500, uneven: 310},
	}
}

// TestPipelineFromAFile: the page's break-even, findings and table, and
// the decision table's rows with work, from a constructed file.
func TestPipelineFromAFile(t *testing.T) {
	m := pipelineFile(t, []int{1, 2}, pipelineVals())
	runs := m.pipelineRuns()
	require.Equal(t, []pipelineRun{{2, 256}, {1, 256}}, runs, "the headline run first")
	assert.Equal(t, []workLevel{side25, side250, side2500, uneven}, m.pipelineLevels(runs[0]))

	be, bests, ok := m.breakEven(runs[0])
	require.True(t, ok)
	require.Len(t, bests, 3)
	assert.Equal(t, "iterpull", bests[0].in.Impl)
	assert.Equal(t, "mutexqueue", bests[0].cross.Impl)
	// 60/40 at 25 a side, 230/420 at 250: ln 1.5 of ln 1.5 + ln(420/230)
	// of the way from 25 to 250, in logs.
	assert.Equal(t, edgeInside, be.est.where)
	assert.InDelta(t, 25*math.Pow(10, math.Log(1.5)/(math.Log(1.5)+math.Log(420.0/230))), be.est.at, 1)
	assert.True(t, be.interval(), "six paired rounds give an interval")

	one, _, ok := m.breakEven(runs[1])
	require.True(t, ok)
	assert.True(t, one.never, "at GOMAXPROCS=1 the rows that cross threads never win")

	fs := m.pipelineFindings()
	require.NotEmpty(t, fs)
	assert.Contains(t, fs[0], "Does crossing threads pay, and from how much work?")
	assert.Contains(t, fs[0], "interpolated between measured levels on a log axis")
	assert.Contains(t, fs[0], "stream, cap 256, GOMAXPROCS=1: at no level measured")
	find := func(prefix string) string {
		for _, f := range fs {
			if strings.HasPrefix(f, prefix) {
				return f
			}
		}
		return ""
	}
	sf := find("Which rows are slower than doing both works")
	require.NotEmpty(t, sf, "a finding on the rows slower than serial: %q", fs)
	assert.Contains(t, sf, "lock contention: channels (at 250 ns a side)", "read at the most work it is slower at")
	assert.Contains(t, sf, "turn-taking, one thread busy at a time: iterpull", "one thread busy where a perfect overlap keeps two")
	why, ok := m.slowerTable(runs[0])
	require.True(t, ok)
	var chRow []string
	for _, r := range why.Rows {
		if r[0] == "channels" {
			chRow = r
		}
	}
	require.NotNil(t, chRow, "channels is in the table of rows slower than serial")
	assert.Equal(t, "250 ns a side", chRow[2], "the reason is read at the most work it is slower at")
	assert.Contains(t, chRow[7], "lock contention: ", "a fifth of its wall time waiting on locks")
	assert.Contains(t, chRow[8], "chan-stream: ", "read against its mechanism at the same level")
	assert.Contains(t, find("Where does one core overlap"), "25 ns a side", "serial is the limit at 25 a side")

	tb, ok := m.pipelineTable(runs[0])
	require.True(t, ok)
	assert.Equal(t, []string{"row", "25 ns a side", "250 ns a side", "2.5 µs a side", "25 ns producer, 250 ns handler"}, tb.Header)
	require.Len(t, tb.Rows, 6)
	assert.Equal(t, []string{"mutexqueue", "channels", "iterpull", "chan-stream", "serial", "overlap-limit"}, []string{tb.Rows[0][0], tb.Rows[1][0], tb.Rows[2][0], tb.Rows[3][0], tb.Rows[4][0], tb.Rows[5][0]}, "rows, then mechanisms, then floors")
	assert.Equal(t, []string{"chan-stream"}, m.pipelineMechanisms(runs[0]))
	assert.True(t, strings.HasSuffix(tb.Rows[1][2], " †"), "channels is slower than serial at 250 a side: %q", tb.Rows[1][2])
	assert.False(t, strings.HasSuffix(tb.Rows[0][2], " †"), "mutexqueue is not: %q", tb.Rows[0][2])
	assert.Contains(t, tb.Rows[0][2], "1.15×", "mutexqueue's multiple of the limit, paired")

}

// TestPipelineAbsent: a file without the Pipeline benchmark has no
// findings about it, and its page is left out with the reason.
func TestPipelineAbsent(t *testing.T) {
	m := roundtrips(t, true, map[string][]float64{"mutexqueue": fast, "channels": slow})
	assert.Empty(t, m.pipelineFindings())
	p := m.pipelinePage()
	assert.True(t, p.Chartless)
	assert.Equal(t, []string{"no Pipeline results: a file from before the Pipeline benchmark, or a selection without it"}, m.notes[pipelineTitle])
}

// TestPipelineDecisions: page 1 gains, after the fire-and-forget row of
// one producer with a spare core, that row at each level of work the
// Pipeline measured, decided by the same rule as the others, a column for
// the work, and the sentence on the break-even; a file without the
// Pipeline keeps page 1 as it was.
func TestPipelineDecisions(t *testing.T) {
	m := pipelineFile(t, []int{1, 2}, pipelineVals())
	ss := m.tableSituations()
	at := slices.Index(ss, situation{spare: true})
	require.GreaterOrEqual(t, at, 0)
	for i, l := range []workLevel{side25, side250, side2500, uneven} {
		assert.Equal(t, situation{spare: true, pipe: true, work: l}, ss[at+1+i])
	}
	assert.Len(t, ss, len(situations)+4)
	small := m.decide(situation{spare: true, pipe: true, work: side25})
	assert.Equal(t, "iterpull", small.winner, small.why)
	assert.Equal(t, "with work per item, ns per item in the Pipeline's stream, cap 256, GOMAXPROCS=2", small.what)
	large := m.decide(situation{spare: true, pipe: true, work: side2500})
	assert.Equal(t, "mutexqueue", large.winner, large.why)
	assert.Contains(t, small.caveats, "burns 40 ns CPU per item (2.00× the work's own, serial's 20 ns)", "CPU is read against the work's, not the wall time")
	for _, c := range large.caveats {
		assert.NotContains(t, c, "p99", "a Latency stream has no work: its p99 is not this row's")
	}
	tab := m.decisionTable(m.decisions())
	assert.Equal(t, "work per item (nominal)", tab.Header[4])
	assert.Equal(t, "2.5 µs a side", tab.Rows[at+3][4])
	assert.Equal(t, "none", tab.Rows[0][4])
	assert.Contains(t, m.breakEvenSentence(), "Crossing threads pays from about ")
	assert.Contains(t, m.breakEvenSentence(), "interpolated between measured levels on a log axis")

	without := roundtrips(t, true, map[string][]float64{"mutexqueue": fast, "channels": slow})
	assert.Equal(t, situations, without.tableSituations())
	assert.Len(t, without.decisionTable(without.decisions()).Header, 9)
	assert.Empty(t, without.breakEvenSentence())
}
