package gate

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/handoffbench/handoff/resultfmt"
	"github.com/handoffbench/handoff/stats"
)

// ErrRegression and ErrUndecided are what a gate that does not pass
// returns, after printing why: a command exits 1 on the first and 2 on the
// second.
var (
	ErrRegression = errors.New("regression")
	ErrUndecided  = errors.New("undecided")
)

// ReportedUnits are shown beside the gated units when the files have them
// and they are not gated: CPU time measures nearly what wall time does, and
// gating on both would count one change twice.
var ReportedUnits = []string{"cpu-ns/op"}

// A Comparison is the gate on two results files (handoff compare): paired,
// in one look, when both come from one interleaved run; else each
// benchmark tested alone, with the correction of Options.
type Comparison struct {
	Old, New *stats.Set
	Gate     []string // the units gated, tested as one family
	Options  stats.CompareOptions
	Seq      stats.SequentialOptions // the paired test's
	Format   string                  // one of Formats
	Log      io.Writer               // the files' rounds and warnings; nil for none
	// CountThreshold is the rise in instructions/op that is a regression,
	// for the benchmarks both files counted (JudgeCounts).
	CountThreshold float64
}

// Units are the gated units of gate (each must be in one of the files,
// and allocs/op, ruled on apart, is refused), as TimedUnits, and the
// reported ones the files have.
func Units(old, new *stats.Set, gate []string) (gated, reported []string, err error) {
	has := func(u string) bool { return slices.Contains(old.UnitsSeen(), u) || slices.Contains(new.UnitsSeen(), u) }
	for _, u := range gate {
		if u == stats.AllocsUnit {
			return nil, nil, fmt.Errorf("-units: %s is not tested but ruled on: a whole extra allocation per op is a regression", u)
		}
		if !has(u) {
			return nil, nil, fmt.Errorf("-units: neither %s nor %s reports %q (they have %s)", old.Path, new.Path, u, strings.Join(new.UnitsSeen(), ", "))
		}
	}
	gated = TimedUnits(gate)
	for _, u := range ReportedUnits {
		if has(u) && !slices.Contains(gated, u) {
			reported = append(reported, u)
		}
	}
	return gated, reported, nil
}

// TimedUnits are the units of gate that the timed test gates, for compare
// and regress alike: allocs/op is ruled on apart, and instructions/op is
// not tested with the timings, since the benchmarks both sides counted are
// judged on their counts whatever the units (JudgeCounts); with nothing
// left, the rest are gated on ns/op.
func TimedUnits(gate []string) []string {
	timed := slices.DeleteFunc(slices.Clone(gate), func(u string) bool { return u == stats.AllocsUnit || u == resultfmt.InstructionsUnit })
	if len(timed) == 0 {
		return []string{"ns/op"}
	}
	return timed
}

// Judge prints the verdict to stdout and returns nil, or an error wrapping
// ErrRegression or ErrUndecided.
func (c Comparison) Judge(stdout io.Writer) error {
	log := c.Log
	if log == nil {
		log = io.Discard
	}
	fmt.Fprintf(log, "compare: old: %s: %s\n", c.Old.Path, c.Old.RoundsSummary())
	fmt.Fprintf(log, "compare: new: %s: %s\n", c.New.Path, c.New.RoundsSummary())
	gated, reported, err := Units(c.Old, c.New, c.Gate)
	if err != nil {
		return err
	}
	if ok, why := stats.Pairable(c.Old, c.New); !ok {
		return c.unpaired(stdout, gated, reported, why)
	}
	o, err := ComparePaired(c.Old, c.New, c.Seq, gated, reported, c.CountThreshold)
	if err != nil {
		return err
	}
	for _, w := range inputWarnings(c.Old, c.New) {
		fmt.Fprintf(log, "compare: warning: %s\n", w)
	}
	return Verdict(stdout, o, false, c.Format)
}

// unpaired is the one-look test of two independent samples.
func (c Comparison) unpaired(stdout io.Writer, gated, reported []string, why string) error {
	o := c.Options
	o.Units, o.Report = gated, reported
	cmp, err := stats.Compare(c.Old, c.New, o)
	if err != nil {
		return err
	}
	cmp.Warnings = append(inputWarnings(c.Old, c.New), cmp.Warnings...)
	u := &Unpaired{Comparison: cmp, Why: why, Allocs: stats.AllocRegressions(c.Old, c.New), Counted: JudgeCounts(c.Old, c.New, c.CountThreshold), CountThreshold: c.CountThreshold}
	if err := Write(stdout, u, c.Old.Path, c.New.Path, c.Format); err != nil {
		return err
	}
	switch {
	case u.Regressed():
		return fmt.Errorf("%w: %d benchmark(s) got worse", ErrRegression, u.Regressions())
	case u.Undecided():
		return fmt.Errorf("%w: %d comparison(s) could not be decided", ErrUndecided, cmp.Count(stats.Inconclusive))
	}
	return nil
}

// Verdict prints a paired outcome in format and returns nil, or an error
// wrapping ErrRegression or ErrUndecided.
func Verdict(stdout io.Writer, o *Outcome, sequential bool, format string) error {
	if err := WritePaired(stdout, o, sequential, format); err != nil {
		return err
	}
	switch {
	case o.Regressed():
		return fmt.Errorf("%w: %d benchmark(s) got worse", ErrRegression, o.Regressions())
	case o.Undecided():
		return fmt.Errorf("%w: %d benchmark(s) undecided after %d rounds", ErrUndecided, len(o.Look.Undecided()), o.Look.Look.Rounds)
	}
	return nil
}

// inputWarnings are what reading the two files found wrong with them (a
// cut last line, uneven rounds, several runs in one file), first among the
// verdict's warnings in every format; a file compared with itself says
// them once.
func inputWarnings(old, new *stats.Set) []string {
	ws := slices.Clone(old.Warnings())
	if new.Path != old.Path {
		ws = append(ws, new.Warnings()...)
	}
	return ws
}

// Options reads the gate's settings as flags give them — the family's α,
// the smallest slowdown that counts, the correction (holm, bh or none),
// the slowdown the paired test is built to catch and its β, the rise in a
// count that is a regression (checked here, used as given), the output
// format — into the options of both tests, or an error that names the
// flag.
func Options(alpha, minEffect float64, correction string, effect, beta, countThreshold float64, format string) (stats.CompareOptions, stats.SequentialOptions, error) {
	var seq stats.SequentialOptions
	if !(countThreshold > 0 && countThreshold < 1) {
		return stats.CompareOptions{}, seq, fmt.Errorf("-count-threshold %v: want a fraction between 0 and 1, such as 0.01 for 1%%", countThreshold)
	}
	if !slices.Contains(Formats, format) {
		return stats.CompareOptions{}, seq, fmt.Errorf("-format %q: want one of %s", format, strings.Join(Formats, ", "))
	}
	cmp, err := CompareOptions(alpha, minEffect, correction)
	if err != nil {
		return cmp, seq, err
	}
	seq = stats.DefaultSequentialOptions()
	seq.Alpha, seq.MinEffect, seq.Effect, seq.Beta = cmp.Alpha, cmp.MinEffect, effect, beta
	if err := seq.Check(); err != nil {
		return cmp, seq, fmt.Errorf("-effect or -beta: %w", err)
	}
	if effect < cmp.MinEffect {
		return cmp, seq, fmt.Errorf("-effect %v is below -min-effect %v: a benchmark could pass and fail at once", effect, cmp.MinEffect)
	}
	return cmp, seq, nil
}

// CompareOptions reads the unpaired test's settings (the report's
// comparison page takes them too), or an error that names the flag.
func CompareOptions(alpha, minEffect float64, correction string) (stats.CompareOptions, error) {
	c, err := stats.ParseCorrection(correction)
	if err != nil {
		return stats.CompareOptions{}, fmt.Errorf("-correction: %w", err)
	}
	if alpha <= 0 || alpha >= 1 {
		return stats.CompareOptions{}, fmt.Errorf("-alpha %v: want a value between 0 and 1", alpha)
	}
	if minEffect < 0 {
		return stats.CompareOptions{}, fmt.Errorf("-min-effect %v: want a value of at least 0", minEffect)
	}
	o := stats.DefaultCompareOptions()
	o.Alpha, o.MinEffect, o.Correction = alpha, minEffect, c
	return o, nil
}
