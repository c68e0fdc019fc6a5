package stats

import (
	"slices"
	"strings"

	"golang.org/x/perf/benchmath"
)

// Confidence is the level of every interval, as benchstat's default.
const Confidence = 0.95

// A Summary is a benchmark's center in one unit — the median, unless the
// unit's Unit line says assume=exact — with its confidence interval, and
// the number of values it came from.
type Summary struct {
	benchmath.Summary
	N int
}

// Summary summarises benchmark k in unit; false if k has no such values.
func (s *Set) Summary(k Key, unit string) (Summary, bool) {
	vals := s.Values(k, unit)
	if len(vals) == 0 {
		return Summary{}, false
	}
	return summarize(vals, s.Units.GetAssumption(unit)), true
}

// Center is the summary's center, or 0 when k has no values in unit.
func (s *Set) Center(k Key, unit string) float64 {
	sum, _ := s.Summary(k, unit)
	return sum.Center
}

func summarize(vals []float64, a benchmath.Assumption) Summary {
	sample := benchmath.NewSample(slices.Clone(vals), &benchmath.DefaultThresholds)
	return Summary{a.Summary(sample, Confidence), len(vals)}
}

// Compare tests whether benchmarks a and b of the set differ in unit, as
// benchstat would between two columns: Mann–Whitney U under the default
// assumption, alpha 0.05.
func (s *Set) Compare(a, b Key, unit string) benchmath.Comparison {
	return compare(s.Values(a, unit), s.Values(b, unit), s.Units.GetAssumption(unit))
}

func compare(a, b []float64, as benchmath.Assumption) benchmath.Comparison {
	sa := benchmath.NewSample(slices.Clone(a), &benchmath.DefaultThresholds)
	sb := benchmath.NewSample(slices.Clone(b), &benchmath.DefaultThresholds)
	return as.Compare(sa, sb)
}

// LowerIsBetter says which way unit improves: as its Unit line says
// (better=lower or better=higher), else higher for rates (…/s), lower for
// everything else (times, bytes, allocations per op).
func (s *Set) LowerIsBetter(unit string) bool {
	switch s.Units.GetBetter(unit) {
	case 1:
		return false
	case -1:
		return true
	}
	return !strings.HasSuffix(unit, "/s")
}
