package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

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
		if err := checkRefNames(*rf.impls); err != nil {
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
		s.Refs = selectRefs(*rf.impls, *rf.run)
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

// checkRefNames refuses an -impls list, for the reference rows alone,
// that names a row which is not one.
func checkRefNames(implList string) error {
	if implList == "" {
		return nil
	}
	var known []string
	for _, r := range refs.All {
		if !slices.Contains(known, r.Name) {
			known = append(known, r.Name)
		}
	}
	for _, name := range strings.Split(implList, ",") {
		if !slices.Contains(known, name) {
			return fmt.Errorf("-impls: no reference row %q (have %s)", name, strings.Join(known, ", "))
		}
	}
	return nil
}

// selectRefs are the reference rows -impls and -run leave in.
func selectRefs(implList, expr string) []refs.Ref {
	var out []refs.Ref
	re, err := regexp.Compile(expr)
	if err != nil {
		return nil // selectUnits has reported it
	}
	for _, r := range refs.All {
		if implList != "" && !slices.Contains(strings.Split(implList, ","), r.Name) {
			continue
		}
		if re.MatchString(r.Benchmark()) {
			out = append(out, r)
		}
	}
	return out
}

// selectUnits is the profile's units over rs, the rows a benchmark binary
// measures, narrowed to the named implementations and floors and to names
// matching expr; names of reference rows are accepted and select no unit.
func selectUnits(p matrix.Profile, rs []resultfmt.Row, implList, expr string) ([]matrix.Unit, error) {
	units := p.Units(rs)
	if implList != "" {
		known := []string{}
		for _, r := range rs {
			known = append(known, r.Name)
		}
		for _, r := range refs.All {
			if !slices.Contains(known, r.Name) {
				known = append(known, r.Name)
			}
		}
		want := strings.Split(implList, ",")
		for _, name := range want {
			if !slices.Contains(known, name) {
				return nil, fmt.Errorf("-impls: no implementation or floor %q (have %s)", name, strings.Join(known, ", "))
			}
		}
		units = slices.DeleteFunc(units, func(u matrix.Unit) bool { return !slices.Contains(want, u.Impl) })
	}
	if expr != "" {
		re, err := regexp.Compile(expr)
		if err != nil {
			return nil, fmt.Errorf("-run: %w", err)
		}
		units = slices.DeleteFunc(units, func(u matrix.Unit) bool { return !re.MatchString(u.String()) })
	}
	return units, nil
}

// checkBenchtime accepts what -test.benchtime does: a duration or Nx.
func checkBenchtime(s string) error {
	if n, ok := strings.CutSuffix(s, "x"); ok {
		var k int
		if _, err := fmt.Sscan(n, &k); err == nil && k > 0 {
			return nil
		}
	} else if d, err := time.ParseDuration(s); err == nil && d > 0 {
		return nil
	}
	return fmt.Errorf("-benchtime %q: want a duration such as 100ms or a count such as 1000x", s)
}

// goVersion is the version of the go command that builds the benchmarks.
func goVersion(ctx context.Context, goCmd string) string {
	out, err := exec.CommandContext(ctx, goCmd, "env", "GOVERSION").Output()
	if err != nil {
		return "unknown"
	}
	return strings.TrimSpace(string(out))
}

// gitState is the short commit of dir's checkout and whether the tree has
// changes, or "unknown" outside git.
func gitState(ctx context.Context, dir string) (commit, dirty string) {
	git := func(args ...string) (string, error) {
		cmd := exec.CommandContext(ctx, "git", args...)
		cmd.Dir = dir
		out, err := cmd.Output()
		return strings.TrimSpace(string(out)), err
	}
	commit, err := git("rev-parse", "--short", "HEAD")
	if err != nil {
		return "unknown", "unknown"
	}
	status, err := git("status", "--porcelain")
	if err != nil {
		return commit, "unknown"
	}
	return commit, fmt.Sprint(status != "")
}
