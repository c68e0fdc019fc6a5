package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/handoffbench/handoff/gate"
	"github.com/handoffbench/handoff/stats"
)

// errRegression and errUndecided are what compare and regress return when
// the gate does not pass, after printing why: main exits 1 on the first
// and 2 on the second.
var (
	errRegression = errors.New("regression")
	errUndecided  = errors.New("undecided")
)

func runCompare(_ context.Context, stdout, stderr io.Writer, args []string) error {
	fs := newFlags("compare", stderr, "-old <file> -new <file> [flags]")
	oldPath := fs.String("old", "", "the baseline results file (required)")
	newPath := fs.String("new", "", "the results file to judge (required)")
	g := addGateFlags(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if *oldPath == "" || *newPath == "" {
		return errors.New("compare: -old and -new are both required (make compare OLD=<file> NEW=<file>; handoff compare -h lists the flags)")
	}
	if err := g.check(); err != nil {
		return err
	}
	old, err := stats.Load(*oldPath)
	if err != nil {
		return fmt.Errorf("compare: -old: %w", err)
	}
	new, err := stats.Load(*newPath)
	if err != nil {
		return fmt.Errorf("compare: -new: %w", err)
	}
	describe(stderr, "compare", old, new)
	gated, reported, err := g.units(old, new)
	if err != nil {
		return err
	}
	if ok, why := stats.Pairable(old, new); !ok {
		return judgeUnpaired(stdout, old, new, g, gated, reported, why)
	}
	o, err := gate.ComparePaired(old, new, g.seq, gated, reported)
	if err != nil {
		return err
	}
	for _, w := range inputWarnings(old, new) {
		fmt.Fprintf(stderr, "compare: warning: %s\n", w)
	}
	return verdict(stdout, o, false, *g.format)
}

// gateFlags are the flags compare and regress share.
type gateFlags struct {
	format, gate *string
	compare      func() (stats.CompareOptions, error)
	effect, beta *float64
	cmp          stats.CompareOptions
	seq          stats.SequentialOptions
}

// reportedUnits are shown beside the gated units when the files have them
// and they are not gated: CPU time measures nearly what wall time does, and
// gating on both would count one change twice.
var reportedUnits = []string{"cpu-ns/op"}

func addGateFlags(fs *flag.FlagSet) *gateFlags {
	d := stats.DefaultSequentialOptions()
	return &gateFlags{
		format:  fs.String("format", "text", "output: text, markdown (for a CI job summary) or json"),
		gate:    fs.String("units", "ns/op", "comma-separated units to gate on, tested as one family (add cpu-ns/op to gate on CPU time too; it is reported either way); allocs/op has its own rule"),
		compare: compareFlags(fs),
		effect:  fs.Float64("effect", d.Effect, "the slowdown the paired test is built to catch: a benchmark passes once its upper bound is below it (0.10 = 10%)"),
		beta:    fs.Float64("beta", d.Beta, "the paired test's chance of passing a benchmark slower by -effect"),
	}
}

// check validates the flags once parsed and fills in the options.
func (g *gateFlags) check() error {
	if !slices.Contains(gate.Formats, *g.format) {
		return fmt.Errorf("-format %q: want one of %s", *g.format, strings.Join(gate.Formats, ", "))
	}
	o, err := g.compare()
	if err != nil {
		return err
	}
	g.cmp = o
	g.seq = stats.DefaultSequentialOptions()
	g.seq.Alpha, g.seq.MinEffect, g.seq.Effect, g.seq.Beta = o.Alpha, o.MinEffect, *g.effect, *g.beta
	if err := g.seq.Check(); err != nil {
		return fmt.Errorf("-effect or -beta: %w", err)
	}
	if *g.effect < o.MinEffect {
		return fmt.Errorf("-effect %v is below -min-effect %v: a benchmark could pass and fail at once", *g.effect, o.MinEffect)
	}
	return nil
}

// units are the gated units (each must be in one of the files) and the
// reported ones the files have.
func (g *gateFlags) units(old, new *stats.Set) (gated, reported []string, err error) {
	has := func(u string) bool { return slices.Contains(old.UnitsSeen(), u) || slices.Contains(new.UnitsSeen(), u) }
	for _, u := range strings.Split(*g.gate, ",") {
		if u == stats.AllocsUnit {
			return nil, nil, fmt.Errorf("-units: %s is not tested but ruled on: a whole extra allocation per op is a regression", u)
		}
		if !has(u) {
			return nil, nil, fmt.Errorf("-units: neither %s nor %s reports %q (they have %s)", old.Path, new.Path, u, strings.Join(new.UnitsSeen(), ", "))
		}
		gated = append(gated, u)
	}
	for _, u := range reportedUnits {
		if has(u) && !slices.Contains(gated, u) {
			reported = append(reported, u)
		}
	}
	return gated, reported, nil
}

// judgeUnpaired is compare's one-look test of two independent samples.
func judgeUnpaired(stdout io.Writer, old, new *stats.Set, g *gateFlags, gated, reported []string, why string) error {
	o := g.cmp
	o.Units, o.Report = gated, reported
	c, err := stats.Compare(old, new, o)
	if err != nil {
		return err
	}
	c.Warnings = append(inputWarnings(old, new), c.Warnings...)
	u := &gate.Unpaired{Comparison: c, Why: why, Allocs: stats.AllocRegressions(old, new)}
	if err := gate.Write(stdout, u, old.Path, new.Path, *g.format); err != nil {
		return err
	}
	switch {
	case u.Regressed():
		return fmt.Errorf("%w: %d benchmark(s) got worse", errRegression, c.Count(stats.Regression)+len(u.Allocs))
	case u.Undecided():
		return fmt.Errorf("%w: %d comparison(s) could not be decided", errUndecided, c.Count(stats.Inconclusive))
	}
	return nil
}

// verdict prints a paired outcome and returns the error main exits on.
func verdict(stdout io.Writer, o *gate.Outcome, sequential bool, format string) error {
	if err := gate.WritePaired(stdout, o, sequential, format); err != nil {
		return err
	}
	switch {
	case o.Regressed():
		return fmt.Errorf("%w: %d benchmark(s) got worse", errRegression, o.Look.Count(stats.Regression)+len(o.Allocs))
	case o.Undecided():
		return fmt.Errorf("%w: %d benchmark(s) undecided after %d rounds", errUndecided, len(o.Look.Undecided()), o.Look.Look.Rounds)
	}
	return nil
}

// describe says on stderr how many rounds each benchmark of the two files
// has, whatever the output format.
func describe(stderr io.Writer, cmd string, old, new *stats.Set) {
	fmt.Fprintf(stderr, "%s: old: %s: %s\n", cmd, old.Path, old.RoundsSummary())
	fmt.Fprintf(stderr, "%s: new: %s: %s\n", cmd, new.Path, new.RoundsSummary())
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
