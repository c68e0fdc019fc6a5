package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/handoffbench/handoff/gate"
	"github.com/handoffbench/handoff/stats"
)

// errRegression is what compare and regress return when the gate fails,
// after printing why: main exits 1 on it.
var errRegression = errors.New("regression")

func runCompare(_ context.Context, stdout, stderr io.Writer, args []string) error {
	fs := newFlags("compare", stderr, "-old <file> -new <file> [flags]")
	oldPath := fs.String("old", "", "the baseline results file (required)")
	newPath := fs.String("new", "", "the results file to judge (required)")
	format, units, opts := gateFlags(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if *oldPath == "" || *newPath == "" {
		return errors.New("compare: -old and -new are both required (make compare OLD=<file> NEW=<file>; handoff compare -h lists the flags)")
	}
	o, err := opts()
	if err != nil {
		return err
	}
	if err := checkFormat(*format); err != nil {
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
	return judge(stdout, old, new, o, *units, *format)
}

// gateFlags are the flags compare and regress share.
func gateFlags(fs interface {
	Float64(string, float64, string) *float64
	String(string, string, string) *string
}) (format, units *string, opts func() (stats.CompareOptions, error)) {
	format = fs.String("format", "text", "output: text, markdown (for a CI job summary) or json")
	units = fs.String("units", strings.Join(stats.DefaultUnits, ","), "comma-separated units to compare")
	return format, units, compareFlags(fs)
}

func checkFormat(f string) error {
	if !slices.Contains(gate.Formats, f) {
		return fmt.Errorf("-format %q: want one of %s", f, strings.Join(gate.Formats, ", "))
	}
	return nil
}

// judge compares old and new, prints the verdict, and returns
// errRegression if there is any.
func judge(stdout io.Writer, old, new *stats.Set, o stats.CompareOptions, units, format string) error {
	// A unit asked for by name must be there; of the default ones, those
	// the files report.
	explicit := units != strings.Join(stats.DefaultUnits, ",")
	for _, u := range strings.Split(units, ",") {
		seen := slices.Contains(old.UnitsSeen(), u) || slices.Contains(new.UnitsSeen(), u)
		if !seen && explicit {
			return fmt.Errorf("-units: neither %s nor %s reports %q (they have %s)", old.Path, new.Path, u, strings.Join(new.UnitsSeen(), ", "))
		}
		if seen {
			o.Units = append(o.Units, u)
		}
	}
	if len(o.Units) == 0 {
		return fmt.Errorf("neither %s nor %s reports any of %s", old.Path, new.Path, units)
	}
	c, err := stats.Compare(old, new, o)
	if err != nil {
		return err
	}
	c.Warnings = append(inputWarnings(old, new), c.Warnings...)
	if err := gate.Write(stdout, c, old.Path, new.Path, format); err != nil {
		return err
	}
	if n := c.Count(stats.Regression); n > 0 {
		return fmt.Errorf("%w: %d benchmark(s) got significantly worse", errRegression, n)
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
