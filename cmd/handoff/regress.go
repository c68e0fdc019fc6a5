package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"path/filepath"
	"time"

	"github.com/handoffbench/handoff/bench/matrix"
	"github.com/handoffbench/handoff/bench/runner"
	"github.com/handoffbench/handoff/gate"
	"github.com/handoffbench/handoff/stats"
)

func runRegress(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	fs := newFlags("regress", stderr, "-base <git ref> [flags]")
	base := fs.String("base", "", "the git ref to compare the working tree with (required)")
	profileName := fs.String("profile", "quick", "which benchmarks: quick, default or full")
	implList := fs.String("impls", "", "comma-separated implementations and floors to run (default all)")
	runExpr := fs.String("run", "", "regular expression a benchmark's name must match")
	rounds := fs.Int("rounds", 10, "rounds; each runs every benchmark once on each side")
	benchtime := fs.String("benchtime", "", "-test.benchtime of each run (default: the profile's)")
	seed := fs.Uint64("seed", 0, "seed of the shuffles (default random)")
	out := fs.String("out", "results", "directory under which regress/<date>-<base>-<head>/ keeps old.txt and new.txt")
	pkg := fs.String("pkg", "./bench", "the benchmark package")
	goCmd := fs.String("go", "go", "the go command")
	format, units, opts := gateFlags(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if *base == "" {
		fs.Usage()
		return errors.New("regress: -base is required (make regress BASE=<git ref>)")
	}
	o, err := opts()
	if err != nil {
		return err
	}
	if err := checkFormat(*format); err != nil {
		return err
	}
	profile, err := matrix.LookupProfile(*profileName)
	if err != nil {
		return fmt.Errorf("-profile: %w", err)
	}
	us, err := selectUnits(profile, *implList, *runExpr)
	if err != nil {
		return err
	}
	if len(us) == 0 {
		return fmt.Errorf("no benchmark of profile %s matches -impls=%q -run=%q", profile.Name, *implList, *runExpr)
	}
	if *rounds < 2 {
		return fmt.Errorf("-rounds %d: a comparison needs at least 2 per side, and about 10 to decide", *rounds)
	}
	if *benchtime == "" {
		*benchtime = profile.Benchtime
	}
	if err := checkBenchtime(*benchtime); err != nil {
		return err
	}
	if *seed == 0 {
		*seed = rand.Uint64()
	}
	if need := stats.RoundsNeeded(len(us)*len(o.Units), o.Alpha, o.Correction); *rounds < need {
		fmt.Fprintf(stderr, "regress: warning: %d rounds cannot decide among %d comparisons; -rounds=%d can\n", *rounds, len(us)*len(o.Units), need)
	}
	env := runner.Env{Go: goVersion(ctx, *goCmd), Date: time.Now(), Profile: profile.Name, Benchtime: *benchtime, Rounds: *rounds, Seed: *seed, Procs: matrix.Procs()}
	env.Commit, env.Dirty = gitState(ctx, ".")
	dir := filepath.Join(*out, "regress", fmt.Sprintf("%s-%s-%s", env.Date.UTC().Format("2006-01-02T1504"), sanitize(*base), env.Commit))
	fmt.Fprintf(stderr, "regress: %s against the working tree (%s), %d benchmarks x %d rounds x 2, benchtime %s, seed %d\n",
		*base, env.Commit, len(us), *rounds, *benchtime, *seed)
	r := gate.Regression{Repo: ".", Base: *base, Pkg: *pkg, Go: *goCmd, Units: us, Rounds: *rounds, Benchtime: *benchtime,
		Seed: *seed, Env: env, OutDir: dir, Progress: runner.NewProgress(stderr)}
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
