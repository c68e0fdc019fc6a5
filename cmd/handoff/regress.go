package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/handoffbench/handoff/bench/counts"
	"github.com/handoffbench/handoff/bench/matrix"
	"github.com/handoffbench/handoff/bench/runner"
	"github.com/handoffbench/handoff/gate"
	"github.com/handoffbench/handoff/resultfmt"
)

func runRegress(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	fs := newFlags("regress", stderr, "-base <git ref> [flags]")
	base := fs.String("base", "", "the git ref to compare the working tree with (required)")
	rf := addRunFlags(fs, "quick", 60, 2, "the cap: at most this many rounds of a benchmark, looking every -look-every", "directory under which regress/<date>-<base>-<head>/ keeps old.txt and new.txt")
	every := fs.Int("look-every", 10, "rounds between looks: each look decides what it can, and only the undecided benchmarks run on")
	budget := fs.Duration("budget", 10*time.Minute, "wall time for the runs: the look after which the next rounds would not fit is the last (0: no limit)")
	withCounts := fs.Bool("counts", false, "count both builds' instructions per op under Valgrind first, and judge the benchmarks counted on both on their counts (-count-threshold), in one round; time only the others (implied by -units=instructions/op)")
	g := addGateFlags(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if *base == "" {
		return errors.New("regress: -base is required (make regress BASE=<git ref>; handoff regress -h lists the flags)")
	}
	if err := g.check(); err != nil {
		return err
	}
	profile, err := rf.resolve()
	if err != nil {
		return err
	}
	if *every < 2 || *every > *rf.rounds {
		return fmt.Errorf("-look-every %d: want 2 to -rounds (%d)", *every, *rf.rounds)
	}
	if *budget < 0 {
		return fmt.Errorf("-budget %v: want a duration of at least 0", *budget)
	}
	if _, err := gate.ResolveBase(ctx, ".", *base); err != nil {
		return fmt.Errorf("regress: %w", err)
	}
	env := rf.env(ctx, stderr, "regress", profile)
	dir := gate.Dir(*rf.out, env.Date, *base, env.Commit)
	fmt.Fprintf(stderr, "regress: %s against the working tree (%s), looking every %d rounds up to %d, budget %v, benchtime %s, seed %d\n",
		*base, env.Commit, *every, *rf.rounds, *budget, *rf.benchtime, *rf.seed)
	g.seq.Seed = *rf.seed
	selectFor := func(rs []resultfmt.Row) ([]matrix.Unit, error) { return rf.units(profile, rs) }
	r := gate.Regression{Repo: ".", Base: *base, Pkg: *rf.pkg, Go: *rf.goCmd, Select: selectFor, Every: *every, MaxRounds: *rf.rounds, Budget: *budget,
		Benchtime: *rf.benchtime, Iters: rf.iters(), Taskset: rf.taskset(), Seed: *rf.seed, Env: env, OutDir: dir, Progress: runner.NewProgress(stderr),
		Stats: g.seq, Gate: strings.Split(*g.gate, ","), Log: stderr, CountThreshold: *g.countThreshold}
	if *withCounts || slices.Contains(strings.Split(*g.gate, ","), resultfmt.InstructionsUnit) {
		if r.Counts, err = counts.New(ctx); err != nil {
			return fmt.Errorf("-counts: %w", err)
		}
	}
	o, err := r.Run(ctx)
	if errors.Is(err, runner.ErrNothingSelected) {
		return fmt.Errorf("no benchmark of profile %s matches -impls=%q -run=%q", profile.Name, *rf.impls, *rf.run)
	}
	if err != nil {
		return fmt.Errorf("regress: %w", err)
	}
	fmt.Fprintf(stderr, "regress: %d rounds in %s; results in %s\n", o.Look.Look.Rounds, o.Elapsed.Round(time.Second), dir)
	return gate.Verdict(stdout, o, true, *g.format)
}
