package runner

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/perf/benchfmt"

	"github.com/handoffbench/handoff/bench/counts"
	"github.com/handoffbench/handoff/bench/matrix"
	"github.com/handoffbench/handoff/bench/refs"
	refsrc "github.com/handoffbench/handoff/refs"
	"github.com/handoffbench/handoff/resultfmt"
)

// A Session is one make bench run, from the build to the results files:
// the benchmark package built once (or once per Go release of Toolchains,
// each an arm), asked which rows it measures, the units Select keeps of
// them, the reference rows beside them, run in the Plan's rounds, and
// written as one results file (or one per release, the reference rows in
// the last), kept in the history when the run is whole.
type Session struct {
	Pkg, Go string // the benchmark package's directory, and the go command
	// Toolchains are Go releases to build with, as GOTOOLCHAIN takes them,
	// each an arm; none builds with the go command's own.
	Toolchains []string
	// Select chooses the units from the rows the binary describes.
	Select func([]resultfmt.Row) ([]matrix.Unit, error)
	// Refs are the reference rows to measure beside the units; RefsOnly
	// measures them alone, building no benchmark binary.
	Refs     []refs.Ref
	RefsOnly bool
	// Plan's Rounds, Benchtime, Seed, Iters and Taskset; Run fills in its
	// units, arms and extras.
	Plan Plan
	Env  Env    // the run's configuration; Run adds the rows and tools
	Out  string // the directory of the results files
	// History keeps the last History whole runs' files in Out/history for
	// the report's trend (0: none); Whole says the run is one (no -impls
	// or -run narrowed it), as a trend is drawn between like and like.
	History int
	Whole   bool
	Log     io.Writer // a line per stage
	// Progress reports the rounds.
	Progress *Progress
	// Counts, if not nil, counts the instructions per op of the units
	// after the rounds, on each arm's binary (its Bin is set per arm):
	// the counted ones are written beside their timings, and the file
	// says how and which (Env.Counts, each row's Counts).
	Counts *counts.Counter

	versions map[string]string            // each release's go command's version
	notes    map[string]map[string]string // each arm's counts notes, by row
}

// A File is a results file a session wrote: the file, and the Go release
// it measured ("" for the go command's own).
type File struct {
	Path, Release string
	Version       string // what the release's go command reports
}

// ErrNothingSelected is Run's answer when neither a unit nor a reference
// row is left to run, and Choose's when a selection keeps no unit.
var ErrNothingSelected = errors.New("no benchmark selected")

// Choose is the units sel keeps of the rows a binary describes, or
// ErrNothingSelected when it keeps none.
func Choose(sel func([]resultfmt.Row) ([]matrix.Unit, error), rows []resultfmt.Row) ([]matrix.Unit, error) {
	units, err := sel(rows)
	if err == nil && len(units) == 0 {
		err = ErrNothingSelected
	}
	return units, err
}

// Run builds, runs and writes, and returns the files, in the order of
// Toolchains. Interrupted, it writes what it has to .partial.txt files and
// says where; failed otherwise, it writes nothing.
func (s *Session) Run(ctx context.Context) ([]File, error) {
	if s.History < 0 {
		return nil, fmt.Errorf("-history %d: want a count of at least 0", s.History)
	}
	if s.RefsOnly && len(s.Toolchains) > 0 {
		return nil, errors.New("-toolchains: the reference rows alone are built with no Go release to compare")
	}
	if s.RefsOnly && s.Counts != nil {
		return nil, errors.New("-counts: the reference rows run outside Go and are not counted; leave out -refs-only")
	}
	if _, err := NewPath(s.Out, s.Env.Date, s.Env.Commit); err != nil {
		return nil, fmt.Errorf("-out: %w", err)
	}
	tmp, err := os.MkdirTemp("", "handoff-bench-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	arms, err := s.build(ctx, tmp)
	if err != nil {
		return nil, err
	}
	if len(s.Plan.Units)+len(s.Refs) == 0 {
		return nil, ErrNothingSelected
	}
	if len(s.Plan.Units) == 0 {
		arms = nil
	}
	s.Plan.Arms = arms
	if err := s.prepareRefs(ctx, tmp); err != nil {
		return nil, err
	}
	fmt.Fprintf(s.log(), "handoff bench: profile %s, %d benchmarks and %d reference rows x %d rounds, benchtime %s, order seed %d\n",
		s.Env.Profile, len(s.Plan.Units), len(s.Plan.Extras), s.Plan.Rounds, s.Plan.Benchtime, s.Plan.Seed)
	results, runErr := Run(ctx, s.Plan, s.Progress)
	interrupted := runErr != nil && ctx.Err() != nil
	if runErr != nil && !interrupted {
		return nil, runErr
	}
	if !interrupted && s.Counts != nil {
		if err := s.count(ctx, results); err != nil {
			return nil, err
		}
	}
	files, err := s.write(ctx, tmp, results, interrupted)
	if err != nil {
		return nil, err
	}
	if interrupted {
		var paths []string
		for _, f := range files {
			paths = append(paths, f.Path)
		}
		if len(paths) == 0 {
			return nil, runErr
		}
		return nil, fmt.Errorf("interrupted; the results so far are in %s", strings.Join(paths, ", "))
	}
	if s.Whole && s.History > 0 && len(files) == 1 {
		dir := filepath.Join(s.Out, "history")
		if err := Keep(dir, files[0].Path, s.History); err != nil {
			return nil, fmt.Errorf("keeping %s in %s: %w", files[0].Path, dir, err)
		}
	}
	return files, nil
}

// count counts the units on each arm's binary and adds the counts to its
// results.
func (s *Session) count(ctx context.Context, results map[string][]*benchfmt.Result) error {
	s.notes = map[string]map[string]string{}
	for _, a := range s.Plan.Arms {
		c := *s.Counts
		c.Bin = a.Binary
		if c.Log == nil {
			c.Log = s.log()
		}
		cs, err := c.Count(ctx, s.Plan.Units)
		if err != nil {
			return fmt.Errorf("counting instructions: %w", err)
		}
		results[a.Label] = append(results[a.Label], counts.Results(cs)...)
		s.notes[a.Label] = counts.Notes(cs)
	}
	return nil
}

func (s *Session) log() io.Writer {
	if s.Log == nil {
		return io.Discard
	}
	return s.Log
}

// build builds the benchmark package once per release (or once), asks the
// first binary which rows it measures, and selects the units from them.
func (s *Session) build(ctx context.Context, dir string) ([]Arm, error) {
	if s.RefsOnly {
		return nil, nil
	}
	var arms []Arm
	if len(s.Toolchains) == 0 {
		fmt.Fprintf(s.log(), "handoff bench: building %s\n", s.Pkg)
		bin, err := Build(ctx, s.Go, ".", s.Pkg, dir)
		if err != nil {
			return nil, err
		}
		arms = []Arm{{Binary: bin}}
	} else {
		// Every release's go command first, which fetches a release it
		// lacks: one that cannot be had stops the run before any build.
		s.versions = map[string]string{}
		for _, t := range s.Toolchains {
			v, err := toolchainVersion(ctx, s.Go, t)
			if err != nil {
				return nil, err
			}
			s.versions[t] = v
		}
		for _, t := range s.Toolchains {
			fmt.Fprintf(s.log(), "handoff bench: building %s with %s\n", s.Pkg, s.versions[t])
			bin, err := BuildToolchain(ctx, s.Go, ".", s.Pkg, filepath.Join(dir, t), t)
			if err != nil {
				return nil, err
			}
			arms = append(arms, Arm{Label: t, Binary: bin})
		}
	}
	rs, err := BinaryRows(ctx, s.Go, s.Pkg, arms[0].Binary)
	if err != nil {
		return nil, err
	}
	if s.Plan.Units, err = s.Select(rs); err != nil {
		return nil, err
	}
	s.Env.Rows = append(rs, s.Env.Rows...)
	return arms, nil
}

// toolchainVersion is what release's go command reports as its version.
func toolchainVersion(ctx context.Context, goCmd, release string) (string, error) {
	v, err := goVersion(ctx, goCmd, release)
	if err != nil {
		return "", fmt.Errorf("-toolchains: %s cannot be had here (GOTOOLCHAIN=%s %s env GOVERSION: %v)", release, release, goCmd, err)
	}
	return v, nil
}

// prepareRefs readies the selected reference rows, saying which cannot run
// here and why, and records their rows and tools.
func (s *Session) prepareRefs(ctx context.Context, dir string) error {
	if len(s.Refs) == 0 {
		return nil
	}
	s.Env.Rows = append(s.Env.Rows, refs.Rows()...)
	cmds, skipped, err := refs.Prepare(ctx, refsrc.Sources, dir, exec.LookPath)
	if err != nil {
		return err
	}
	for _, line := range skipped {
		fmt.Fprintf(s.log(), "handoff bench: reference row %s\n", line)
	}
	for _, c := range cmds {
		if !slices.ContainsFunc(s.Refs, func(r refs.Ref) bool { return r.Name == c.Name && r.Mode == c.Mode }) {
			continue
		}
		s.Plan.Extras = append(s.Plan.Extras, Extra{Label: c.Label(), Path: c.Path, Args: c.Args})
		if s.Env.Tools == nil {
			s.Env.Tools = map[string]string{}
		}
		s.Env.Tools[c.Tool] = c.Version
	}
	return nil
}

// write writes each arm's results to a file of its own (one arm: the run's
// file; several: <date>-<commit>-<release>.txt), the reference rows, which
// ran once a round, with the last arm. Interrupted, the files are
// .partial.txt.
func (s *Session) write(ctx context.Context, dir string, results map[string][]*benchfmt.Result, interrupted bool) ([]File, error) {
	var host []benchfmt.Config // the machine, as the reference rows record it
	for _, a := range s.Plan.Arms {
		if rs := results[a.Label]; len(rs) > 0 {
			host = WithoutPosition(rs[0].Config)
			break
		}
	}
	if host == nil && len(results[ExtrasLabel]) > 0 {
		var err error
		if host, err = s.probeConfig(ctx, dir); err != nil {
			host = refs.HostConfig()
		}
	}
	var extras []*benchfmt.Result
	for _, r := range results[ExtrasLabel] {
		extras = append(extras, CopyPosition(refs.Tag(r, host), r))
	}
	arms := s.Plan.Arms
	if len(arms) == 0 {
		arms = []Arm{{}} // the reference rows alone
	}
	var files []File
	for i, a := range arms {
		all := results[a.Label]
		if i == len(arms)-1 {
			all = append(all, extras...)
		}
		if len(all) == 0 {
			continue
		}
		env, commit := s.Env, s.Env.Commit
		if notes, ok := s.notes[a.Label]; ok {
			env.Counts = s.Counts.Method()
			env.Rows = slices.Clone(env.Rows)
			for j := range env.Rows {
				env.Rows[j].Counts = notes[env.Rows[j].Name]
			}
		}
		f := File{Release: a.Label}
		if a.Label != "" {
			f.Version = s.versions[a.Label]
			env.Go, env.Toolchain, commit = f.Version, a.Label, commit+"-"+a.Label
		}
		path, err := NewPath(s.Out, env.Date, commit)
		if err != nil {
			return nil, fmt.Errorf("-out: %w", err)
		}
		if interrupted {
			path = strings.TrimSuffix(path, ".txt") + ".partial.txt"
		}
		if err := WriteFile(path, env, all); err != nil {
			return nil, err
		}
		f.Path = path
		files = append(files, f)
	}
	return files, nil
}

// probeConfig is the configuration the benchmark binary prints (goos,
// goarch, pkg, cpu as the testing package names it), for a run of the
// reference rows alone: one iteration of the cheapest floor.
func (s *Session) probeConfig(ctx context.Context, dir string) ([]benchfmt.Config, error) {
	bin, err := Build(ctx, s.Go, ".", s.Pkg, dir)
	if err != nil {
		return nil, err
	}
	probe := matrix.Unit{Case: matrix.Case{Bench: matrix.Floor, Impl: matrix.FuncCall, Mode: matrix.Roundtrip, Payload: matrix.P8B}, Procs: 1}
	rs, err := runOne("the probe "+probe.String(), exec.CommandContext(ctx, bin, append(probe.Args(), "-test.benchtime=1x")...), 1)
	if err != nil {
		return nil, err
	}
	return rs[0].Config, nil
}
