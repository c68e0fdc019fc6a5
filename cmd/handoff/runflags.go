package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"

	"github.com/handoffbench/handoff/bench/matrix"
	"github.com/handoffbench/handoff/bench/refs"
	"github.com/handoffbench/handoff/bench/runner"
	"github.com/handoffbench/handoff/resultfmt"
)

// runFlags are the flags bench and regress share: which benchmarks, how
// many rounds of how long, in what order, built from where.
type runFlags struct {
	fs                                              *flag.FlagSet
	profile, impls, run, benchtime, out, pkg, goCmd *string
	rounds                                          *int
	ramp, pin                                       *bool
	seed                                            *uint64
	minRounds, defRounds                            int
}

// addRunFlags declares them on fs with the command's defaults; rounds 0
// means the profile's. Left out, -rounds, -benchtime and -seed take those
// defaults (the profile's, random); given, they are taken as given, so
// that -rounds=0 and -benchtime= are refused by resolve and -seed=0 is
// the seed 0.
func addRunFlags(fs *flag.FlagSet, profile string, rounds, minRounds int, roundsUsage, out string) *runFlags {
	if rounds == 0 {
		roundsUsage += " (default: the profile's)"
	}
	return &runFlags{
		fs:        fs,
		profile:   fs.String("profile", profile, "which benchmarks: quick, default or full"),
		impls:     fs.String("impls", "", "comma-separated implementations, floors and reference rows to run (default all)"),
		run:       fs.String("run", "", "regular expression a benchmark's name must match, e.g. 'Handoff/.*/mode=stream'"),
		rounds:    fs.Int("rounds", rounds, roundsUsage),
		benchtime: fs.String("benchtime", "", "-test.benchtime of each run (default: the profile's)"),
		seed:      fs.Uint64("seed", 0, "seed of the per-round shuffles (default random; recorded in the results)"),
		out:       fs.String("out", "results", out),
		pkg:       fs.String("pkg", "./bench", "the benchmark package"),
		goCmd:     fs.String("go", "go", "the go command"),
		pin:       fs.Bool("pin", true, "run each benchmark below the machine's CPU count confined to its first GOMAXPROCS CPUs, with taskset (Linux; without taskset the runs are not confined, and the results file says so)"),
		ramp:      fs.Bool("ramp", false, "let every run ramp its own b.N to the benchtime, as go test does (default: a benchmark's first run ramps, and every later run repeats its b.N)"),
		minRounds: minRounds,
		defRounds: rounds,
	}
}

// given says whether the command line set the flag: an explicit 0 or ""
// is then a value to check, not the flag left out.
func (f *runFlags) given(name string) bool { return given(f.fs, name) }

// resolve checks the flags and fills in the profile's defaults
// (matrix.Choice) and a random seed.
func (f *runFlags) resolve() (matrix.Profile, error) {
	c := matrix.Choice{Profile: *f.profile, Run: *f.run, Rounds: *f.rounds, MinRounds: f.minRounds, DefaultRounds: f.defRounds, Benchtime: *f.benchtime,
		RoundsGiven: f.given("rounds"), BenchtimeGiven: f.given("benchtime")}
	profile, err := c.Resolve()
	*f.rounds, *f.benchtime = c.Rounds, c.Benchtime
	if *f.seed == 0 && !f.given("seed") {
		*f.seed = rand.Uint64()
	}
	return profile, err
}

// taskset is the plan's Taskset: taskset's path when -pin and the machine
// allow, else "".
func (f *runFlags) taskset() string {
	if !*f.pin {
		return ""
	}
	return runner.TasksetPath()
}

// iters is the plan's Iters: a map to fill, or nil when every run ramps.
func (f *runFlags) iters() map[string]int {
	if *f.ramp {
		return nil
	}
	return map[string]int{}
}

// env is the configuration the run's results file records; when -pin was
// asked for but this machine cannot confine a process, it says so on log.
func (f *runFlags) env(ctx context.Context, log io.Writer, cmd string, profile matrix.Profile) runner.Env {
	if note := runner.AffinityNote(); *f.pin && note != "" {
		fmt.Fprintf(log, "%s: %s\n", cmd, note)
	}
	return runner.NewEnv(ctx, *f.goCmd, profile.Name, *f.benchtime, *f.rounds, *f.seed, *f.ramp, f.taskset() != "")
}

// units are the profile's units over the rows a benchmark binary
// measures, narrowed by -impls and -run.
func (f *runFlags) units(profile matrix.Profile, rs []resultfmt.Row) ([]matrix.Unit, error) {
	return profile.Select(rs, *f.impls, *f.run, refs.Names()...)
}
