package stats

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/handoffbench/handoff/resultfmt"
)

// CompareOptions set what counts as a regression. Make them with
// DefaultCompareOptions and change what you need: a MinEffect of 0 is then
// honoured. (The zero CompareOptions{} also means the defaults, for
// callers that set nothing; a value with any field set is taken as given,
// except that an unset Alpha, Correction or Units — never meaningful — takes
// its default.)
type CompareOptions struct {
	// Alpha is the error rate the correction holds across the whole
	// comparison (0.05 by default).
	Alpha float64
	// MinEffect is the smallest relative change that counts, in the bad
	// direction for a regression (0.05, i.e. 5%, by default): a real but
	// tiny change is not worth a red build. 0 counts every significant
	// change.
	MinEffect float64
	// Correction for testing many benchmarks at once (Holm by default).
	Correction Correction
	// Units to compare: the statistical family (ns/op, cpu-ns/op and
	// allocs/op by default).
	Units []string
	// Report are units compared and shown beside the family but never
	// gated on: their p-values are each test alone, and their verdict
	// Reported.
	Report []string
}

// DefaultUnits are the units compared unless told otherwise: wall time,
// CPU time and allocations, the costs the suite promises to track.
var DefaultUnits = []string{"ns/op", "cpu-ns/op", "allocs/op"}

// DefaultCompareOptions: alpha 0.05 for the family, Holm, a 5% minimum
// effect, DefaultUnits.
func DefaultCompareOptions() CompareOptions {
	return CompareOptions{Alpha: 0.05, MinEffect: 0.05, Correction: Holm, Units: DefaultUnits}
}

func (o *CompareOptions) fill() {
	if o.Alpha == 0 && o.MinEffect == 0 && o.Correction == "" && o.Units == nil && o.Report == nil {
		*o = DefaultCompareOptions()
		return
	}
	d := DefaultCompareOptions()
	if o.Alpha == 0 {
		o.Alpha = d.Alpha
	}
	if o.Correction == "" {
		o.Correction = d.Correction
	}
	if o.Units == nil {
		o.Units = d.Units
	}
}

// A Verdict is what a comparison concludes of one benchmark in one unit.
type Verdict string

const (
	Unchanged    Verdict = "unchanged"    // no significant change, or one below the minimum effect
	Regression   Verdict = "regression"   // significant, and its estimate worse by at least the minimum effect
	Improvement  Verdict = "improvement"  // significant, and its estimate better by at least the minimum effect
	Inconclusive Verdict = "inconclusive" // too few values for any change to reach significance
)

// A Delta is one benchmark in one unit, old against new.
type Delta struct {
	Key      Key
	Unit     string
	Old, New Summary
	Change   float64 // new center / old center − 1 (±Inf from a zero center)
	P        float64 // Mann–Whitney U, two-sided
	Adjusted float64 // P after the correction
	Verdict  Verdict
	Note     string
	minP     float64 // the smallest P these values' ties allow
}

// A Comparison is the result of comparing two result sets.
type Comparison struct {
	CompareOptions
	Deltas   []Delta
	Reported []Delta  // the units of Report: shown, not gated
	OnlyOld  []string // benchmarks missing from the new results
	OnlyNew  []string // benchmarks new in the new results
	Warnings []string
}

// Regressions are the deltas with verdict Regression.
func (c *Comparison) Regressions() []Delta { return c.filter(Regression) }

// Count is how many deltas have verdict v.
func (c *Comparison) Count(v Verdict) int { return len(c.filter(v)) }

func (c *Comparison) filter(v Verdict) []Delta {
	var ds []Delta
	for _, d := range c.Deltas {
		if d.Verdict == v {
			ds = append(ds, d)
		}
	}
	return ds
}

// Compare compares every benchmark the two sets share, in every unit of
// opts.Units both report, and decides each: a Mann–Whitney U test per
// benchmark and unit, the family's p-values corrected together, and a
// minimum effect in the unit's bad direction (from the new set's Unit
// lines, else the usual defaults).
func Compare(old, new *Set, opts CompareOptions) (*Comparison, error) {
	opts.fill()
	if opts.Alpha <= 0 || opts.Alpha >= 1 {
		return nil, fmt.Errorf("alpha %v: want a value between 0 and 1", opts.Alpha)
	}
	if opts.MinEffect < 0 {
		return nil, fmt.Errorf("minimum effect %v: want a value of at least 0", opts.MinEffect)
	}
	c := &Comparison{CompareOptions: opts}
	oldKeys := map[string]Key{}
	for _, k := range old.Keys() {
		oldKeys[k.Name] = k
	}
	seen := map[string]bool{}
	for _, k := range new.Keys() {
		seen[k.Name] = true
		ok, found := oldKeys[k.Name]
		if !found {
			c.OnlyNew = append(c.OnlyNew, k.Name)
			continue
		}
		for _, unit := range append(slices.Clone(opts.Units), opts.Report...) {
			if !old.Has(ok, unit) || !new.Has(k, unit) {
				continue
			}
			as := new.Units.GetAssumption(unit)
			d := Delta{Key: k, Unit: unit}
			d.Old = summarize(old.Values(ok, unit), as)
			d.New = summarize(new.Values(k, unit), as)
			d.P = compare(old.Values(ok, unit), new.Values(k, unit), as).P
			d.Change = change(d.Old.Center, d.New.Center)
			if slices.Contains(opts.Units, unit) {
				d.minP = minPTied(old.Values(ok, unit), new.Values(k, unit), as)
				c.Deltas = append(c.Deltas, d)
				continue
			}
			d.Adjusted, d.Verdict = d.P, Reported
			c.Reported = append(c.Reported, d)
		}
	}
	for _, k := range old.Keys() {
		if !seen[k.Name] {
			c.OnlyOld = append(c.OnlyOld, k.Name)
		}
	}
	if len(c.Deltas) == 0 {
		return nil, fmt.Errorf("%s and %s share no benchmark in %v", old.Path, new.Path, opts.Units)
	}
	slices.SortStableFunc(c.Reported, func(a, b Delta) int { return cmp.Compare(a.P, b.P) })
	ps := make([]float64, len(c.Deltas))
	for i, d := range c.Deltas {
		ps[i] = d.P
	}
	adj := opts.Correction.Adjust(ps)
	m := len(c.Deltas)
	inconclusive := 0
	for i := range c.Deltas {
		d := &c.Deltas[i]
		d.Adjusted = adj[i]
		lowerBetter := new.LowerIsBetter(d.Unit)
		worse := (d.Change > 0) == lowerBetter && d.Change != 0
		switch {
		case d.Adjusted <= opts.Alpha && math.Abs(d.Change) >= opts.MinEffect:
			d.Verdict = Improvement
			if worse {
				d.Verdict = Regression
			}
		case d.Adjusted <= opts.Alpha:
			d.Verdict = Unchanged
			d.Note = fmt.Sprintf("significant, but %+.1f%% is below the minimum effect of %.0f%%", 100*d.Change, 100*opts.MinEffect)
		case lone(d.minP, m, opts.Correction) > opts.Alpha:
			d.Verdict = Inconclusive
			d.Note = fmt.Sprintf("%d and %d values (ties counted) cannot reach significance among %d tests", d.Old.N, d.New.N, m)
			inconclusive++
		default:
			d.Verdict = Unchanged
		}
	}
	c.Warnings = append(c.Warnings, envWarnings(old, new)...)
	if inconclusive > 0 {
		c.Warnings = append(c.Warnings, fmt.Sprintf("%d of %d comparisons have too few values to decide anything: with %d tests and alpha %v, each side needs at least %d values (rounds) — a floor, at which only samples that do not overlap at all can decide; a change within this machine's noise needs many more (regress pairs the rounds and adds them until it decides)",
			inconclusive, m, m, opts.Alpha, RoundsNeeded(m, opts.Alpha, opts.Correction)))
	}
	if len(c.OnlyOld) > 0 {
		c.Warnings = append(c.Warnings, fmt.Sprintf("%d benchmarks of the old results are missing from the new: %s", len(c.OnlyOld), list(c.OnlyOld)))
	}
	if len(c.OnlyNew) > 0 {
		c.Warnings = append(c.Warnings, fmt.Sprintf("%d benchmarks are new, with nothing to compare to: %s", len(c.OnlyNew), list(c.OnlyNew)))
	}
	slices.SortStableFunc(c.Deltas, func(a, b Delta) int { return cmp.Compare(a.Adjusted, b.Adjusted) })
	return c, nil
}

// envWarnings says where the two runs did not share a machine, a day or
// their settings: the comparison then measures those as much as the code.
func envWarnings(old, new *Set) []string {
	var ws []string
	differs := func(key string) bool {
		a, b := strings.TrimSpace(old.Config[key]), strings.TrimSpace(new.Config[key])
		return a != "" && b != "" && a != b
	}
	for _, key := range []string{"cpu", "goos", "goarch"} {
		if differs(key) {
			ws = append(ws, fmt.Sprintf("the runs were on different machines (%s: %q against %q): the comparison measures the machines as much as the code; make regress runs both sides on one", key, old.Config[key], new.Config[key]))
			break
		}
	}
	for _, key := range []string{resultfmt.KeyProfile, resultfmt.KeyBenchtime} {
		if differs(key) {
			ws = append(ws, fmt.Sprintf("the runs used different settings (%s: %s against %s)", key, old.Config[key], new.Config[key]))
		}
	}
	if differs(resultfmt.KeyGo) {
		ws = append(ws, fmt.Sprintf("the runs used different Go versions (%s against %s): that is part of what is compared", old.Config[resultfmt.KeyGo], new.Config[resultfmt.KeyGo]))
	}
	ws = append(ws, FingerprintWarnings(old, new)...)
	t1, err1 := time.Parse(time.RFC3339, old.Config[resultfmt.KeyDate])
	t2, err2 := time.Parse(time.RFC3339, new.Config[resultfmt.KeyDate])
	if err1 == nil && err2 == nil {
		if d := t2.Sub(t1).Abs(); d > 24*time.Hour {
			ws = append(ws, fmt.Sprintf("the runs are %.0f days apart: a machine drifts between days; make regress runs both sides in one sitting", d.Hours()/24))
		}
	}
	return ws
}

// lone is the adjusted p a test would get with p-value p if it were the
// only change among m tests.
func lone(p float64, m int, c Correction) float64 {
	if c == None {
		return p
	}
	return math.Min(1, p*float64(m))
}

func change(old, new float64) float64 {
	switch {
	case old == new:
		return 0
	case old == 0:
		return math.Copysign(math.Inf(1), new)
	}
	return new/old - 1
}

func list(names []string) string {
	if len(names) > 5 {
		return fmt.Sprintf("%v and %d more", names[:5], len(names)-5)
	}
	return fmt.Sprint(names)
}
