package stats

import "slices"

// AllocsUnit is the unit the allocation rule reads.
const AllocsUnit = "allocs/op"

// An AllocChange is a benchmark whose allocations per op rose by at least
// one whole allocation: the median of its new values less the median of
// its old ones is 1 or more.
type AllocChange struct {
	Key      Key
	Old, New float64 // the medians
}

// MinAllocIters is the fewest ops in a benchmark's median run for the
// allocation rule to judge it (AllocRegressions).
const MinAllocIters = 100

// medianIters is the median b.N of k's timed runs, or 0 if none recorded it.
func (s *Set) medianIters(k Key) float64 {
	var ns []float64
	for _, n := range s.iters[k] {
		ns = append(ns, float64(n))
	}
	if len(ns) == 0 {
		return 0
	}
	return median(ns)
}

// AllocRegressions applies the allocation rule to every benchmark both sets
// have. Allocations per op are counted, not timed: a run does not allocate
// 0.9 times by chance, so a rise of a whole allocation in the median is a
// regression outright, with no test and outside the statistical family
// (where 0 against 0 could never reject but would still widen the family).
// A benchmark that reports no allocs/op on either side is skipped, and so
// is one whose runs were too short to tell an allocation per op from one
// per run: below MinAllocIters ops in the median run of either side, the
// runtime's own occasional allocation (a sudog, a timer) reads as a whole
// allocation per op at b.N=1, as it does in the Idle benchmark, whose op
// is 20 ms of idleness.
func AllocRegressions(old, new *Set) []AllocChange {
	var out []AllocChange
	oldKeys := old.byName()
	for _, k := range new.Keys() {
		ok, found := oldKeys[k.Name]
		if !found || !old.Has(ok, AllocsUnit) || !new.Has(k, AllocsUnit) {
			continue
		}
		if old.medianIters(ok) < MinAllocIters || new.medianIters(k) < MinAllocIters {
			continue
		}
		o := median(slices.Clone(old.Values(ok, AllocsUnit)))
		n := median(slices.Clone(new.Values(k, AllocsUnit)))
		if n-o >= 1 {
			out = append(out, AllocChange{Key: k, Old: o, New: n})
		}
	}
	return out
}
