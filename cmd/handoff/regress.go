package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"github.com/handoffbench/handoff/bench/runner"
	"github.com/handoffbench/handoff/gate"
	"github.com/handoffbench/handoff/stats"
)

func runRegress(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	fs := newFlags("regress", stderr, "-base <git ref> [flags]")
	base := fs.String("base", "", "the git ref to compare the working tree with (required)")
	rf := addRunFlags(fs, "quick", 10, 2, "directory under which regress/<date>-<base>-<head>/ keeps old.txt and new.txt")
	format, units, opts := gateFlags(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if *base == "" {
		return errors.New("regress: -base is required (make regress BASE=<git ref>; handoff regress -h lists the flags)")
	}
	o, err := opts()
	if err != nil {
		return err
	}
	if err := checkFormat(*format); err != nil {
		return err
	}
	profile, us, err := rf.resolve()
	if err != nil {
		return err
	}
	if len(us) == 0 {
		return fmt.Errorf("no benchmark of profile %s matches -impls=%q -run=%q", profile.Name, *rf.impls, *rf.run)
	}
	if need := stats.RoundsNeeded(len(us)*len(o.Units), o.Alpha, o.Correction); *rf.rounds < need {
		fmt.Fprintf(stderr, "regress: warning: %d rounds cannot decide among %d comparisons; -rounds=%d can\n", *rf.rounds, len(us)*len(o.Units), need)
	}
	if _, err := gate.ResolveBase(ctx, ".", *base); err != nil {
		return fmt.Errorf("regress: %w", err)
	}
	env := rf.env(ctx, profile)
	dir := filepath.Join(*rf.out, "regress", fmt.Sprintf("%s-%s-%s", env.Date.UTC().Format("2006-01-02T1504"), sanitize(*base), env.Commit))
	fmt.Fprintf(stderr, "regress: %s against the working tree (%s), %d benchmarks x %d rounds x 2, benchtime %s, seed %d\n",
		*base, env.Commit, len(us), *rf.rounds, *rf.benchtime, *rf.seed)
	r := gate.Regression{Repo: ".", Base: *base, Pkg: *rf.pkg, Go: *rf.goCmd, Units: us, Rounds: *rf.rounds, Benchtime: *rf.benchtime,
		Seed: *rf.seed, Env: env, OutDir: dir, Progress: runner.NewProgress(stderr)}
	oldPath, newPath, err := r.Run(ctx)
	if err != nil {
		return fmt.Errorf("regress: %w", err)
	}
	old, err := stats.Load(oldPath)
	if err != nil {
		return err
	}
	new, err := stats.Load(newPath)
	if err != nil {
		return err
	}
	describe(stderr, "regress", old, new)
	return judge(stdout, old, new, o, *units, *format)
}

// sanitize makes a git ref usable in a file name.
func sanitize(ref string) string {
	b := []byte(ref)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.') {
			b[i] = '_'
		}
	}
	return string(b)
}
