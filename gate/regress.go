package gate

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"golang.org/x/perf/benchfmt"

	"github.com/handoffbench/handoff/bench/counts"
	"github.com/handoffbench/handoff/bench/matrix"
	"github.com/handoffbench/handoff/bench/runner"
	"github.com/handoffbench/handoff/resultfmt"
	"github.com/handoffbench/handoff/stats"
)

// A Regression run compares two commits on one machine in one sitting: the
// benchmark binary built at Base (in a temporary git worktree) and at the
// working tree, run interleaved — each round runs a benchmark's two arms
// back to back in a random order — so that the analysis can pair them
// round by round, and drift between rounds cancels out of each pair.
// Numbers from another machine or another day are never the baseline.
//
// It is sequential: it runs Every rounds of every benchmark, looks, and
// adds rounds only for the benchmarks still undecided, up to MaxRounds or
// until Budget would run out, spending α and β across the looks (see
// stats.Look for why the error rates hold).
type Regression struct {
	Repo string // the checkout whose working tree is "new"
	Base string // a git ref for "old"
	Pkg  string // the benchmark package, relative to the module root
	Go   string // the go command
	// Select chooses the units to run from the rows the working tree's
	// benchmark binary measures (runner.BinaryRows); a row the base lacks
	// runs on the new side alone, and a row only the base has is not run.
	Select    func([]resultfmt.Row) ([]matrix.Unit, error)
	Every     int           // rounds between looks
	MaxRounds int           // the cap
	Budget    time.Duration // wall time for the runs; 0 for none
	Benchtime string
	// Iters, when not nil, fixes each benchmark's b.N after its first run,
	// across every look: runner.Plan.Iters.
	Iters map[string]int
	// Taskset confines the runs below the CPU count: runner.Plan.Taskset.
	Taskset  string
	Seed     uint64
	Env      runner.Env // the new side's environment, for the results files; each side's rows are its own binary's
	OutDir   string     // where old.txt and new.txt are written
	Progress *runner.Progress
	Stats    stats.SequentialOptions
	// Gate are the units gated on, as one family; allocs/op, ruled on
	// apart, and instructions/op, judged on Counts, are left out (ns/op if
	// none is left), and ReportedUnits not gated are reported.
	Gate []string
	Log  io.Writer // one line per look; nil for none
	// Counts, if not nil, counts both builds' instructions per op first:
	// the benchmarks counted on both are judged on their counts at
	// CountThreshold (JudgeCounts), in that one round, and only the others
	// are timed.
	Counts         *counts.Counter
	CountThreshold float64
}

// An Outcome is what a regression run found: the last look's verdict, the
// allocation rule's, and where the results are.
type Outcome struct {
	OldPath, NewPath string
	Look             *stats.LookResult
	Allocs           []stats.AllocChange
	OnlyNew          []string // benchmarks the base does not have
	Elapsed          time.Duration
	Warnings         []string // the machine's fingerprint moved between the sides
	// Counts are the benchmarks judged on their instruction counts
	// (JudgeCounts), at CountThreshold; the timed Look has not the others.
	Counts         []CountDelta
	CountThreshold float64
}

// Regressions are the benchmarks that got worse: by the timed test, by an
// allocation more per op, or by their counts.
func (o *Outcome) Regressions() int {
	return o.Look.Count(stats.Regression) + len(o.Allocs) + countRegressions(o.Counts)
}

// Regressed says whether the gate fails.
func (o *Outcome) Regressed() bool {
	return len(o.Allocs) > 0 || o.Look.Outcome == stats.Regression || countRegressions(o.Counts) > 0
}

// Undecided says whether the run ended with benchmarks still undecided
// (and none regressed).
func (o *Outcome) Undecided() bool {
	return !o.Regressed() && o.Look.Outcome == stats.Inconclusive
}

// Run builds both sides, runs them look by look, writes OutDir/old.txt and
// OutDir/new.txt after every look, and returns the outcome. The worktree is
// removed whatever happens.
func (r Regression) Run(ctx context.Context) (*Outcome, error) {
	r.Gate = TimedUnits(r.Gate)
	measured := slices.Clone(r.Gate)
	for _, u := range ReportedUnits {
		if !slices.Contains(r.Gate, u) {
			measured = append(measured, u)
		}
	}
	looks, err := stats.Looks(r.Every, r.MaxRounds, r.Stats.Alpha, r.Stats.Beta, r.Stats.Spending)
	if err != nil {
		return nil, err
	}
	seq, err := stats.NewSequential(r.Stats, r.Gate)
	if err != nil {
		return nil, err
	}
	sha, err := ResolveBase(ctx, r.Repo, r.Base)
	if err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp("", "handoff-regress-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	tree := filepath.Join(tmp, "base")
	remove, err := Worktree(ctx, r.Repo, sha, tree)
	if err != nil {
		return nil, fmt.Errorf("checking out BASE %s: %w", r.Base, err)
	}
	defer remove()

	for _, d := range []string{"old", "new"} {
		if err := os.Mkdir(filepath.Join(tmp, d), 0o755); err != nil {
			return nil, err
		}
	}
	oldBin, err := runner.Build(ctx, r.Go, tree, r.Pkg, filepath.Join(tmp, "old"))
	if err != nil {
		return nil, fmt.Errorf("the benchmarks do not build at BASE %s (%s): %w", r.Base, short(sha), err)
	}
	newBin, err := runner.Build(ctx, r.Go, r.Repo, r.Pkg, filepath.Join(tmp, "new"))
	if err != nil {
		return nil, fmt.Errorf("the benchmarks do not build in the working tree: %w", err)
	}
	newRows, err := runner.BinaryRows(ctx, r.Go, filepath.Join(r.Repo, r.Pkg), newBin)
	if err != nil {
		return nil, err
	}
	units, err := runner.Choose(r.Select, newRows)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(r.OutDir, 0o755); err != nil {
		return nil, err
	}
	oldEnv := r.Env
	oldEnv.Commit, oldEnv.Dirty = short(sha), "false"
	r.Env.Rows = newRows
	// The base's rows are its own binary's, or none: a base from before
	// binaries described their rows records no rows, rather than the
	// working tree's.
	if oldEnv.Rows, err = runner.BinaryRows(ctx, r.Go, filepath.Join(tree, r.Pkg), oldBin); err != nil {
		oldEnv.Rows = nil
		if r.Log != nil {
			fmt.Fprintf(r.Log, "regress: BASE %s does not describe its rows, so old.txt records none: %v\n", r.Base, firstLine(err))
		}
	}
	if r.Log != nil {
		fmt.Fprintf(r.Log, "regress: %d benchmarks x 2\n", len(units))
	}
	out := &Outcome{OldPath: filepath.Join(r.OutDir, "old.txt"), NewPath: filepath.Join(r.OutDir, "new.txt"), CountThreshold: r.CountThreshold}

	began := time.Now()
	results := map[string][]*benchfmt.Result{}
	if r.Counts != nil {
		if units, err = countBoth(ctx, *r.Counts, units, oldBin, newBin, results, &oldEnv, &r.Env, r.Log); err != nil {
			return nil, err
		}
		if len(units) == 0 {
			// Every benchmark was counted on both sides: nothing to time.
			old, new, _, err := writeAndLoad(out, oldEnv, r.Env, results, measured)
			if err != nil {
				return nil, err
			}
			out.judgeApart(old, new)
			out.Look = seq.Look(nil, stats.Look{K: 1, Fraction: 1, Alpha: r.Stats.Alpha, Beta: r.Stats.Beta, Final: true})
			out.Elapsed = time.Since(began)
			return out, nil
		}
	}
	active := units
	done := 0
	for k, l := range looks {
		plan := runner.Plan{
			Units:      active,
			Arms:       []runner.Arm{{Label: "old", Binary: oldBin, Partial: true}, {Label: "new", Binary: newBin}},
			Rounds:     l.Rounds - done,
			FirstRound: done + 1,
			Benchtime:  r.Benchtime,
			Seed:       r.Seed,
			Iters:      r.Iters,
			Taskset:    r.Taskset,
		}
		chunkStart := time.Now()
		rs, err := runner.Run(ctx, plan, r.Progress)
		if err != nil {
			return nil, err
		}
		perUnitRound := time.Since(chunkStart) / time.Duration(plan.Rounds*len(active))
		for label, x := range rs {
			results[label] = append(results[label], x...)
		}
		if len(results["old"]) == 0 {
			return nil, fmt.Errorf("BASE %s has none of the benchmarks selected", r.Base)
		}
		done = l.Rounds
		oldEnv.Rounds, r.Env.Rounds = done, done
		oldEnv.Sequential, r.Env.Sequential = true, true
		old, new, series, err := writeAndLoad(out, oldEnv, r.Env, results, measured)
		if err != nil {
			return nil, err
		}
		out.judgeApart(old, new)
		out.Look = seq.Look(series, l)
		if out.Look.Outcome == stats.Inconclusive && !l.Final && r.Budget > 0 {
			// Another chunk of the undecided would overrun the budget: this
			// look becomes the last, spending what is left of α and β on
			// the same rounds (a second look at them, which the union
			// bound covers like any other).
			next := time.Duration(looks[k+1].Rounds-done) * time.Duration(len(out.Look.Undecided())) * perUnitRound
			if time.Since(began)+next > r.Budget {
				l = l.Last(l.Fraction, r.Stats.Alpha, r.Stats.Beta, r.Stats.Spending)
				out.Look = seq.Look(series, l)
				if r.Log != nil {
					fmt.Fprintf(r.Log, "regress: the budget of %s leaves no time for %d more rounds: this look is the last\n", r.Budget, looks[k+1].Rounds-done)
				}
			}
		}
		if r.Log != nil {
			fmt.Fprintf(r.Log, "regress: look %d after %d rounds (alpha %.2g, beta %.2g spent here): %d regressed, %d passed, %d undecided\n",
				l.K, done, l.Alpha, l.Beta, out.Look.Count(stats.Regression), out.Look.Count(stats.Pass), out.Look.Count(stats.Inconclusive))
		}
		if out.Regressed() || out.Look.Outcome != stats.Inconclusive || out.Look.Look.Final {
			break
		}
		active = undecided(units, out.Look.Undecided())
	}
	out.Elapsed = time.Since(began)
	return out, nil
}

// countBoth counts units on both builds and adds the counts to results
// and to each side's environment; it returns the units left to time: those
// not counted on both sides.
func countBoth(ctx context.Context, c counts.Counter, units []matrix.Unit, oldBin, newBin string, results map[string][]*benchfmt.Result, oldEnv, newEnv *runner.Env, log io.Writer) ([]matrix.Unit, error) {
	if c.Log == nil {
		c.Log = log
	}
	var sides [2][]counts.Count
	for i, bin := range []string{oldBin, newBin} {
		c.Bin = bin
		cs, err := c.Count(ctx, units)
		if err != nil {
			return nil, fmt.Errorf("counting the %s build: %w", []string{"old", "new"}[i], err)
		}
		sides[i] = cs
		label, env := "old", oldEnv
		if i == 1 {
			label, env = "new", newEnv
		}
		results[label] = append(results[label], counts.Results(cs)...)
		env.Counts = c.Method()
		notes := counts.Notes(cs)
		env.Rows = slices.Clone(env.Rows)
		for j := range env.Rows {
			env.Rows[j].Counts = notes[env.Rows[j].Name]
		}
	}
	var timed []matrix.Unit
	for i, u := range units {
		if !sides[0][i].Counted || !sides[1][i].Counted {
			timed = append(timed, u)
		}
	}
	if log != nil {
		fmt.Fprintf(log, "regress: %d benchmarks counted on both sides and judged on their counts; %d left to time\n", len(units)-len(timed), len(timed))
	}
	return timed, nil
}

// writeAndLoad writes both sides' results files, reads them back and
// pairs them round by round (load).
func writeAndLoad(out *Outcome, oldEnv, newEnv runner.Env, results map[string][]*benchfmt.Result, units []string) (old, new *stats.Set, series []stats.Series, err error) {
	if err := runner.WriteFile(out.OldPath, oldEnv, results["old"]); err != nil {
		return nil, nil, nil, err
	}
	if err := runner.WriteFile(out.NewPath, newEnv, results["new"]); err != nil {
		return nil, nil, nil, err
	}
	return load(out.OldPath, out.NewPath, units)
}

// load reads both results files and pairs them round by round.
func load(oldPath, newPath string, units []string) (old, new *stats.Set, series []stats.Series, err error) {
	if old, err = stats.Load(oldPath); err != nil {
		return nil, nil, nil, err
	}
	if new, err = stats.Load(newPath); err != nil {
		return nil, nil, nil, err
	}
	series, err = stats.Pair(old, new, units)
	return old, new, series, err
}

// undecided are the units whose benchmark is among names (as results
// files name them, without the Benchmark prefix).
func undecided(units []matrix.Unit, names []string) []matrix.Unit {
	var us []matrix.Unit
	for _, u := range units {
		if slices.Contains(names, strings.TrimPrefix(u.String(), "Benchmark")) {
			us = append(us, u)
		}
	}
	return us
}

func onlyNew(old, new *stats.Set) []string {
	have := map[string]bool{}
	for _, k := range old.Keys() {
		have[k.Name] = true
	}
	var names []string
	for _, k := range new.Keys() {
		if !have[k.Name] {
			names = append(names, k.Name)
		}
	}
	return names
}

// ResolveBase is the commit a BASE ref names in repo, or an error that says
// it names none.
func ResolveBase(ctx context.Context, repo, base string) (string, error) {
	sha, err := Git(ctx, repo, "rev-parse", "--verify", "--quiet", base+"^{commit}")
	if err != nil {
		where, _ := filepath.Abs(repo)
		return "", fmt.Errorf("BASE %q is not a commit of the repository in %s", base, where)
	}
	return sha, nil
}

func short(sha string) string { return sha[:min(len(sha), 7)] }

// firstLine is err's message up to its first line break.
func firstLine(err error) string {
	line, _, _ := strings.Cut(err.Error(), "\n")
	return line
}

// Dir is where a regression run of base against the working tree at
// commit, begun at date, keeps its results files: under out, named so that
// runs sort by date and say what they compared.
func Dir(out string, date time.Time, base, commit string) string {
	b := []byte(base)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.') {
			b[i] = '_'
		}
	}
	return filepath.Join(out, "regress", fmt.Sprintf("%s-%s-%s", date.UTC().Format("2006-01-02T1504"), b, commit))
}
