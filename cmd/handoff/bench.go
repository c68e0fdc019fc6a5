package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"golang.org/x/perf/benchfmt"

	"github.com/handoffbench/handoff/bench/matrix"
	"github.com/handoffbench/handoff/bench/refs"
	"github.com/handoffbench/handoff/bench/runner"
	refsrc "github.com/handoffbench/handoff/refs"
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
	var toolchainNames []string
	if *toolchainList != "" {
		if *refsOnly {
			return fmt.Errorf("-toolchains: the reference rows alone are built with no Go release to compare")
		}
		if toolchainNames, err = parseToolchains(*toolchainList); err != nil {
			return err
		}
	}
	env := rf.env(ctx, profile)
	path, err := runner.NewPath(*rf.out, env.Date, env.Commit)
	if err != nil {
		return fmt.Errorf("-out: %w", err)
	}
	tmp, err := os.MkdirTemp("", "handoff-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	// The benchmarks are built first: the binary says which rows it
	// measures, which decide the units and the results file's rows.
	plan := runner.Plan{Rounds: *rf.rounds, Benchtime: *rf.benchtime, Seed: *rf.seed, Iters: rf.iters(), Taskset: rf.taskset()}
	var units []matrix.Unit
	var tcs []toolchain
	if *refsOnly {
		if err := checkRefNames(*rf.impls); err != nil {
			return err
		}
	} else {
		var binRows []resultfmt.Row
		if len(toolchainNames) > 0 {
			if tcs, err = buildToolchains(ctx, stderr, *rf.goCmd, *rf.pkg, tmp, toolchainNames); err != nil {
				return err
			}
			for _, tc := range tcs {
				plan.Arms = append(plan.Arms, runner.Arm{Label: tc.name, Binary: tc.binary})
			}
			binRows, err = runner.BinaryRows(ctx, *rf.goCmd, *rf.pkg, tcs[0].binary)
		} else {
			var bin string
			bin, binRows, err = rf.build(ctx, stderr, "handoff bench", tmp)
			plan.Arms = []runner.Arm{{Binary: bin}}
		}
		if err != nil {
			return err
		}
		if units, err = rf.units(profile, binRows); err != nil {
			return err
		}
		plan.Units, env.Rows = units, binRows
	}
	var refRows []refs.Ref
	if *withRefs || *refsOnly {
		refRows = selectRefs(*rf.impls, *rf.run)
		env.Rows = append(env.Rows, refs.Rows()...)
	}
	if len(units)+len(refRows) == 0 {
		return fmt.Errorf("no benchmark of profile %s matches -impls=%q -run=%q", profile.Name, *rf.impls, *rf.run)
	}
	if len(units) == 0 {
		plan.Arms, tcs = nil, nil
	}
	rf.noteAffinity(stderr, "handoff bench")
	cmds, err := prepareRefs(ctx, stderr, refRows, tmp)
	if err != nil {
		return err
	}
	for _, c := range cmds {
		plan.Extras = append(plan.Extras, runner.Extra{Label: c.Label(), Path: c.Path, Args: c.Args})
		if env.Tools == nil {
			env.Tools = map[string]string{}
		}
		env.Tools[c.Tool] = c.Version
	}
	fmt.Fprintf(stderr, "handoff bench: profile %s, %d benchmarks and %d reference rows x %d rounds, benchtime %s, order seed %d\n",
		profile.Name, len(plan.Units), len(plan.Extras), *rf.rounds, *rf.benchtime, *rf.seed)
	results, err := runner.Run(ctx, plan, runner.NewProgress(stderr))
	if len(tcs) > 0 {
		return writeToolchains(ctx, stdout, stderr, tcs, env, results, err, *rf.out, *withReport)
	}
	var host []benchfmt.Config // the machine, as the reference rows record it
	switch {
	case len(results[""]) > 0:
		host = runner.WithoutPosition(results[""][0].Config)
	case len(results[runner.ExtrasLabel]) > 0:
		var perr error
		if host, perr = probeConfig(ctx, *rf.goCmd, *rf.pkg, tmp); perr != nil {
			host = refs.HostConfig()
		}
	}
	all := results[""]
	for _, r := range results[runner.ExtrasLabel] {
		all = append(all, runner.CopyPosition(refs.Tag(r, host), r))
	}
	if err != nil {
		if ctx.Err() != nil && len(all) > 0 {
			partial := strings.TrimSuffix(path, ".txt") + ".partial.txt"
			if werr := runner.WriteFile(partial, env, all); werr == nil {
				return fmt.Errorf("interrupted; the %d results so far are in %s", len(all), partial)
			}
		}
		return err
	}
	if err := runner.WriteFile(path, env, all); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "results: %s\ncompare the implementations: go tool benchstat -ignore %s -col /impl %s\n", path, strings.Join(resultfmt.PositionKeys, ","), path)
	// Only whole runs go into the history: a trend is drawn between like
	// and like, and a subset would show as a run that lost benchmarks.
	historyDir := filepath.Join(*rf.out, "history")
	if *rf.impls == "" && *rf.run == "" && !*refsOnly {
		if err := runner.Keep(historyDir, path, *keep); err != nil {
			return fmt.Errorf("keeping %s in %s: %w", path, historyDir, err)
		}
	}
	if !*withReport {
		return nil
	}
	history, _ := runner.History(historyDir)
	return reportOnRun(stdout, stderr, path, history)
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

// prepareRefs readies the selected reference rows from refs/, saying on
// stderr which cannot run here and why.
func prepareRefs(ctx context.Context, stderr io.Writer, rows []refs.Ref, dir string) ([]refs.Command, error) {
	if len(rows) == 0 {
		return nil, nil
	}
	cmds, skipped, err := refs.Prepare(ctx, refsrc.Sources, dir, exec.LookPath)
	if err != nil {
		return nil, err
	}
	for _, line := range skipped {
		fmt.Fprintf(stderr, "handoff bench: reference row %s\n", line)
	}
	return slices.DeleteFunc(cmds, func(c refs.Command) bool {
		return !slices.ContainsFunc(rows, func(r refs.Ref) bool { return r.Name == c.Name && r.Mode == c.Mode })
	}), nil
}

// probeConfig is the configuration the benchmark binary prints (goos,
// goarch, pkg, cpu as the testing package names it), for a run of the
// reference rows alone: one iteration of the cheapest floor.
func probeConfig(ctx context.Context, goCmd, pkg, dir string) ([]benchfmt.Config, error) {
	bin, err := runner.Build(ctx, goCmd, ".", pkg, dir)
	if err != nil {
		return nil, err
	}
	probe := matrix.Unit{Case: matrix.Case{Bench: matrix.Floor, Impl: matrix.FuncCall, Mode: matrix.Roundtrip, Payload: matrix.P8B}, Procs: 1}
	out, err := exec.CommandContext(ctx, bin, append(probe.Args(), "-test.benchtime=1x")...).Output()
	if err != nil {
		return nil, err
	}
	r := benchfmt.NewReader(bytes.NewReader(out), "probe")
	for r.Scan() {
		if res, ok := r.Result().(*benchfmt.Result); ok {
			return res.Clone().Config, nil
		}
	}
	return nil, errors.New("the probe printed no result")
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
