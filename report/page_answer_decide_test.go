package report

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/handoffbench/handoff"
	"github.com/handoffbench/handoff/resultfmt"
)

// described are the rows roundtrips records: two that cross to a
// goroutine and take many producers, and a coroutine that takes one.
var described = []resultfmt.Row{
	{Name: "mutexqueue", Kind: resultfmt.Implementation, Summary: "a locked ring", Sync: resultfmt.SyncMutex, Wait: resultfmt.WaitPark,
		Traits: &handoff.Traits{ConcurrentProducers: true, MaxCapacity: 64}},
	{Name: "channels", Kind: resultfmt.Implementation, Summary: "channels", Sync: resultfmt.SyncChannel, Wait: resultfmt.WaitPark,
		Traits: &handoff.Traits{ConcurrentProducers: true, MaxCapacity: 64}},
	{Name: "iterpull", Kind: resultfmt.Implementation, Summary: "a coroutine", Sync: resultfmt.SyncCoroutine, Wait: resultfmt.WaitNone,
		Traits: &handoff.Traits{DetectsReentry: true, Synchronous: true, MaxCapacity: 64}},
}

// roundtrips is a results file of roundtrips at GOMAXPROCS=2 that
// describes its rows, one line per implementation per round, each
// implementation's values in rounds order; paired files record the rounds.
func roundtrips(t *testing.T, paired bool, vals map[string][]float64) *model {
	t.Helper()
	return synthetic(t, paired, described, vals)
}

// synthetic is roundtrips' file with the rows rs described, or none.
func synthetic(t *testing.T, paired bool, rs []resultfmt.Row, vals map[string][]float64) *model {
	t.Helper()
	var b strings.Builder
	writeHeader(t, &b, rs)
	for r := range 6 {
		if paired {
			fmt.Fprintf(&b, "round: %d\n", r+1)
		}
		pos := 0
		for _, impl := range []string{"mutexqueue", "channels", "iterpull"} {
			vs, ok := vals[impl]
			if !ok {
				continue
			}
			pos++
			if paired {
				fmt.Fprintf(&b, "arm-position: %d\n", pos)
			}
			fmt.Fprintf(&b, "BenchmarkHandoff/impl=%s/mode=roundtrip/cap=0/payload=8B/work=0-2 1000 %g ns/op %g cpu-ns/op 0 allocs/op\n", impl, vs[r], vs[r])
		}
	}
	return readModel(t, b.String(), "synthetic.txt")
}

var (
	fast = []float64{100, 101, 99, 102, 100, 98}
	slow = []float64{200, 203, 198, 201, 199, 202}
	// tied is fast, one round above and the next below: a tie.
	tied = []float64{101, 100, 100, 101, 99, 99}
)

// TestDecisionFollowsTheData: the row names whichever implementation the
// file shows faster, with the other as runner-up, paired or not.
func TestDecisionFollowsTheData(t *testing.T) {
	reply := situation{reply: true, spare: true}
	for _, paired := range []bool{true, false} {
		d := roundtrips(t, paired, map[string][]float64{"mutexqueue": fast, "channels": slow}).decide(reply)
		assert.Equal(t, "mutexqueue", d.winner, "paired=%v: %s", paired, d.why)
		assert.Equal(t, "channels", d.runnerUp)
		assert.InDelta(t, 2, d.ratio.Ratio, 0.1)

		d = roundtrips(t, paired, map[string][]float64{"mutexqueue": slow, "channels": fast}).decide(reply)
		assert.Equal(t, "channels", d.winner, "paired=%v: %s", paired, d.why)
		assert.Equal(t, "mutexqueue", d.runnerUp)
	}
}

// TestDecisionTieIsUndecided: two rows within each other's intervals name
// no winner, and say which two tie.
func TestDecisionTieIsUndecided(t *testing.T) {
	for _, paired := range []bool{true, false} {
		m := roundtrips(t, paired, map[string][]float64{"mutexqueue": fast, "channels": tied, "iterpull": slow})
		d := m.decide(situation{reply: true, spare: true})
		assert.Empty(t, d.winner, "paired=%v", paired)
		assert.Contains(t, d.why, "tie")
		assert.Contains(t, d.why, "mutexqueue")
		assert.Contains(t, d.why, "channels")
		row := m.decisionTable([]decision{d}).Rows[0]
		assert.Equal(t, "undecided", row[5])
	}
}

// TestDecisionEligibility: traits decide who may win, and caveats say what
// the winner lacks (iterpull serves one producer only); situations the run
// did not measure are undecided, never guessed.
func TestDecisionEligibility(t *testing.T) {
	m := roundtrips(t, true, map[string][]float64{"mutexqueue": slow, "channels": fast, "iterpull": []float64{10, 11, 10, 9, 10, 11}})
	assert.Equal(t, "iterpull", m.decide(situation{reply: true, spare: true}).winner)
	own := m.decide(situation{reply: true, own: true, spare: true})
	assert.Equal(t, "iterpull", own.winner, "iterpull's handler runs on a coroutine goroutine: %s", own.why)
	assert.Contains(t, own.caveats, "one producer only")

	for _, s := range []situation{
		{reply: true, many: true, spare: true}, // no benchmark measures it
		{reply: true},                          // only GOMAXPROCS=2 was run
		{spare: true},                          // no stream was run
		{many: true, spare: true},              // no Contention was run
		{tail: true, spare: true},              // no Latency was run
	} {
		d := m.decide(s)
		assert.Empty(t, d.winner, "%+v", s)
		assert.NotEmpty(t, d.why, "%+v", s)
	}
}

// TestDecisionWithoutTraits: a file that does not describe its rows names
// a winner where no trait is needed, and where one is, says the traits are
// not recorded instead of guessing.
func TestDecisionWithoutTraits(t *testing.T) {
	m := synthetic(t, true, nil, map[string][]float64{"mutexqueue": slow, "channels": fast, "iterpull": []float64{10, 11, 10, 9, 10, 11}})
	d := m.decide(situation{reply: true, spare: true})
	assert.Equal(t, "iterpull", d.winner)
	assert.Equal(t, []string{"traits not recorded"}, d.caveats)
	own := m.decide(situation{reply: true, own: true, spare: true})
	assert.Empty(t, own.winner)
	assert.Equal(t, "the traits that say who may serve it are not recorded for 3 of the implementations: roundtrip ns/op, GOMAXPROCS=2", own.why)
}
