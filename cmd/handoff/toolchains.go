package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/perf/benchfmt"

	"github.com/handoffbench/handoff/bench/refs"
	"github.com/handoffbench/handoff/bench/runner"
	"github.com/handoffbench/handoff/report"
)

// A toolchain is a Go release that a run measures as one of its arms
// (make bench TOOLCHAINS=go1.26.8,go1.27.3): the benchmarks built with it,
// run back to back with the others' in every round, and written to a
// results file of its own, so that a release's effect is measured side by
// side, not across days.
type toolchain struct {
	name    string // as GOTOOLCHAIN takes it: go1.27.3
	version string // what its go command reports
	binary  string
}

// parseToolchains reads -toolchains: two or more Go releases, none twice.
func parseToolchains(s string) ([]string, error) {
	names := strings.Split(s, ",")
	if len(names) < 2 {
		return nil, fmt.Errorf("-toolchains %q: want two or more Go releases, comma-separated, such as go1.26.8,go1.27.3", s)
	}
	for i, n := range names {
		if !strings.HasPrefix(n, "go1.") {
			return nil, fmt.Errorf("-toolchains: %q is not a Go release such as go1.27.3", n)
		}
		if slices.Contains(names[:i], n) {
			return nil, fmt.Errorf("-toolchains: %s is named twice", n)
		}
	}
	return names, nil
}

// buildToolchains asks each release's go command for its version — which
// fetches the release through the module proxy if it must — before
// anything is built or run, so that a release that cannot be had stops the
// run at once; then builds the benchmarks with each.
func buildToolchains(ctx context.Context, stderr io.Writer, goCmd, pkg, dir string, names []string) ([]toolchain, error) {
	tcs := make([]toolchain, len(names))
	for i, n := range names {
		cmd := exec.CommandContext(ctx, goCmd, "env", "GOVERSION")
		cmd.Env = append(os.Environ(), "GOTOOLCHAIN="+n)
		out, err := cmd.CombinedOutput()
		if err != nil {
			return nil, fmt.Errorf("-toolchains: %s cannot be had here (GOTOOLCHAIN=%s %s env GOVERSION: %v): %s", n, n, goCmd, err, strings.TrimSpace(string(out)))
		}
		tcs[i] = toolchain{name: n, version: strings.TrimSpace(string(out))}
	}
	for i := range tcs {
		fmt.Fprintf(stderr, "handoff bench: building %s with %s\n", pkg, tcs[i].version)
		bin, err := runner.BuildToolchain(ctx, goCmd, ".", pkg, filepath.Join(dir, tcs[i].name), tcs[i].name)
		if err != nil {
			return nil, err
		}
		tcs[i].binary = bin
	}
	return tcs, nil
}

// writeToolchains writes each release's results to a file of its own,
// <date>-<commit>-<release>.txt, the reference rows in the last one, and
// reports on the last release with a page of what changed since the first.
// An interrupted run leaves .partial.txt files; a failed one, none.
func writeToolchains(ctx context.Context, stdout, stderr io.Writer, tcs []toolchain, env runner.Env, results map[string][]*benchfmt.Result, runErr error, out string, withReport bool) error {
	interrupted := runErr != nil && ctx.Err() != nil
	if runErr != nil && !interrupted {
		return runErr
	}
	var host []benchfmt.Config // the machine, as the reference rows record it
	for _, tc := range tcs {
		if rs := results[tc.name]; len(rs) > 0 && host == nil {
			host = runner.WithoutPosition(rs[0].Config)
		}
	}
	var paths []string
	for i, tc := range tcs {
		all := results[tc.name]
		if len(all) == 0 {
			continue
		}
		// The reference rows ran once a round, not once an arm: they go
		// with the last release, the one the report is on.
		for _, r := range results[runner.ExtrasLabel] {
			if i == len(tcs)-1 {
				all = append(all, runner.CopyPosition(refs.Tag(r, host), r))
			}
		}
		e := env
		e.Go, e.Toolchain = tc.version, tc.name
		path, err := runner.NewPath(out, e.Date, e.Commit+"-"+tc.name)
		if err != nil {
			return fmt.Errorf("-out: %w", err)
		}
		if interrupted {
			path = strings.TrimSuffix(path, ".txt") + ".partial.txt"
		}
		if err := runner.WriteFile(path, e, all); err != nil {
			return err
		}
		paths = append(paths, path)
	}
	if interrupted {
		return fmt.Errorf("interrupted; the results so far are in %s", strings.Join(paths, ", "))
	}
	for i, p := range paths {
		fmt.Fprintf(stdout, "results (%s): %s\n", tcs[i].version, p)
	}
	if !withReport || len(paths) < 2 {
		return nil
	}
	last := paths[len(paths)-1]
	outs, err := report.Build(report.Options{Results: last, Base: paths[0], Warn: stderr})
	if err != nil {
		return reportFailed(last, paths[0], err)
	}
	fmt.Fprintf(stdout, "report: %s (its page %q compares %s with %s)\nsummary: %s\ncharts: %s/\n", outs.PDF, "What changed between Go releases", tcs[len(tcs)-1].version, tcs[0].version, outs.Markdown, outs.Charts)
	return nil
}
