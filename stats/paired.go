package stats

import (
	"fmt"
	"math"
	"slices"

	"github.com/handoffbench/handoff/resultfmt"
)

// A Series is one benchmark in one unit, old against new round by round:
// for each round both ran in, d = ln(new/old).
type Series struct {
	Key      Key
	Unit     string
	Rounds   []int     // ascending
	D        []float64 // ln(new/old), one per round
	Old, New []float64 // the values, one per round
}

// Name is the series' benchmark and unit, unique within a comparison.
func (s Series) Name() string { return s.Key.Name + " " + s.Unit }

// Pairable says whether old and new can be compared round by round, and
// if not, why: both must record every result's round and arm position, and
// come from one interleaved run — the same order seed and start date, as
// regress writes them — in which each round ran the two arms of a benchmark
// back to back, at different positions.
func Pairable(old, new *Set) (bool, string) {
	switch {
	case !old.RecordsRounds() || !new.RecordsRounds():
		return false, "the files do not record each result's round"
	case old.Config[resultfmt.KeyOrderSeed] == "" || old.Config[resultfmt.KeyOrderSeed] != new.Config[resultfmt.KeyOrderSeed] || old.Config[resultfmt.KeyDate] != new.Config[resultfmt.KeyDate]:
		return false, "the files record rounds, but not of one interleaved run (their order-seed or date differ)"
	}
	oldKeys := old.byName()
	for _, k := range new.Keys() {
		ok, found := oldKeys[k.Name]
		if !found {
			continue
		}
		olds := map[int]int{}
		for _, pl := range old.Places(ok, "ns/op") {
			olds[pl.Round] = pl.Position
		}
		for _, pl := range new.Places(k, "ns/op") {
			if pos, ok := olds[pl.Round]; ok && pos == pl.Position {
				return false, fmt.Sprintf("%s ran at position %d on both sides in round %d: not one interleaved run", k.Name, pos, pl.Round)
			}
		}
	}
	return true, ""
}

// Pair matches old and new round by round, for every benchmark both have,
// in each of units both report. A benchmark that ran twice in one round on
// a side is an error; a value that is not positive (no logarithm) leaves
// its round out of that series.
func Pair(old, new *Set, units []string) ([]Series, error) {
	var out []Series
	oldKeys := old.byName()
	for _, k := range new.Keys() {
		ok, found := oldKeys[k.Name]
		if !found {
			continue
		}
		for _, unit := range units {
			o, err := old.ByRound(ok, unit)
			if err != nil {
				return nil, err
			}
			n, err := new.ByRound(k, unit)
			if err != nil {
				return nil, err
			}
			s := Series{Key: k, Unit: unit}
			for round, nv := range n {
				if ov, ok := o[round]; ok && ov > 0 && nv > 0 {
					s.Rounds = append(s.Rounds, round)
				}
			}
			if len(s.Rounds) == 0 {
				continue
			}
			slices.Sort(s.Rounds)
			for _, round := range s.Rounds {
				s.Old = append(s.Old, o[round])
				s.New = append(s.New, n[round])
				s.D = append(s.D, math.Log(n[round]/o[round]))
			}
			out = append(out, s)
		}
	}
	return out, nil
}

// byName maps each benchmark's full name to its key: old and new are
// matched by name, as Compare does.
func (s *Set) byName() map[string]Key {
	m := make(map[string]Key, len(s.keys))
	for _, k := range s.keys {
		m[k.Name] = k
	}
	return m
}

// ByRound is benchmark k's value in unit in each round it ran, by round
// number; an error if it ran twice in one round (two runs in one file).
// Empty where the set records no rounds.
func (s *Set) ByRound(k Key, unit string) (map[int]float64, error) {
	m := map[int]float64{}
	vals := s.Values(k, unit)
	for i, pl := range s.Places(k, unit) {
		if _, dup := m[pl.Round]; dup {
			return nil, fmt.Errorf("%s: %s ran twice in round %d", s.Path, k.Name, pl.Round)
		}
		m[pl.Round] = vals[i]
	}
	return m, nil
}
