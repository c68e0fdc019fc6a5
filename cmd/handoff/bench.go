package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/handoffbench/handoff/bench/counts"
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
	withCounts := fs.Bool("counts", false, "also count instructions per op under Valgrind for the benchmarks that count steadily (GOMAXPROCS=1, no clock): instructions/op beside ns/op")
	toolchainList := fs.String("toolchains", "", "Go releases to measure side by side as arms of one run, e.g. go1.26.8,go1.27.3: a results file each, and a report on the last with a page of what changed since the first")
	if err := parse(fs, args); err != nil {
		return err
	}
	profile, err := rf.resolve()
	if err != nil {
		return err
	}
	toolchains, err := runner.ParseToolchains(*toolchainList)
	if err != nil {
		return err
	}
	if *refsOnly {
		if err := refs.CheckNames(*rf.impls); err != nil {
			return err
		}
	}
	s := &runner.Session{
		Pkg: *rf.pkg, Go: *rf.goCmd, Toolchains: toolchains, RefsOnly: *refsOnly,
		Select: func(rs []resultfmt.Row) ([]matrix.Unit, error) { return rf.units(profile, rs) },
		Plan:   runner.Plan{Rounds: *rf.rounds, Benchtime: *rf.benchtime, Seed: *rf.seed, Iters: rf.iters(), Taskset: rf.taskset()},
		Env:    rf.env(ctx, stderr, "handoff bench", profile), Out: *rf.out, History: *keep, Whole: *rf.impls == "" && *rf.run == "" && !*refsOnly,
		Log: stderr, Progress: runner.NewProgress(stderr),
	}
	if *withCounts {
		if s.Counts, err = counts.New(ctx); err != nil {
			return fmt.Errorf("-counts: %w", err)
		}
	}
	if *withRefs || *refsOnly {
		s.Refs = refs.Select(*rf.impls, *rf.run)
	}
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
		outs, err := report.AfterRun(report.Options{Results: path, Warn: stderr})
		if err == nil {
			fmt.Fprint(stdout, outs)
		}
		return err
	}
	for _, f := range files {
		fmt.Fprintf(stdout, "results (%s): %s\n", f.Version, f.Path)
	}
	if !*withReport || len(files) < 2 {
		return nil
	}
	first, last := files[0], files[len(files)-1]
	outs, err := report.AfterRun(report.Options{Results: last.Path, Base: first.Path, Warn: stderr})
	if err == nil {
		fmt.Fprintf(stdout, "%s(the page %q compares %s with %s)\n", outs, "What changed between Go releases", last.Version, first.Version)
	}
	return err
}
