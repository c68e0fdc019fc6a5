package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/handoffbench/handoff/gate"
	"github.com/handoffbench/handoff/report"
	"github.com/handoffbench/handoff/stats"
)

func runReport(_ context.Context, stdout, stderr io.Writer, args []string) error {
	fs := newFlags("report", stderr, "-results <file>[,<file>…] [-base <file>] [flags]")
	resultsList := fs.String("results", "", "the results file to report on (required); several, separated by spaces or commas, one per machine, add a page comparing the machines, the first the main one")
	base := fs.String("base", "", "a baseline results file to compare with")
	out := fs.String("out", "", "directory of the outputs (default: the results file's)")
	historyDir := fs.String("history", "", "directory of earlier results files for the trend page (default: history/ beside the results file, if there)")
	alpha, minEffect, correction := compareFlags(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	files := strings.FieldsFunc(*resultsList, func(r rune) bool { return r == ',' || unicode.IsSpace(r) })
	if len(files) == 0 {
		return errors.New("report: -results is required (make report RESULTS=results/<file>.txt; handoff report -h lists the flags)")
	}
	o, err := gate.CompareOptions(*alpha, *minEffect, *correction)
	if err != nil {
		return err
	}
	outs, err := report.Build(report.Options{Results: files[0], Machines: files[1:], Base: *base, OutDir: *out, Compare: o, HistoryDir: *historyDir, Warn: stderr})
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	fmt.Fprint(stdout, outs)
	return nil
}

// compareFlags adds the unpaired test's flags to fs (gate.CompareOptions
// reads them).
func compareFlags(fs *flag.FlagSet) (alpha, minEffect *float64, correction *string) {
	d := stats.DefaultCompareOptions()
	alpha = fs.Float64("alpha", d.Alpha, "chance of any false alarm across the whole comparison (and, for regress, across all its looks)")
	minEffect = fs.Float64("min-effect", d.MinEffect, "smallest estimated slowdown that counts as a regression (0.05 = 5%; 0 counts any significant one)")
	correction = fs.String("correction", "holm", "multiple-comparison correction: holm (family-wise error), bh (false discovery rate) or none")
	return alpha, minEffect, correction
}
