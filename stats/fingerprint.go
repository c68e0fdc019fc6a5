package stats

import (
	"fmt"
	"maps"
	"math"
	"slices"
)

// A Probe is a benchmark every profile runs once a round that measures the
// machine rather than the code: the cross-core latency (two goroutines
// spinning on cache lines) and a plain call (the core's own speed). Their
// values round by round are the run's fingerprint: a probe that moves
// between rounds shows the machine moved (a VM's vCPUs placed elsewhere, a
// neighbour's load), and every comparison in those rounds moved with it.
type Probe struct {
	Name, What string
}

// Probes are the fingerprint's benchmarks, as their names read without the
// Benchmark prefix.
var Probes = []Probe{
	{"Floor/floor=atomic-spin-pingpong/mode=roundtrip/cap=0/payload=8B/work=0-2", "cross-core roundtrip"},
	{"Floor/floor=funccall/mode=roundtrip/cap=0/payload=8B/work=0", "plain call"},
}

// Shift is how far a probe's round may stray from the run's median before
// the round is flagged: the probes' own noise is a few per cent, so a
// quarter is the machine, not chance.
const Shift = 0.25

// A Print is one probe over a run: its value in each round, in round
// order, and its median.
type Print struct {
	Probe
	Rounds []int
	Values []float64
	Median float64
}

// Moved are the rounds whose value strays from the median by more than
// Shift, as "round 6 (0.26×)".
func (p Print) Moved() []string {
	var out []string
	for i, v := range p.Values {
		if r := v / p.Median; math.Abs(math.Log(r)) > math.Log1p(Shift) {
			out = append(out, fmt.Sprintf("round %d (%.2f×)", p.Rounds[i], r))
		}
	}
	return out
}

// Fingerprint is each probe the set has, round by round; nil where the set
// records no rounds or lacks the probe.
func (s *Set) Fingerprint() []Print {
	if !s.RecordsRounds() {
		return nil
	}
	byName := s.byName()
	var out []Print
	for _, pr := range Probes {
		k, ok := byName[pr.Name]
		if !ok {
			continue
		}
		byRound, err := s.ByRound(k, "ns/op")
		if err != nil {
			continue // two runs in one file: no one run to fingerprint
		}
		p := Print{Probe: pr}
		p.Rounds = slices.Sorted(maps.Keys(byRound))
		for _, r := range p.Rounds {
			p.Values = append(p.Values, byRound[r])
		}
		p.Median = median(slices.Clone(p.Values))
		out = append(out, p)
	}
	return out
}

// FingerprintWarnings says where two runs' machines differed by their
// probes' medians: what the comparison measures is then partly the machine.
// Within one interleaved run (regress) the two arms share every round, so
// a difference there is the code's effect on the probes themselves.
func FingerprintWarnings(old, new *Set) []string {
	var ws []string
	olds := map[string]Print{}
	for _, p := range old.Fingerprint() {
		olds[p.Name] = p
	}
	for _, p := range new.Fingerprint() {
		o, ok := olds[p.Name]
		if !ok || o.Median <= 0 {
			continue
		}
		if r := p.Median / o.Median; math.Abs(math.Log(r)) > math.Log1p(Shift) {
			ws = append(ws, fmt.Sprintf("the machine differed between the runs: its %s probe (%s) measured %.3g ns against %.3g ns, %.2f×; changes of that size are the machine's as much as the code's", p.What, p.Name, p.Median, o.Median, r))
		}
	}
	return ws
}
