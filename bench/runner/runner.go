// Package runner is what make bench runs. It builds the benchmark binary
// (Build), asks it which rows it measures (BinaryRows), and runs a
// profile's units in rounds (Run): every round runs every unit
// once, each in a fresh process, in an order shuffled per round from a
// recorded seed, so that drift in the machine (thermal, noisy neighbours)
// falls on every implementation alike rather than on whichever ran last —
// the practice benchstat's documentation recommends. It shows progress as it
// goes and writes one results file in the Go benchmark format, with the
// configuration and Unit lines that benchstat, the report and the regression
// gate read.
package runner

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/perf/benchfmt"

	"github.com/handoffbench/handoff/bench/matrix"
)

// An Arm is one benchmark binary taking part in a run: the working tree's,
// or for a regression check also a baseline's.
type Arm struct {
	Label  string // names the arm in progress and errors
	Binary string // path of the built test binary
	// Partial arms may lack some of the plan's benchmarks (a baseline
	// built before they existed): a unit that gives no result there is
	// skipped on that arm from then on, rather than failing the run.
	Partial bool

	// An arm may run its units differently from the others, as the
	// noise study's variants do; the zero values take the plan's way.
	Env       []string // added to the process's environment
	Benchtime string   // the arm's own -test.benchtime ("": the plan's)
	Count     int      // -test.count: runs in one process, each a result (0: one)
	// Iters, when not nil, fixes the arm's b.N by unit as Plan.Iters
	// does, for this arm alone.
	Iters map[string]int
	// Taskset confines the arm's runs as Plan.Taskset does, where the
	// plan confines none.
	Taskset string
}

// A Plan is what to run: the units, on which arms, how many rounds, how
// long each run, and the seed of the per-round shuffles.
type Plan struct {
	Units     []matrix.Unit
	Arms      []Arm
	Extras    []Extra // programs run once a round beside the units
	Rounds    int
	Benchtime string
	Seed      uint64
	// FirstRound numbers the plan's first round (1 when zero), so that a
	// run in chunks — a sequential regress adding rounds for the units
	// still undecided — numbers and shuffles every round as one long run
	// would: round k's order depends only on the seed and k.
	FirstRound int
	// Iters, when not nil, fixes each unit's b.N after its first run. That
	// run, on whichever arm goes first, ramps to the benchtime as go test
	// does and records its b.N here by unit; every later run of the unit,
	// on every arm and in every later round, runs that many iterations
	// (-test.benchtime=<N>x). The rounds then measure the same work, and
	// skip the ramp (docs/noise.md has what that saved and did not narrow).
	// One exception keeps a
	// bad first run from setting the work of the whole run: when a fixed
	// run takes less than half the benchtime, the first run was slowed,
	// and b.N is raised to what fills the benchtime at the later run's
	// speed (at most 100x a step; it is never lowered). Pass the same map
	// to every chunk of one run. It has no effect when the benchtime is a
	// count (100x) rather than a duration, nor on a unit whose every run
	// must ramp (matrix.Case.Ramps: a row under load).
	Iters map[string]int
	// Taskset, when not "", is the path of taskset(1): every unit whose
	// GOMAXPROCS is below the machine's CPU count runs confined to the
	// first GOMAXPROCS CPUs, so that a process is not fast or slow by
	// which CPU the OS puts it on (docs/noise.md has the machine that
	// needed it, and what it narrowed). TasksetPath returns it for this
	// machine.
	Taskset string
}

// TasksetPath is the path of taskset when this machine can confine a
// process to some of its CPUs (Linux, taskset on PATH, more than one CPU),
// or "".
func TasksetPath() string {
	if runtime.GOOS != "linux" || runtime.NumCPU() < 2 {
		return ""
	}
	path, err := exec.LookPath("taskset")
	if err != nil {
		return ""
	}
	return path
}

// An Extra is a program outside the benchmark binary that prints one line
// of the Go benchmark format per run — a reference row — run with the
// benchtime in seconds appended to its arguments. Its results go under the
// label "extras".
type Extra struct {
	Label string
	Path  string
	Args  []string
}

// ExtrasLabel is the key of the extras' results in what Run returns.
const ExtrasLabel = "extras"

// Run runs the plan and returns each arm's results, in the order they ran,
// each tagged with its round and its arm's position in the round (see
// Position). It stops at the first benchmark that fails (its validation, a crash, no
// result) with an error that names it and quotes its output; on ctx's end it
// stops at once and returns what it has with ctx's error.
func Run(ctx context.Context, p Plan, progress *Progress) (map[string][]*benchfmt.Result, error) {
	if p.Rounds < 1 {
		return nil, fmt.Errorf("rounds must be at least 1, not %d", p.Rounds)
	}
	if len(p.Units)+len(p.Extras) == 0 {
		return nil, errors.New("no benchmarks to run")
	}
	if _, err := time.ParseDuration(p.Benchtime); err != nil {
		p.Iters = nil
	}
	results := map[string][]*benchfmt.Result{}
	lacking := map[string]bool{} // arm label + unit, for partial arms
	perRound := len(p.Units)*len(p.Arms) + len(p.Extras)
	first := max(p.FirstRound, 1)
	progress.start(first, p.Rounds, perRound)
	for round := first; round < first+p.Rounds; round++ {
		r := rand.New(rand.NewPCG(p.Seed, uint64(round)))
		order := r.Perm(len(p.Units) + len(p.Extras))
		done := 0
		for _, k := range order {
			if k >= len(p.Units) {
				x := p.Extras[k-len(p.Units)]
				done++
				progress.step(round, done, "", x.Label)
				rs, err := runExtra(ctx, x, p.Benchtime)
				if err != nil {
					if ctx.Err() != nil {
						return results, ctx.Err()
					}
					return results, fmt.Errorf("round %d: %w", round, err)
				}
				results[ExtrasLabel] = append(results[ExtrasLabel], tag(rs, round, 1)...)
				continue
			}
			u := p.Units[k]
			// Several arms run back to back per unit, in an order shuffled
			// too, so neither always runs first.
			for pos, a := range r.Perm(len(p.Arms)) {
				arm := p.Arms[a]
				done++
				progress.step(round, done, arm.Label, u.String())
				if lacking[arm.Label+u.String()] {
					continue
				}
				want, iters := cmp.Or(arm.Benchtime, p.Benchtime), p.Iters
				bt := want
				if arm.Iters != nil {
					iters = arm.Iters
				}
				if _, err := time.ParseDuration(bt); err != nil {
					iters = nil // a count of iterations is fixed already
				}
				if n, ok := iters[u.String()]; ok && !u.Ramps() {
					bt = strconv.Itoa(n) + "x"
				}
				rs, err := runUnit(ctx, arm, u, bt, cmp.Or(arm.Taskset, p.Taskset))
				switch {
				case err == nil:
					if !u.Ramps() {
						fix(iters, want, u.String(), rs[0])
					}
					results[arm.Label] = append(results[arm.Label], tag(rs, round, pos+1)...)
				case ctx.Err() != nil:
					return results, ctx.Err()
				case arm.Partial && errors.Is(err, errNoResult):
					lacking[arm.Label+u.String()] = true
				default:
					return results, fmt.Errorf("round %d, %s: %w", round, arm.Label, err)
				}
			}
		}
	}
	progress.done()
	return results, nil
}

// fix records a unit's b.N in iters from its first run, and raises it
// when a run at the fixed b.N took less than half the benchtime (see
// Plan.Iters).
func fix(iters map[string]int, benchtime, unit string, r *benchfmt.Result) {
	if iters == nil || r.Iters <= 0 {
		return
	}
	n, fixed := iters[unit]
	if !fixed {
		iters[unit] = r.Iters
		return
	}
	secs, ok := r.Value("sec/op")
	want, _ := time.ParseDuration(benchtime)
	if took := secs * float64(r.Iters); ok && secs > 0 && took < want.Seconds()/2 {
		iters[unit] = max(n, int(math.Round(math.Min(want.Seconds()/secs, 100*float64(n)))))
	}
}

// errNoResult marks a unit whose run printed no result: the binary does
// not have that benchmark.
var errNoResult = errors.New("no result")

// runUnit runs one unit in a fresh process of the arm's binary.
func runUnit(ctx context.Context, arm Arm, u matrix.Unit, benchtime, taskset string) ([]*benchfmt.Result, error) {
	args := append(u.Args(), "-test.benchmem", "-test.benchtime="+benchtime)
	if arm.Count > 1 {
		args = append(args, "-test.count="+strconv.Itoa(arm.Count))
	}
	cmd := Command(ctx, taskset, u.Procs, arm.Binary, args...)
	if len(arm.Env) > 0 {
		cmd.Env = append(os.Environ(), arm.Env...)
	}
	return runOne(u.String(), cmd, max(arm.Count, 1))
}

// Command runs bin with args; with taskset (Plan.Taskset), confined to the
// first procs CPUs when procs is below the CPU count.
func Command(ctx context.Context, taskset string, procs int, bin string, args ...string) *exec.Cmd {
	if taskset != "" && procs < runtime.NumCPU() {
		return exec.CommandContext(ctx, taskset, append([]string{"-c", fmt.Sprintf("0-%d", procs-1), bin}, args...)...)
	}
	return exec.CommandContext(ctx, bin, args...)
}

// runExtra runs an extra program once, with the benchtime in seconds (a
// count such as 100x, which it cannot take, becomes 0.1s).
func runExtra(ctx context.Context, x Extra, benchtime string) ([]*benchfmt.Result, error) {
	seconds := 0.1
	if d, err := time.ParseDuration(benchtime); err == nil {
		seconds = d.Seconds()
	}
	args := append(slices.Clone(x.Args), strconv.FormatFloat(seconds, 'f', -1, 64))
	return runOne(x.Label, exec.CommandContext(ctx, x.Path, args...), 1)
}

// runOne runs cmd and parses its output with benchfmt: exactly want
// results, or an error that quotes the output.
func runOne(name string, cmd *exec.Cmd, want int) ([]*benchfmt.Result, error) {
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	runErr := cmd.Run()
	r := benchfmt.NewReader(bytes.NewReader(out.Bytes()), name)
	var results []*benchfmt.Result
	for r.Scan() {
		if res, ok := r.Result().(*benchfmt.Result); ok {
			results = append(results, res.Clone())
		}
	}
	switch {
	case runErr != nil:
		return nil, fmt.Errorf("%s failed: %v\n%s", name, runErr, tail(out.String(), 30))
	case r.Err() != nil:
		return nil, fmt.Errorf("%s: reading its output: %v", name, r.Err())
	case len(results) == 0:
		return nil, fmt.Errorf("%s gave no result: is the binary built from the same matrix? (%w)\n%s", name, errNoResult, tail(out.String(), 30))
	case len(results) != want:
		return nil, fmt.Errorf("%s gave %d results, want %d\n%s", name, len(results), want, tail(out.String(), 30))
	}
	return results, nil
}

// tail is the last n lines of s, indented, for an error message.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = append([]string{"\t..."}, lines[len(lines)-n:]...)
	}
	return "\t" + strings.Join(lines, "\n\t")
}

// Build compiles the benchmark package in directory pkg (relative to
// modDir, or absolute) into a test binary in dir, with the go command
// goCmd run in pkg's directory, so that pkg may be in a module of its own.
func Build(ctx context.Context, goCmd, modDir, pkg, dir string) (string, error) {
	return BuildToolchain(ctx, goCmd, modDir, pkg, dir, "")
}

// BuildToolchain is Build with GOTOOLCHAIN set to toolchain, a Go release
// such as go1.27.3 that the go command fetches if it must; "" builds with
// the go command's own.
func BuildToolchain(ctx context.Context, goCmd, modDir, pkg, dir, toolchain string) (string, error) {
	bin, err := filepath.Abs(filepath.Join(dir, "bench.test"))
	if err != nil {
		return "", err
	}
	// Built in its own directory, so that a package of another module
	// (its own go.mod, a replace of this one) builds with that module's
	// requirements.
	pkgDir := pkg
	if !filepath.IsAbs(pkg) {
		pkgDir = filepath.Join(modDir, pkg)
	}
	if st, err := os.Stat(pkgDir); err != nil || !st.IsDir() {
		return "", fmt.Errorf("-pkg %s: no such directory (in %s)", pkg, modDir)
	}
	cmd := exec.CommandContext(ctx, goCmd, "test", "-c", "-o", bin, ".")
	cmd.Dir = pkgDir
	with := ""
	if toolchain != "" {
		cmd.Env = append(os.Environ(), "GOTOOLCHAIN="+toolchain)
		with = "GOTOOLCHAIN=" + toolchain + " "
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("building the benchmarks (%s%s test -c in %s): %v\n%s", with, goCmd, pkgDir, err, tail(string(out), 40))
	}
	if _, err := os.Stat(bin); err != nil {
		return "", fmt.Errorf("building the benchmarks: %s test -c %s made no binary: %v", goCmd, pkg, err)
	}
	return bin, nil
}

// A Progress reports on a writer how far a run is: round k of n, benchmark
// i of m, elapsed time and an estimate of the time left. On a terminal it
// redraws one line; elsewhere (CI logs) it prints a line every few seconds.
type Progress struct {
	w        io.Writer
	tty      bool
	every    time.Duration
	began    time.Time
	last     time.Time
	first    int // the first round's number
	rounds   int
	perRound int
}

// NewProgress reports on w; nil w reports nothing.
func NewProgress(w io.Writer) *Progress {
	p := &Progress{w: w, every: 5 * time.Second}
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			p.tty = true
		}
	}
	return p
}

func (p *Progress) start(first, rounds, perRound int) {
	if p == nil {
		return
	}
	p.first, p.rounds, p.perRound = first, rounds, perRound
	p.began = time.Now()
}

func (p *Progress) step(round, i int, arm, name string) {
	if p == nil || p.w == nil {
		return
	}
	total := p.rounds * p.perRound
	finished := (round-p.first)*p.perRound + i - 1
	elapsed := time.Since(p.began)
	eta := "?"
	if finished > 0 {
		eta = fmtDuration(elapsed * time.Duration(total-finished) / time.Duration(finished))
	}
	if arm != "" {
		name = arm + ": " + name
	}
	line := fmt.Sprintf("round %d/%d  benchmark %d/%d  elapsed %s  ETA %s  %s", round, p.first+p.rounds-1, i, p.perRound, fmtDuration(elapsed), eta, name)
	switch {
	case p.tty:
		fmt.Fprintf(p.w, "\r\033[K%s", line)
	case time.Since(p.last) >= p.every || i == 1:
		fmt.Fprintln(p.w, line)
		p.last = time.Now()
	}
}

func (p *Progress) done() {
	if p == nil || p.w == nil {
		return
	}
	if p.tty {
		fmt.Fprint(p.w, "\r\033[K")
	}
	fmt.Fprintf(p.w, "%d rounds of %d benchmarks done in %s\n", p.rounds, p.perRound, fmtDuration(time.Since(p.began)))
}

func fmtDuration(d time.Duration) string {
	d = d.Round(time.Second)
	return fmt.Sprintf("%d:%02d", int(d.Minutes()), int(d.Seconds())%60)
}
