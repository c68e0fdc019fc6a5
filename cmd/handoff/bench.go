package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/handoffbench/handoff/bench/matrix"
	"github.com/handoffbench/handoff/bench/refs"
	"github.com/handoffbench/handoff/bench/runner"
	"github.com/handoffbench/handoff/report"
	"github.com/handoffbench/handoff/resultfmt"
)

func runBench(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	fs := newFlags("bench", stderr, "[flags]")
	rf := addRunFlags(fs, "default", 0, 1, "rounds, each running every benchmark once", "directory of the results file")
	withRefs := fs.Bool("refs", true, "also measure the seed's systems (CPython, C) as reference rows, where python3 and a C compiler are on PATH")
	refsOnly := fs.Bool("refs-only", false, "measure the reference rows alone")
	withReport := fs.Bool("report", true, "write the report (PDF, charts, Markdown) beside the results")
	keep := fs.Int("history", 20, "how many results files to keep in <out>/history for the report's trend page (0: none)")
	toolchainList := fs.String("toolchains", "", "Go releases to measure side by side as arms of one run, e.g. go1.26.8,go1.27.3: a results file each, and a report on the last with a page of what changed since the first")
	if err := parse(fs, args); err != nil {
		return err
	}
	profile, err := rf.resolve()
	if err != nil {
		return err
	}
	if *keep < 0 {
		return fmt.Errorf("-history %d: want a count of at least 0", *keep)
	}
	var toolchains []string
	if *toolchainList != "" {
		if *refsOnly {
			return fmt.Errorf("-toolchains: the reference rows alone are built with no Go release to compare")
		}
		if toolchains, err = parseToolchains(*toolchainList); err != nil {
			return err
		}
	}
	if *refsOnly {
		if err := refs.CheckNames(*rf.impls); err != nil {
			return err
		}
	}
	env := rf.env(ctx, profile)
	if _, err := runner.NewPath(*rf.out, env.Date, env.Commit); err != nil {
		return fmt.Errorf("-out: %w", err)
	}
	s := &runner.Session{
		Pkg: *rf.pkg, Go: *rf.goCmd, Toolchains: toolchains, RefsOnly: *refsOnly,
		Select: func(rs []resultfmt.Row) ([]matrix.Unit, error) { return rf.units(profile, rs) },
		Plan:   runner.Plan{Rounds: *rf.rounds, Benchtime: *rf.benchtime, Seed: *rf.seed, Iters: rf.iters(), Taskset: rf.taskset()},
		Env:    env, Out: *rf.out, History: *keep, Whole: *rf.impls == "" && *rf.run == "" && !*refsOnly,
		Log: stderr, Progress: runner.NewProgress(stderr),
	}
	if *withRefs || *refsOnly {
		s.Refs = refs.Select(*rf.impls, *rf.run)
	}
	rf.noteAffinity(stderr, "handoff bench")
	files, err := s.Run(ctx)
	if errors.Is(err, runner.ErrNothingSelected) {
		return fmt.Errorf("no benchmark of profile %s matches -impls=%q -run=%q", profile.Name, *rf.impls, *rf.run)
	}
	if err != nil {
		return err
	}
	if len(files) == 1 && files[0].Release == "" {
		path := files[0].Path
		fmt.Fprintf(stdout, "results: %s\ncompare the implementations: go tool benchstat -ignore %s -col /impl %s\n", path, strings.Join(resultfmt.PositionKeys, ","), path)
		if !*withReport {
			return nil
		}
		history, _ := runner.History(filepath.Join(*rf.out, "history"))
		return reportOnRun(stdout, stderr, path, history)
	}
	for _, f := range files {
		fmt.Fprintf(stdout, "results (%s): %s\n", f.Version, f.Path)
	}
	if !*withReport || len(files) < 2 {
		return nil
	}
	first, last := files[0], files[len(files)-1]
	outs, err := report.Build(report.Options{Results: last.Path, Base: first.Path, Warn: stderr})
	if err != nil {
		return reportFailed(last.Path, first.Path, err)
	}
	fmt.Fprintf(stdout, "report: %s (its page %q compares %s with %s)\nsummary: %s\ncharts: %s/\n", outs.PDF, "What changed between Go releases", last.Version, first.Version, outs.Markdown, outs.Charts)
	return nil
}

// reportOnRun makes the report on a run's results file. A report that fails
// costs the run nothing: the error is one line that says what failed, that
// the results are kept, and the command that makes the report again.
func reportOnRun(stdout, stderr io.Writer, path string, history []string) error {
	outs, err := report.Build(report.Options{Results: path, History: history, Warn: stderr})
	if err != nil {
		return reportFailed(path, "", err)
	}
	fmt.Fprintf(stdout, "report: %s\nsummary: %s\ncharts: %s/\n", outs.PDF, outs.Markdown, outs.Charts)
	return nil
}

// reportFailed is the error of a report that failed after a run, on
// results (beside base, if not ""), which are kept.
func reportFailed(results, base string, err error) error {
	retry := "make report RESULTS=" + results
	if base != "" {
		retry += " BASE=" + base
	}
	return fmt.Errorf("the report on %s failed: %w; the results are kept: once that is mended, make the report again with %s", results, err, retry)
}
