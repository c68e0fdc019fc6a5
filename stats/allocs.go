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

// AllocRegressions applies the allocation rule to every benchmark both sets
// have. Allocations per op are counted, not timed: a run does not allocate
// 0.9 times by chance, so a rise of a whole allocation in the median is a
// regression outright, with no test and outside the statistical family
// (where 0 against 0 could never reject but would still widen the family).
// A benchmark that reports no allocs/op on either side is skipped.
func AllocRegressions(old, new *Set) []AllocChange {
	var out []AllocChange
	oldKeys := old.byName()
	for _, k := range new.Keys() {
		ok, found := oldKeys[k.Name]
		if !found || !old.Has(ok, AllocsUnit) || !new.Has(k, AllocsUnit) {
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
