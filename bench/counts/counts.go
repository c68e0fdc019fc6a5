// Package counts counts the instructions a benchmark executes per op,
// under Valgrind's cachegrind: a measure that, for a benchmark that runs
// on one thread, barely moves between runs on a noisy machine, where wall
// time moves by percents. It runs the benchmark binary at two b.N values
// and divides the difference of their totals by the difference of the
// N, so that what a process does once (start-up, the benchmark's set-up,
// its first run of b.N=1) cancels.
//
// Whether a benchmark counts steadily is measured, not assumed: it is
// counted Repeats times, and counted only when every count agrees with the
// others within Tolerance. Benchmarks that cannot be counted honestly are
// not tried, and say why (Try): those that read the clock or are sized by
// it, and those that run at GOMAXPROCS above 1, where Valgrind, which runs
// one thread at a time, would make the count measure its scheduling.
//
// Costs: a count is two runs under cachegrind, whose difference is Span
// instructions, plus a pilot count that sizes them; cachegrind with its
// cache simulation off executes a few hundred million instructions a
// second, so a benchmark's Repeats counts take seconds. Counts run Jobs
// processes at a time: a count does not depend on the other processes on
// the machine, as long as Env holds.
package counts

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/perf/benchfmt"

	"github.com/handoffbench/handoff/bench/matrix"
	"github.com/handoffbench/handoff/resultfmt"
	"github.com/handoffbench/handoff/stats"
)

// Defaults of a Counter.
const (
	DefaultRepeats   = 5
	DefaultTolerance = 0.005 // 0.5%
	// DefaultSpan is how many instructions the difference between the two
	// runs of a count should hold. What varies between processes even with
	// Env (some 0.1 to 0.2 million instructions) is then below 0.1% of it.
	DefaultSpan = 250e6
	// The pilot's two b.N, which size a count's: a rough instructions/op.
	pilotN = 100_000
	// A count's larger b.N stays within these.
	minN, maxN = 20_000, 40_000_000
)

// Env is the environment of a counted run. Three sources of instructions
// vary from process to process with no relation to b.N, and would swamp a
// count's differences: the collections the heap's growth at start-up
// triggers (GOGC=off leaves testing's own runtime.GC calls, which are the
// same in every run), the stack walks of the memory profiler's random
// samples (memprofilerate=0), and those of asynchronous preemption, which
// comes by the wall clock (asyncpreemptoff=1). A count thus leaves out a
// collector's share of the cost of an allocating benchmark; the results
// file's allocs/op says which those are.
var Env = []string{"GOGC=off", "GODEBUG=asyncpreemptoff=1,memprofilerate=0"}

// ErrNoValgrind is Find's error when valgrind is not on PATH.
var ErrNoValgrind = errors.New("instruction counts need Valgrind, and valgrind is not on PATH: install it (apt-get install valgrind, or your system's package), or leave out -counts (COUNTS=1)")

// Find is valgrind's path and version, or ErrNoValgrind.
func Find(ctx context.Context) (path, version string, err error) {
	path, err = exec.LookPath("valgrind")
	if err != nil {
		return "", "", ErrNoValgrind
	}
	out, err := exec.CommandContext(ctx, path, "--version").Output()
	if err != nil {
		return "", "", fmt.Errorf("%s --version: %v: is Valgrind installed whole? (apt-get install valgrind)", path, err)
	}
	return path, strings.TrimSpace(string(out)), nil
}

// New is a Counter with Valgrind found (Find) and the defaults; its Bin
// is for the caller to set.
func New(ctx context.Context) (*Counter, error) {
	path, version, err := Find(ctx)
	if err != nil {
		return nil, err
	}
	return &Counter{Valgrind: path, Version: version}, nil
}

// A Counter counts the instructions per op of benchmarks of one binary.
type Counter struct {
	Valgrind, Version string  // Find's answer
	Bin               string  // the benchmark binary
	Repeats           int     // counts of each benchmark (0: DefaultRepeats)
	Tolerance         float64 // how far apart its counts may be, as a fraction of the smallest (0: DefaultTolerance)
	Span              float64 // instructions between a count's two runs, which sizes their b.N (0: DefaultSpan)
	Jobs              int     // Valgrind processes at once (0: the CPU count)
	Log               io.Writer
}

func (c Counter) repeats() int  { return cmpOr(c.Repeats, DefaultRepeats) }
func (c Counter) span() float64 { return cmpOr(c.Span, DefaultSpan) }
func (c Counter) tol() float64  { return cmpOr(c.Tolerance, DefaultTolerance) }
func (c Counter) jobs() int     { return cmpOr(c.Jobs, runtime.NumCPU()) }
func cmpOr[T int | float64](v, d T) T {
	if v > 0 {
		return v
	}
	return d
}

// Method is how the counter counts, as a results file records it
// (resultfmt.KeyCounts).
func (c Counter) Method() string {
	return fmt.Sprintf("%s cachegrind --cache-sim=no, GOMAXPROCS=1, %s; instructions/op = the difference of the totals at b.N=N and b.N=N/2, over N/2, with N sized by a pilot count to a difference of %.3g instructions; counted when %d counts agree within %.1f%%",
		c.Version, strings.Join(Env, " "), c.span(), c.repeats(), 100*c.tol())
}

// A Count is one benchmark's counts.
type Count struct {
	Unit  matrix.Unit
	N     int       // the larger b.N; the smaller is N/2
	PerOp []float64 // each repeat's instructions/op, in the order counted
	// Tried says whether Try accepted it; Counted, whether every count
	// agreed within the tolerance; Why, when not, says why not.
	Tried, Counted bool
	Why            string
	Config         []benchfmt.Config // the configuration its binary printed
}

// Spread is how far apart the counts are, as Spread of PerOp; 0 for fewer
// than two.
func (c Count) Spread() float64 {
	if len(c.PerOp) < 2 {
		return 0
	}
	return Spread(c.PerOp)
}

// Spread is how far apart counts are: (largest - smallest) / smallest,
// infinite if one is not positive.
func Spread(vs []float64) float64 {
	lo, hi := slices.Min(vs), slices.Max(vs)
	if lo <= 0 {
		return math.Inf(1)
	}
	return (hi - lo) / lo
}

// Try says whether u can be counted honestly, and if not, why not (as a
// phrase that follows "n benchmarks" or "1 benchmark").
func Try(u matrix.Unit) (ok bool, why string) {
	switch {
	case u.Bench != matrix.Handoff && u.Bench != matrix.Floor:
		return false, fmt.Sprintf("of Benchmark%s not tried: it measures time itself (clock reads, a timed load, or work sized by the clock)", u.Bench)
	case u.Work > 0:
		return false, "with work not tried: the work is a busy loop sized by the clock"
	case u.Procs > 1:
		return false, fmt.Sprintf("at GOMAXPROCS=%d not tried: Valgrind runs one thread at a time, so a count would measure its scheduling", u.Procs)
	}
	return true, ""
}

// Count counts each unit that Try accepts, and returns a Count for every
// unit, in order: counted, or with why not.
func (c Counter) Count(ctx context.Context, units []matrix.Unit) ([]Count, error) {
	if c.Log == nil {
		c.Log = io.Discard
	}
	tmp, err := os.MkdirTemp("", "handoff-counts-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	out := make([]Count, len(units))
	slots := make(chan struct{}, c.jobs())
	var wg sync.WaitGroup
	var mu sync.Mutex
	var errs []error
	var tried int
	for i, u := range units {
		out[i].Unit = u
		if ok, why := Try(u); !ok {
			out[i].Why = why
			continue
		}
		tried++
		out[i].Tried = true
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := c.countOne(ctx, tmp, slots, &out[i]); err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
		}()
	}
	fmt.Fprintf(c.Log, "counts: counting %d of %d benchmarks under %s, %d times each\n", tried, len(units), c.Version, c.repeats())
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, ctx.Err()
}

// countOne counts one unit Repeats times, stopping early once two counts
// disagree: the rest could not bring them back within the tolerance.
func (c Counter) countOne(ctx context.Context, tmp string, slots chan struct{}, ct *Count) error {
	u := ct.Unit
	// The configuration the binary prints natively: under Valgrind, its
	// cpu line names the CPU Valgrind emulates.
	slots <- struct{}{}
	rs, err := results(exec.CommandContext(ctx, c.Bin, append(u.Args(), "-test.benchtime=1x")...), u)
	<-slots
	if errors.Is(err, errNoResult) {
		// An older build (regress's base) that lacks the benchmark.
		ct.Tried, ct.Why = false, "not tried: the binary does not have it"
		return nil
	}
	if err != nil {
		return err
	}
	ct.Config = rs[0].Config
	pilot, err := c.count(ctx, tmp, slots, u, pilotN)
	if err != nil {
		return err
	}
	if !(pilot > 0) {
		ct.Why = fmt.Sprintf("its pilot count was %.3g instructions/op: it does not count steadily", pilot)
		return nil
	}
	ct.N = min(maxN, max(minN, int(2*c.span()/pilot)/1000*1000))
	for k := range c.repeats() {
		perOp, err := c.count(ctx, tmp, slots, u, ct.N)
		if err != nil {
			return err
		}
		ct.PerOp = append(ct.PerOp, perOp)
		if k > 0 && ct.Spread() > c.tol() {
			ct.Why = fmt.Sprintf("%d counts spread %.2f%%, over %.1f%%: it does not count steadily", len(ct.PerOp), 100*ct.Spread(), 100*c.tol())
			return nil
		}
	}
	ct.Counted = true
	return nil
}

// count is one count of u: instructions/op from its two runs at b.N=n
// and n/2, run at once, each when a slot is free.
func (c Counter) count(ctx context.Context, tmp string, slots chan struct{}, u matrix.Unit, n int) (float64, error) {
	var irs [2]float64
	var errs [2]error
	var wg sync.WaitGroup
	for j, n := range []int{n / 2, n} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			slots <- struct{}{}
			defer func() { <-slots }()
			irs[j], errs[j] = c.run(ctx, tmp, u, n)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs[:]...); err != nil {
		return 0, err
	}
	return (irs[1] - irs[0]) / float64(n-n/2), nil
}

// run runs u at b.N=n under cachegrind and returns its total instructions.
func (c Counter) run(ctx context.Context, tmp string, u matrix.Unit, n int) (float64, error) {
	f, err := os.CreateTemp(tmp, "cachegrind.out.")
	if err != nil {
		return 0, err
	}
	f.Close()
	args := append([]string{"--tool=cachegrind", "--cache-sim=no", "-q", "--cachegrind-out-file=" + f.Name(), c.Bin},
		append(u.Args(), "-test.benchtime="+strconv.Itoa(n)+"x")...)
	cmd := exec.CommandContext(ctx, c.Valgrind, args...)
	cmd.Env = append(os.Environ(), Env...)
	rs, err := results(cmd, u)
	if err != nil {
		return 0, err
	}
	if rs[0].Iters != n {
		return 0, fmt.Errorf("%s under cachegrind ran b.N=%d, want %d", u, rs[0].Iters, n)
	}
	data, err := os.ReadFile(f.Name())
	if err != nil {
		return 0, err
	}
	ir, err := Total(bytes.NewReader(data))
	if err != nil {
		return 0, fmt.Errorf("%s: cachegrind's output: %w", u, err)
	}
	return ir, nil
}

// errNoResult is results' error when the binary ran and printed no result:
// it does not have the benchmark.
var errNoResult = errors.New("no result")

// results runs cmd and reads the one result of u it prints, with
// benchfmt; an error quotes the output.
func results(cmd *exec.Cmd, u matrix.Unit) ([]*benchfmt.Result, error) {
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	r := benchfmt.NewReader(bytes.NewReader(stdout.Bytes()), u.String())
	var rs []*benchfmt.Result
	for r.Scan() {
		if res, ok := r.Result().(*benchfmt.Result); ok {
			rs = append(rs, res.Clone())
		}
	}
	quote := strings.TrimSpace(stdout.String() + "\n" + stderr.String())
	switch {
	case runErr != nil:
		return nil, fmt.Errorf("%s: %v\n%s", strings.Join(cmd.Args, " "), runErr, quote)
	case len(rs) == 0:
		return nil, fmt.Errorf("%s: %w of %s\n%s", strings.Join(cmd.Args, " "), errNoResult, u, quote)
	case len(rs) != 1 || string(rs[0].Name) != strings.TrimPrefix(u.String(), "Benchmark"):
		return nil, fmt.Errorf("%s: want one result of %s, got %d\n%s", strings.Join(cmd.Args, " "), u, len(rs), quote)
	}
	return rs, nil
}

// Total reads the total instructions (the Ir event) from a cachegrind
// output file: its events line names the events, and its summary line
// gives their totals in that order.
func Total(r io.Reader) (float64, error) {
	var events []string
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if v, ok := strings.CutPrefix(line, "events:"); ok {
			events = strings.Fields(v)
		}
		if v, ok := strings.CutPrefix(line, "summary:"); ok {
			i := slices.Index(events, "Ir")
			totals := strings.Fields(v)
			if i < 0 || i >= len(totals) {
				return 0, fmt.Errorf("no Ir total in the summary line %q (events %q)", line, events)
			}
			ir, err := strconv.ParseFloat(totals[i], 64)
			if err != nil || ir < 0 || math.IsInf(ir, 0) {
				return 0, fmt.Errorf("summary line %q: %q is not a count", line, totals[i])
			}
			return ir, nil
		}
	}
	if err := sc.Err(); err != nil {
		return 0, err
	}
	return 0, errors.New("no summary line")
}

// Results are the counted benchmarks' counts as results a results file
// holds: one line of InstructionsUnit a repeat, marked by KeyCountRepeat
// and with no round, beside the timed results of the same benchmark.
func Results(cs []Count) []*benchfmt.Result {
	var rs []*benchfmt.Result
	for _, c := range cs {
		if !c.Counted {
			continue
		}
		for k, v := range c.PerOp {
			r := &benchfmt.Result{Name: []byte(strings.TrimPrefix(c.Unit.String(), "Benchmark")), Iters: c.N - c.N/2,
				Values: []benchfmt.Value{{Value: v, Unit: resultfmt.InstructionsUnit}}}
			for _, cfg := range c.Config {
				if cfg.File && !slices.Contains(resultfmt.PositionKeys, cfg.Key) {
					r.Config = append(r.Config, cfg)
				}
			}
			r.Config = append(r.Config, benchfmt.Config{Key: resultfmt.KeyCountRepeat, Value: []byte(strconv.Itoa(k + 1)), File: true})
			rs = append(rs, r)
		}
	}
	return rs
}

// Notes say, by row, which of its benchmarks were counted and why the
// others were not (resultfmt.Row.Counts): each counted or disagreeing
// benchmark by name, those not tried by reason.
func Notes(cs []Count) map[string]string {
	type note struct {
		counted, disagreed []string
		notTried           map[string]int
		reasons            []string
	}
	by := map[string]*note{}
	var order []string
	for _, c := range cs {
		n := by[c.Unit.Impl]
		if n == nil {
			n = &note{notTried: map[string]int{}}
			by[c.Unit.Impl] = n
			order = append(order, c.Unit.Impl)
		}
		what := shortName(c.Unit)
		switch {
		case c.Counted:
			n.counted = append(n.counted, fmt.Sprintf("%s (%.4g instructions/op, spread %.2f%%)", what, stats.Median(c.PerOp), 100*c.Spread()))
		case c.Tried:
			n.disagreed = append(n.disagreed, fmt.Sprintf("%s (%s)", what, c.Why))
		default:
			if n.notTried[c.Why] == 0 {
				n.reasons = append(n.reasons, c.Why)
			}
			n.notTried[c.Why]++
		}
	}
	out := map[string]string{}
	for _, impl := range order {
		n := by[impl]
		var parts []string
		if len(n.counted) > 0 {
			parts = append(parts, "counted: "+strings.Join(n.counted, "; "))
		}
		if len(n.disagreed) > 0 {
			parts = append(parts, "not counted: "+strings.Join(n.disagreed, "; "))
		}
		for _, why := range n.reasons {
			what := "benchmarks"
			if n.notTried[why] == 1 {
				what = "benchmark"
			}
			parts = append(parts, fmt.Sprintf("%d %s %s", n.notTried[why], what, why))
		}
		out[impl] = strings.Join(parts, ". ")
	}
	return out
}

// shortName is u's name after its implementation: mode=…/cap=…, with its
// GOMAXPROCS.
func shortName(u matrix.Unit) string {
	sub := u.Sub()
	if _, rest, ok := strings.Cut(sub, "/"); ok {
		sub = rest
	}
	return fmt.Sprintf("%s at GOMAXPROCS=%d", sub, u.Procs)
}
