package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"github.com/handoffbench/handoff/bench/runner"
	"github.com/handoffbench/handoff/report"
	"github.com/handoffbench/handoff/stats"
)

func runReport(_ context.Context, stdout, stderr io.Writer, args []string) error {
	fs := newFlags("report", stderr, "-results <file> [-base <file>] [flags]")
	results := fs.String("results", "", "the results file to report on (required)")
	base := fs.String("base", "", "a baseline results file to compare with")
	out := fs.String("out", "", "directory of the outputs (default: the results file's)")
	historyDir := fs.String("history", "", "directory of earlier results files for the trend page (default: history/ beside the results file, if there)")
	opts := compareFlags(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if *results == "" {
		return errors.New("report: -results is required (make report RESULTS=results/<file>.txt; handoff report -h lists the flags)")
	}
	o, err := opts()
	if err != nil {
		return err
	}
	dir := *historyDir
	if dir == "" {
		dir = filepath.Join(filepath.Dir(*results), "history")
	}
	history, err := runner.History(dir)
	if err != nil && *historyDir != "" {
		return fmt.Errorf("-history: %w", err)
	}
	outs, err := report.Build(report.Options{Results: *results, Base: *base, OutDir: *out, Compare: o, History: history, Warn: stderr})
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	fmt.Fprintf(stdout, "report: %s\nsummary: %s\ncharts: %s/\n", outs.PDF, outs.Markdown, outs.Charts)
	return nil
}

// compareFlags adds the gate's flags to fs; the returned function reads
// them once fs is parsed.
func compareFlags(fs interface {
	Float64(string, float64, string) *float64
	String(string, string, string) *string
}) func() (stats.CompareOptions, error) {
	alpha := fs.Float64("alpha", 0.05, "error rate the correction holds across the whole comparison")
	effect := fs.Float64("min-effect", 0.05, "smallest relative change that counts as a regression (0.05 = 5%)")
	correction := fs.String("correction", "holm", "multiple-comparison correction: holm (family-wise error), bh (false discovery rate) or none")
	return func() (stats.CompareOptions, error) {
		c, err := stats.ParseCorrection(*correction)
		if err != nil {
			return stats.CompareOptions{}, fmt.Errorf("-correction: %w", err)
		}
		if *alpha <= 0 || *alpha >= 1 {
			return stats.CompareOptions{}, fmt.Errorf("-alpha %v: want a value between 0 and 1", *alpha)
		}
		if *effect <= 0 { // stats reads a zero MinEffect as unset: 5%
			return stats.CompareOptions{}, fmt.Errorf("-min-effect %v: want a value above 0 (0 would mean the default 5%%; for any significant change, give one such as 0.001)", *effect)
		}
		return stats.CompareOptions{Alpha: *alpha, MinEffect: *effect, Correction: c}, nil
	}
}
