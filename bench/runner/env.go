package runner

import (
	"bytes"
	"context"
	"os"
	"runtime"
	"time"

	"fmt"
	"os/exec"
	"strings"

	"github.com/handoffbench/handoff/bench/matrix"
	"github.com/handoffbench/handoff/resultfmt"
)

// NewEnv is the configuration a run's results file records, as far as
// the run knows it before it builds: the go command's version, the date,
// the checkout's commit, the profile and how each unit runs (its rounds,
// benchtime and seed; whether every run ramps its b.N, and whether runs
// are confined to their CPUs), the GOMAXPROCS values and the machine's
// CPUs. The build adds the rows.
func NewEnv(ctx context.Context, goCmd, profile, benchtime string, rounds int, seed uint64, ramped, confined bool) Env {
	env := Env{
		Go: GoVersion(ctx, goCmd), Date: time.Now(), Profile: profile, Benchtime: benchtime, Rounds: rounds, Seed: seed,
		Procs: matrix.Procs(), Cores: runtime.NumCPU(),
	}
	env.SetRunWay(ramped, confined)
	env.Commit, env.Dirty = GitState(ctx, ".")
	return env
}

// SetRunWay records how each unit ran: whether every run ramped its b.N
// (else the first run's b.N was fixed for the rest), and whether runs
// below the CPU count were confined to their CPUs.
func (e *Env) SetRunWay(ramped, confined bool) {
	e.Iterations, e.Affinity = "fixed", "none"
	if ramped {
		e.Iterations = "ramped"
	}
	if confined {
		e.Affinity = "first-gomaxprocs-cpus"
	}
}

// AffinityNote is what to say when confining runs was asked for but this
// machine cannot (no taskset on a Linux with several CPUs), or "": the run
// goes on unconfined, as its results file records.
func AffinityNote() string {
	if TasksetPath() != "" || runtime.GOOS != "linux" || runtime.NumCPU() < 2 {
		return ""
	}
	return "no taskset on PATH: runs below the CPU count are not confined to their CPUs (cpu-affinity: none), and their GOMAXPROCS=1 numbers are noisier (docs/noise.md); util-linux has it"
}

// BuildAndDescribe builds the benchmark package in pkgDir into dir (Build)
// and asks the binary which rows it measures (BinaryRows).
func BuildAndDescribe(ctx context.Context, goCmd, pkgDir, dir string) (string, []resultfmt.Row, error) {
	bin, err := Build(ctx, goCmd, ".", pkgDir, dir)
	if err != nil {
		return "", nil, err
	}
	rs, err := BinaryRows(ctx, goCmd, pkgDir, bin)
	return bin, rs, err
}

// GoVersion is the version of the go command that builds the benchmarks,
// or "unknown".
func GoVersion(ctx context.Context, goCmd string) string {
	v, err := goVersion(ctx, goCmd, "")
	if err != nil {
		return "unknown"
	}
	return v
}

// goVersion is what goCmd reports as its version (go env GOVERSION), as
// the Go release toolchain (GOTOOLCHAIN) where not "". Its error says
// what the command printed on stderr; on success, stderr (a toolchain's
// "go: downloading" line) is no part of the version.
func goVersion(ctx context.Context, goCmd, toolchain string) (string, error) {
	cmd := exec.CommandContext(ctx, goCmd, "env", "GOVERSION")
	if toolchain != "" {
		cmd.Env = append(os.Environ(), "GOTOOLCHAIN="+toolchain)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("%v: %s", err, strings.TrimSpace(stderr.String()))
	}
	return strings.TrimSpace(string(out)), nil
}

// GitState is the short commit of dir's checkout and whether the tree has
// changes, or "unknown" outside git.
func GitState(ctx context.Context, dir string) (commit, dirty string) {
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
