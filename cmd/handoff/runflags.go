package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"regexp"

	"github.com/handoffbench/handoff/bench/counts"
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

// resolve checks the flags and fills in the profile's defaults. Which of
// the profile's units -impls and -run select is known only once the
// benchmark binary has said which rows it measures (units).
func (f *runFlags) resolve() (matrix.Profile, error) {
	profile, err := matrix.LookupProfile(*f.profile)
	if err != nil {
		return profile, fmt.Errorf("-profile: %w", err)
	}
	if *f.run != "" {
		if _, err := regexp.Compile(*f.run); err != nil {
			return profile, fmt.Errorf("-run: %w", err)
		}
	}
	def := f.defRounds
	if def == 0 {
		def = profile.Rounds
	}
	if *f.rounds == 0 && !f.given("rounds") {
		*f.rounds = def
	}
	if *f.rounds < f.minRounds {
		return profile, fmt.Errorf("-rounds %d: need at least %d (benchstat wants 6 for a 95%% interval, a comparison about 10 to decide); leave it unset for the default of %d",
			*f.rounds, f.minRounds, def)
	}
	if *f.benchtime == "" && !f.given("benchtime") {
		*f.benchtime = profile.Benchtime
	}
	if err := matrix.CheckBenchtime(*f.benchtime); err != nil {
		return profile, err
	}
	if *f.seed == 0 && !f.given("seed") {
		*f.seed = rand.Uint64()
	}
	return profile, nil
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

// counter is the instruction counter of -counts, or why there is none: it
// stops the run before anything runs.
func (f *runFlags) counter(ctx context.Context, refsOnly bool) (*counts.Counter, error) {
	if refsOnly {
		return nil, errors.New("-counts: the reference rows run outside Go and are not counted; leave out -refs-only")
	}
	path, version, err := counts.Find(ctx)
	if err != nil {
		return nil, fmt.Errorf("-counts: %w", err)
	}
	return &counts.Counter{Valgrind: path, Version: version}, nil
}
