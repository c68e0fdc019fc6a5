package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/handoffbench/handoff/bench/matrix"
	"github.com/handoffbench/handoff/bench/runner"
	"github.com/handoffbench/handoff/impls"
	"github.com/handoffbench/handoff/report"
)

func runBench(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	fs := newFlags("bench", stderr, "[flags]")
	profileName := fs.String("profile", "default", "which benchmarks: quick, default or full")
	implList := fs.String("impls", "", "comma-separated implementations and floors to run (default all)")
	runExpr := fs.String("run", "", "regular expression a benchmark's name must match, e.g. 'Handoff/.*/mode=stream'")
	rounds := fs.Int("rounds", 0, "rounds, each running every benchmark once (default: the profile's)")
	benchtime := fs.String("benchtime", "", "-test.benchtime of each run (default: the profile's)")
	seed := fs.Uint64("seed", 0, "seed of the per-round shuffles (default random; recorded in the results)")
	out := fs.String("out", "results", "directory of the results file")
	pkg := fs.String("pkg", "./bench", "the benchmark package")
	goCmd := fs.String("go", "go", "the go command")
	withReport := fs.Bool("report", true, "write the report (PDF, charts, Markdown) beside the results")
	keep := fs.Int("history", 20, "how many results files to keep in <out>/history for the report's trend page (0: none)")
	if err := parse(fs, args); err != nil {
		return err
	}
	profile, err := matrix.LookupProfile(*profileName)
	if err != nil {
		return fmt.Errorf("-profile: %w", err)
	}
	units, err := selectUnits(profile, *implList, *runExpr)
	if err != nil {
		return err
	}
	if *rounds == 0 {
		*rounds = profile.Rounds
	}
	if *rounds < 1 {
		return fmt.Errorf("-rounds %d: need at least 1 (benchstat wants 6 for a 95%% interval)", *rounds)
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

	env := runner.Env{
		Go:        goVersion(ctx, *goCmd),
		Date:      time.Now(),
		Profile:   profile.Name,
		Benchtime: *benchtime,
		Rounds:    *rounds,
		Seed:      *seed,
		Procs:     matrix.Procs(),
	}
	env.Commit, env.Dirty = gitState(ctx, ".")
	path, err := runner.NewPath(*out, env.Date, env.Commit)
	if err != nil {
		return fmt.Errorf("-out: %w", err)
	}

	tmp, err := os.MkdirTemp("", "handoff-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	fmt.Fprintf(stderr, "handoff bench: building %s\n", *pkg)
	bin, err := runner.Build(ctx, *goCmd, ".", *pkg, tmp)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "handoff bench: profile %s, %d benchmarks x %d rounds, benchtime %s, order seed %d\n",
		profile.Name, len(units), *rounds, *benchtime, *seed)
	plan := runner.Plan{Units: units, Arms: []runner.Arm{{Binary: bin}}, Rounds: *rounds, Benchtime: *benchtime, Seed: *seed}
	results, err := runner.Run(ctx, plan, runner.NewProgress(stderr))
	if err != nil {
		if ctx.Err() != nil && len(results[""]) > 0 {
			partial := strings.TrimSuffix(path, ".txt") + ".partial.txt"
			if werr := runner.WriteFile(partial, env, results[""]); werr == nil {
				return fmt.Errorf("interrupted; the %d results so far are in %s", len(results[""]), partial)
			}
		}
		return err
	}
	if err := runner.WriteFile(path, env, results[""]); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "results: %s\ncompare the implementations: go tool benchstat -col /impl %s\n", path, path)
	if *keep < 0 {
		return fmt.Errorf("-history %d: want a count of at least 0", *keep)
	}
	historyDir := filepath.Join(*out, "history")
	if err := runner.Keep(historyDir, path, *keep); err != nil {
		return fmt.Errorf("keeping %s in %s: %w", path, historyDir, err)
	}
	if !*withReport {
		return nil
	}
	history, _ := runner.History(historyDir)
	outs, err := report.Build(report.Options{Results: path, History: history, Warn: stderr})
	if err != nil {
		return fmt.Errorf("report on %s: %w (the results are kept; retry with make report RESULTS=%s)", path, err, path)
	}
	fmt.Fprintf(stdout, "report: %s\nsummary: %s\ncharts: %s/\n", outs.PDF, outs.Markdown, outs.Charts)
	return nil
}

// selectUnits is the profile's units, narrowed to the named implementations
// and floors and to names matching expr.
func selectUnits(p matrix.Profile, implList, expr string) ([]matrix.Unit, error) {
	units := p.Units()
	if implList != "" {
		known := []string{}
		for _, im := range impls.All {
			known = append(known, im.Name)
		}
		known = append(known, matrix.Floors...)
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
	if len(units) == 0 {
		return nil, fmt.Errorf("no benchmark of profile %s matches -impls=%q -run=%q", p.Name, implList, expr)
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
