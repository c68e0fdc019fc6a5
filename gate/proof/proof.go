// Package proof is gate-proof: the regression gate measured on real
// runs. In a temporary worktree of HEAD it makes throwaway commits, each
// slowing channels' Send by dependent arithmetic worth a given share of its
// measured GOMAXPROCS=1 roundtrip (none for an unchanged A/A commit), runs
// regress on each against its parent Runs times, the levels taking turns,
// and prints how often each was called a regression, passed, or left
// undecided, and what each gated benchmark's runs estimated. It costs Runs
// × levels regress runs (docs/noise.md has what 80 of them took), so it is
// not part of make test.
package proof

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/handoffbench/handoff/bench/matrix"
	"github.com/handoffbench/handoff/bench/runner"
	"github.com/handoffbench/handoff/gate"
	"github.com/handoffbench/handoff/stats"
)

// A Proof is one gate-proof: how many regress runs a level, which levels,
// and what each regress run is given.
type Proof struct {
	Runs   int           // regress runs per commit
	Levels []int         // slowdowns of channels' Send, in percent of its roundtrip (0: A/A)
	Budget time.Duration // each regress run's -budget
	Run    string        // each regress run's -run
	Extra  []string      // more flags for each regress run
	Keep   string        // directory for each run's JSON verdict (.json) and log (.log)
	// Self is the handoff command that runs regress, Repo the checkout
	// whose HEAD is proved.
	Self, Repo string
	// Counts proves the gate on instruction counts instead: each level
	// lengthens statemachine's Send by a share of its own instruction
	// count, and each regress run counts both builds (regress -counts) of
	// statemachine's GOMAXPROCS=1 roundtrip alone.
	Counts bool
}

// A target is what a proof changes and how regress is run on it.
type target interface {
	// commit resets tree to head and commits on it the change of level
	// pct (an empty commit at 0).
	commit(ctx context.Context, tree, head string, pct int) error
	// args are regress's flags that choose what it runs and how.
	args(p Proof) []string
	// what names the change, for the tables: "channels' Send slowed by".
	what() string
}

// ParseLevels reads a comma-separated list of Levels.
func ParseLevels(list string) ([]int, error) {
	var levels []int
	for _, l := range strings.Split(list, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(l))
		if err != nil || n < 0 {
			return nil, fmt.Errorf("-levels: %q is not a percentage", l)
		}
		levels = append(levels, n)
	}
	return levels, nil
}

// Prove runs the proof and prints its tables to stdout, its progress to
// stderr.
func (p Proof) Prove(ctx context.Context, stdout, stderr io.Writer) error {
	if p.Runs < 1 {
		return fmt.Errorf("-runs %d: want at least 1", p.Runs)
	}
	head, err := gate.ResolveBase(ctx, p.Repo, "HEAD")
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "handoff-proof-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	tree := filepath.Join(tmp, "tree")
	remove, err := gate.Worktree(ctx, p.Repo, head, tree)
	if err != nil {
		return err
	}
	defer remove()

	var tg target
	if p.Counts {
		tg, err = calibrateCounts(ctx, tree, head, tmp, p.Levels, stderr)
	} else {
		tg, err = measureTime(ctx, tree, tmp, head, stderr)
	}
	if err != nil {
		return err
	}

	if err := os.MkdirAll(p.Keep, 0o755); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "gate-proof: each run's verdict and log go to %s\n", p.Keep)
	// The levels take turns, run by run, so that the machine's drift over
	// the hours falls on every level alike and a stopped proof has figures
	// for each.
	type tally struct {
		level, pass, fail, undecided int
		rounds                       []int           // each run's rounds
		took                         []time.Duration // each run's wall time
		bench                        map[string]*proofBench
	}
	tallies := make([]tally, len(p.Levels))
	for i := range tallies {
		tallies[i].level = p.Levels[i]
		tallies[i].bench = map[string]*proofBench{}
	}
	for i := range p.Runs {
		for j, pct := range p.Levels {
			if err := tg.commit(ctx, tree, head, pct); err != nil {
				return err
			}
			t := &tallies[j]
			name := filepath.Join(p.Keep, fmt.Sprintf("level%02d-run%02d", pct, i+1))
			args := []string{"regress", "-base=HEAD~1", "-budget=" + p.Budget.String(), "-format=json", "-out=" + filepath.Join(tmp, "results")}
			args = append(append(args, tg.args(p)...), p.Extra...)
			began := time.Now()
			code, err := runKept(ctx, tree, p.Self, args, name)
			t.took = append(t.took, time.Since(began))
			switch {
			case err != nil:
				return fmt.Errorf("regress at +%d%%, run %d: %v (its log: %s.log)", pct, i+1, err, name)
			case code == 0:
				t.pass++
			case code == 1:
				t.fail++
			case code == 2:
				t.undecided++
			default:
				return fmt.Errorf("regress at +%d%%, run %d: exit %d (its log: %s.log)", pct, i+1, code, name)
			}
			rounds, err := readProofRun(name+".json", t.bench)
			if err != nil {
				return fmt.Errorf("regress at +%d%%, run %d: %v", pct, i+1, err)
			}
			t.rounds = append(t.rounds, rounds)
			fmt.Fprintf(stderr, "gate-proof: +%d%%: run %d of %d: %d regressions, %d passes, %d undecided\n", pct, i+1, p.Runs, t.fail, t.pass, t.undecided)
		}
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "%s\truns\tcalled a regression\tpassed\tundecided\tmean rounds\tseconds a run: mean, max\t\n", tg.what())
	for _, t := range tallies {
		what := "caught"
		if t.level == 0 {
			what = "false alarms"
		}
		sum := 0
		for _, r := range t.rounds {
			sum += r
		}
		var took, longest time.Duration
		for _, d := range t.took {
			took, longest = took+d, max(longest, d)
		}
		fmt.Fprintf(tw, "+%d%%\t%d\t%d (%s %.0f%%)\t%d\t%d\t%.1f\t%.0f, %.0f\t\n", t.level, p.Runs, t.fail, what, 100*float64(t.fail)/float64(p.Runs), t.pass, t.undecided,
			float64(sum)/float64(max(1, len(t.rounds))), took.Seconds()/float64(max(1, len(t.took))), longest.Seconds())
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	// What each level's slowdown was, as the runs measured it: a busy wait
	// of a share of the GOMAXPROCS=1 roundtrip is not the same share of
	// every benchmark's time.
	fmt.Fprintln(stdout)
	fmt.Fprintln(tw, "slowed by\tbenchmark\tflagged\tits estimated change: median [range] over the runs\t")
	for _, t := range tallies {
		for _, name := range slices.Sorted(maps.Keys(t.bench)) {
			b := t.bench[name]
			slices.Sort(b.changes)
			n := len(b.changes)
			fmt.Fprintf(tw, "+%d%%\t%s\t%d of %d\t%+.1f%% [%+.1f%%, %+.1f%%]\t\n", t.level, name, b.flagged, n, 100*b.changes[n/2], 100*b.changes[0], 100*b.changes[n-1])
		}
	}
	return tw.Flush()
}

// proofBench is one gated benchmark's record over a level's runs.
type proofBench struct {
	flagged int       // runs that called it a regression
	changes []float64 // each run's estimate of its change
}

// readProofRun reads a regress run's JSON verdict into bench, by gated
// benchmark, and returns the rounds it ran.
func readProofRun(path string, bench map[string]*proofBench) (int, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	var v gate.PairedReport
	if err := json.Unmarshal(data, &v); err != nil {
		return 0, fmt.Errorf("%s: %v", path, err)
	}
	for _, d := range v.Counts {
		change := d.Change
		judged := gate.PairedDelta{Benchmark: d.Benchmark + " (instructions/op)", Gated: true, Change: &change, Verdict: d.Verdict}
		v.Deltas = append(v.Deltas, judged)
	}
	for _, d := range v.Deltas {
		if !d.Gated {
			continue
		}
		b := bench[d.Benchmark]
		if b == nil {
			b = &proofBench{}
			bench[d.Benchmark] = b
		}
		change := math.Inf(1) // null: infinite, from a zero
		if d.Change != nil {
			change = *d.Change
		}
		b.changes = append(b.changes, change)
		if d.Verdict == string(stats.Regression) {
			b.flagged++
		}
	}
	return v.Rounds, nil
}

// runKept runs self with args in dir, its stdout to name.json and its
// stderr to name.log, and returns its exit code; err is for a run that
// could not start or be waited for.
func runKept(ctx context.Context, dir, self string, args []string, name string) (int, error) {
	out, err := os.Create(name + ".json")
	if err != nil {
		return 0, err
	}
	defer out.Close()
	log, err := os.Create(name + ".log")
	if err != nil {
		return 0, err
	}
	defer log.Close()
	cmd := exec.CommandContext(ctx, self, args...)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = out, log
	err = cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode(), nil
	}
	return 0, err
}

// timeTarget slows channels' Send by a share of its roundtrip, and runs
// regress on channels' timings.
type timeTarget struct{ roundtrip float64 }

func measureTime(ctx context.Context, tree, tmp, head string, log io.Writer) (target, error) {
	roundtrip, err := measureRoundtrip(ctx, tree, tmp)
	if err != nil {
		return nil, fmt.Errorf("measuring channels' roundtrip: %w", err)
	}
	fmt.Fprintf(log, "gate-proof: channels' roundtrip measures %.0f ns at HEAD (%s)\n", roundtrip, head[:7])
	return timeTarget{roundtrip}, nil
}

func (t timeTarget) commit(ctx context.Context, tree, head string, pct int) error {
	return slowCommit(ctx, tree, head, time.Duration(t.roundtrip*float64(pct)/100), pct)
}

func (t timeTarget) args(p Proof) []string { return []string{"-impls=channels", "-run=" + p.Run} }
func (t timeTarget) what() string          { return "channels' Send slowed by" }

// measureRoundtrip is the median ns/op of channels' roundtrip at tree, from
// five short runs, confined to a CPU as regress runs it.
func measureRoundtrip(ctx context.Context, tree, tmp string) (float64, error) {
	bin, err := runner.Build(ctx, "go", tree, "./bench", tmp)
	if err != nil {
		return 0, err
	}
	u := matrix.Unit{Case: matrix.Case{Bench: matrix.Handoff, Impl: "channels", Mode: matrix.Roundtrip, Payload: matrix.P8B}, Procs: matrix.Procs()[0]}
	rs, err := runner.Run(ctx, runner.Plan{Units: []matrix.Unit{u}, Arms: []runner.Arm{{Binary: bin}}, Rounds: 5, Benchtime: "100ms", Seed: 1, Taskset: runner.TasksetPath()}, nil)
	if err != nil {
		return 0, err
	}
	var ns []float64
	for _, r := range rs[""] {
		if v, ok := stats.NsPerOp(r); ok {
			ns = append(ns, v)
		}
	}
	if len(ns) == 0 {
		return 0, errors.New("no ns/op")
	}
	slices.Sort(ns)
	return ns[len(ns)/2], nil
}

// sendAnchor is the first line of channels' Send, which a level's busy
// wait follows.
const sendAnchor = "func (c *conn[In, Out]) Send(v In) (Out, error) {\n"

// slowCommit resets tree to head and commits on it a busy wait of d at the
// start of channels' Send (an empty commit when d is 0).
func slowCommit(ctx context.Context, tree, head string, d time.Duration, pct int) error {
	var p *patch
	if d > 0 {
		p = &patch{dir: filepath.Join("impls", "channels"), file: "channels.go", anchor: sendAnchor, insert: "\tproofSpin()\n",
			newFile: "proof_spin.go", newSrc: fmt.Sprintf(proofSpinSource, d.Nanoseconds(), iters(d))}
	}
	return patchCommit(ctx, tree, head, p, fmt.Sprintf("gate-proof: channels' Send slowed by %d%% (%s)", pct, d))
}

// A patch is a level's change to a package of the tree: lines inserted
// after the one occurrence of anchor in file, and a new file beside it
// that declares what they use.
type patch struct {
	dir, file, anchor, insert string
	newFile, newSrc           string
}

// patchCommit resets tree to head and commits on it p (an empty commit
// when p is nil, as for the unchanged A/A level).
func patchCommit(ctx context.Context, tree, head string, p *patch, message string) error {
	if _, err := gate.Git(ctx, tree, "checkout", "--detach", "--quiet", "--force", head); err != nil {
		return err
	}
	if p != nil {
		path := filepath.Join(tree, p.dir, p.file)
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if strings.Count(string(src), p.anchor) != 1 {
			return fmt.Errorf("%s: not one %q to insert after", path, strings.TrimSpace(p.anchor))
		}
		src = []byte(strings.Replace(string(src), p.anchor, p.anchor+p.insert, 1))
		if err := os.WriteFile(path, src, 0o644); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(tree, p.dir, p.newFile), []byte(p.newSrc), 0o644); err != nil {
			return err
		}
	}
	return commitAll(ctx, tree, message)
}

// commitAll commits everything in tree, as gate-proof, with message (an
// empty commit if nothing changed).
func commitAll(ctx context.Context, tree, message string) error {
	if _, err := gate.Git(ctx, tree, "add", "--all"); err != nil {
		return err
	}
	_, err := gate.Git(ctx, tree, "-c", "user.name=gate-proof", "-c", "user.email=gate-proof@invalid", "commit", "--quiet", "--allow-empty", "--message", message)
	return err
}

// proofSpinSource is the slowdown committed into channels: proofWork's
// loop, with its iteration count calibrated on this machine.
const proofSpinSource = `package channels

// proofSink keeps proofSpin's loop from being removed.
var proofSink uint64

// proofSpin is gate-proof's calibrated slowdown: about %d ns of dependent
// arithmetic. It does not read the clock, whose own cost on a VM can be
// larger than the slowdown.
//
//go:noinline
func proofSpin() {
	x := proofSink
	for i := range uint64(%d) {
		x = x*0x9E3779B97F4A7C15 + i
	}
	proofSink = x
}
`

// proofSink and proofWork are proofSpinSource's loop, compiled here to
// calibrate it.
var proofSink uint64

//go:noinline
func proofWork(n uint64) {
	x := proofSink
	for i := range n {
		x = x*0x9E3779B97F4A7C15 + i
	}
	proofSink = x
}

// iters is how many rounds of proofWork's loop take about d on this
// machine: the fastest of five timings of ten million.
func iters(d time.Duration) uint64 {
	const n = 10_000_000
	best := time.Duration(1 << 62)
	for range 5 {
		t0 := time.Now()
		proofWork(n)
		best = min(best, time.Since(t0))
	}
	return max(1, uint64(float64(d)/float64(best)*n+0.5))
}
