package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/handoffbench/handoff/gate"
	"github.com/handoffbench/handoff/stats"
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
	return gate.Comparison{Old: old, New: new, Gate: strings.Split(*g.gate, ","), Options: g.cmp, Seq: g.seq, Format: *g.format, Log: stderr,
		CountThreshold: *g.countThreshold}.Judge(stdout)
}

// gateFlags are the flags compare and regress share.
type gateFlags struct {
	format, gate, correction                       *string
	alpha, minEffect, effect, beta, countThreshold *float64
	cmp                                            stats.CompareOptions
	seq                                            stats.SequentialOptions
}

func addGateFlags(fs *flag.FlagSet) *gateFlags {
	d := stats.DefaultSequentialOptions()
	g := &gateFlags{
		format:         fs.String("format", "text", "output: text, markdown (for a CI job summary) or json"),
		gate:           fs.String("units", "ns/op", "comma-separated units to gate on, tested as one family (add cpu-ns/op to gate on CPU time too; it is reported either way); allocs/op has its own rule"),
		effect:         fs.Float64("effect", d.Effect, "the slowdown the paired test is built to catch: a benchmark passes once its upper bound is below it (0.10 = 10%)"),
		beta:           fs.Float64("beta", d.Beta, "the paired test's chance of passing a benchmark slower by -effect"),
		countThreshold: fs.Float64("count-threshold", gate.DefaultCountThreshold, "for the benchmarks both sides counted (instructions/op): the rise in the count that is a regression (0.01 = 1%)"),
	}
	g.alpha, g.minEffect, g.correction = compareFlags(fs)
	return g
}

// check validates the flags once parsed and fills in the options.
func (g *gateFlags) check() (err error) {
	g.cmp, g.seq, err = gate.Options(*g.alpha, *g.minEffect, *g.correction, *g.effect, *g.beta, *g.countThreshold, *g.format)
	return err
}
