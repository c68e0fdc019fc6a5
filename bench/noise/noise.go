// Package noise is the noise study (docs/noise.md): where a benchmark's
// variance comes from, and what each suspect changes. Each suspect is a
// variant, and each variant an arm of one runner plan: every round runs
// each benchmark once per variant, each in a fresh process, the variants in
// an order shuffled per round, so that a variant's spread is measured
// beside the others' under the same drift. Each variant's results go to an
// ordinary results file of their own, which package stats reads for the
// study's table: per benchmark and variant, the median, its 95% interval,
// the spread between processes and within one (a count variant), and the
// drift across rounds.
package noise

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/handoffbench/handoff/bench"
	"github.com/handoffbench/handoff/bench/matrix"
	"github.com/handoffbench/handoff/bench/runner"
	"github.com/handoffbench/handoff/resultfmt"
	"github.com/handoffbench/handoff/stats"
)

// A Variant is one suspect's setting, as an arm of the plan: extra
// environment, a benchtime multiple, a count within the process, a fixed
// b.N, or the process confined to its CPUs.
type Variant struct {
	Name, Doc string
	env       []string
	count     int     // runs within one process, the benchtime split among them
	times     float64 // benchtime multiple (0: 1)
	fixedN    bool    // the first round's b.N, repeated (its first run ramps)
	pin       bool    // confined by taskset to the first GOMAXPROCS CPUs
}

// Variants are the suspects, base first.
var Variants = []Variant{
	{Name: "base", Doc: "go test's way: b.N ramped every run, the process on any CPU"},
	{Name: "count5", Doc: "five runs of a fifth of the benchtime in one process: splits within-process from between-process spread", count: 5},
	{Name: "warmup", Doc: "10000 Sends before the timer (" + bench.WarmupEnv + ")", env: []string{bench.WarmupEnv + "=10000"}},
	{Name: "fixedn", Doc: "every round runs the b.N the first round's run chose, with no ramp to a new N", fixedN: true},
	{Name: "gcoff", Doc: "GOGC=off: no collection during the run", env: []string{"GOGC=off"}},
	{Name: "pinned", Doc: "the process confined by taskset to its first GOMAXPROCS CPUs, as make bench runs it (nothing to confine at the CPU count)", pin: true},
	{Name: "x5", Doc: "five times the benchtime: does a longer run narrow what more rounds would?", times: 5},
}

// ParseVariants reads a comma-separated list of variant names.
func ParseVariants(list string) ([]Variant, error) {
	var vs []Variant
	for _, name := range strings.Split(list, ",") {
		name = strings.TrimSpace(name)
		i := slices.IndexFunc(Variants, func(v Variant) bool { return v.Name == name })
		if i < 0 {
			return nil, fmt.Errorf("no variant %q (have %s)", name, strings.ReplaceAll(VariantNames(), ",", ", "))
		}
		vs = append(vs, Variants[i])
	}
	return vs, nil
}

// VariantNames are the variants' names, comma-separated, as ParseVariants
// reads them.
func VariantNames() string {
	var names []string
	for _, v := range Variants {
		names = append(names, v.Name)
	}
	return strings.Join(names, ",")
}

// VariantDocs say what each variant changes, for a flag's usage.
func VariantDocs() string {
	var docs []string
	for _, v := range Variants {
		docs = append(docs, v.Name+" ("+v.Doc+")")
	}
	return strings.Join(docs, "; ")
}

// arm is the variant as an arm of bin.
func (v Variant) arm(bin string, benchtime time.Duration, taskset string) runner.Arm {
	a := runner.Arm{Label: v.Name, Binary: bin, Env: v.env, Count: v.count}
	switch {
	case v.times > 0:
		a.Benchtime = time.Duration(float64(benchtime) * v.times).String()
	case v.count > 1:
		a.Benchtime = (benchtime / time.Duration(v.count)).String()
	}
	if v.fixedN {
		a.Iters = map[string]int{}
	}
	if v.pin {
		a.Taskset = taskset
	}
	return a
}

// A Study is one noise study: the benchmark package Pkg built once, the
// units Select chooses from its rows run under each variant in Rounds
// shuffled rounds of Benchtime each.
type Study struct {
	Pkg, Go   string // the benchmark package's directory, and the go command
	Select    func([]resultfmt.Row) ([]matrix.Unit, error)
	Variants  []Variant
	Rounds    int
	Benchtime time.Duration
	Seed      uint64
	Env       runner.Env // the results files' configuration
	// Dir is where the study's results files (<variant>.txt) and its
	// table (table.txt) go.
	Dir      string
	Progress *runner.Progress
	Log      io.Writer // what is built and run; nil for nothing
}

// Run runs the study, writes a results file per variant and the table, and
// returns the table.
func (s Study) Run(ctx context.Context) ([]byte, error) {
	if s.Log == nil {
		s.Log = io.Discard
	}
	// The study's directory is made first, so that a bad Dir fails at
	// once rather than after the rounds.
	if err := os.MkdirAll(s.Dir, 0o755); err != nil {
		return nil, err
	}
	taskset := runner.TasksetPath()
	for _, v := range s.Variants {
		if v.pin && taskset == "" {
			return nil, fmt.Errorf("the variant pinned needs Linux, several CPUs and taskset (util-linux) on PATH")
		}
	}
	tmp, err := os.MkdirTemp("", "handoff-noise-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	fmt.Fprintf(s.Log, "noise: building %s\n", s.Pkg)
	bin, rows, err := runner.BuildAndDescribe(ctx, s.Go, s.Pkg, tmp)
	if err != nil {
		return nil, err
	}
	units, err := runner.Choose(s.Select, rows)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(s.Log, "noise: %d benchmarks x %d variants, %d rounds, benchtime %v, seed %d\n", len(units), len(s.Variants), s.Rounds, s.Benchtime, s.Seed)
	plan := runner.Plan{Units: units, Rounds: s.Rounds, Benchtime: s.Benchtime.String(), Seed: s.Seed}
	for _, v := range s.Variants {
		plan.Arms = append(plan.Arms, v.arm(bin, s.Benchtime, taskset))
	}
	results, err := runner.Run(ctx, plan, s.Progress)
	if err != nil {
		return nil, err
	}
	s.Env.Rows = rows
	sets := map[string]*stats.Set{}
	for _, v := range s.Variants {
		path := filepath.Join(s.Dir, v.Name+".txt")
		env := s.Env
		env.SetRunWay(!v.fixedN, v.pin)
		if err := runner.WriteFile(path, env, results[v.Name]); err != nil {
			return nil, err
		}
		if sets[v.Name], err = stats.Load(path); err != nil {
			return nil, err
		}
	}
	var table bytes.Buffer
	if err := writeTable(&table, units, s.Variants, sets); err != nil {
		return nil, err
	}
	err = runner.WriteAtomic(filepath.Join(s.Dir, "table.txt"), func(w io.Writer) error { _, err := w.Write(table.Bytes()); return err })
	return table.Bytes(), err
}

// processes are a benchmark's values in ns/op, grouped by the process that
// measured them (its round), in round order.
func processes(set *stats.Set, u matrix.Unit) [][]float64 {
	var k stats.Key
	for _, key := range set.Keys() {
		if "Benchmark"+key.Name == u.String() {
			k = key
		}
	}
	vals, places := set.Values(k, "ns/op"), set.Places(k, "ns/op")
	byRound := map[int][]float64{}
	var rounds []int
	for i, v := range vals {
		r := places[i].Round
		if _, seen := byRound[r]; !seen {
			rounds = append(rounds, r)
		}
		byRound[r] = append(byRound[r], v)
	}
	slices.Sort(rounds)
	var out [][]float64
	for _, r := range rounds {
		out = append(out, byRound[r])
	}
	return out
}

// writeTable prints the study's table: per benchmark and variant, the
// median over processes, its 95% interval as ±%, the robust spread between
// processes, the within-process spread (count variants), and the drift.
func writeTable(w io.Writer, units []matrix.Unit, variants []Variant, sets map[string]*stats.Set) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "benchmark\tvariant\tprocesses\tmedian ns\t95% CI ±\tspread between\tspread within\tdrift/round\tlow..high\t")
	for _, u := range units {
		for _, v := range variants {
			ps := processes(sets[v.Name], u)
			perProc := make([]float64, len(ps))
			var within []float64
			for i, p := range ps {
				perProc[i] = stats.Median(p)
				if len(p) > 1 {
					within = append(within, stats.LogSpread(p))
				}
			}
			n := summarise(perProc)
			in := "-"
			if len(within) > 0 {
				in = fmt.Sprintf("%.1f%%", 100*stats.Median(within))
			}
			fmt.Fprintf(tw, "%s\t%s\t%d\t%.1f\t%.1f%%\t%.1f%%\t%s\t%+.2f%%\t%.1f..%.1f\t\n", strings.TrimPrefix(u.String(), "Benchmark"), v.Name, len(ps), n.center, 100*n.halfWidth, 100*n.spread, in, 100*n.drift, n.low, n.high)
		}
	}
	return tw.Flush()
}

// summary is one benchmark's per-process values under one variant, in
// round order, summarised.
type summary struct {
	center    float64 // the median
	halfWidth float64 // its 95% interval as ± of it (stats.Shape's Spread)
	spread    float64 // stats.LogSpread: a robust σ of ln(value), about the relative spread
	drift     float64 // stats.DriftPerRound
	low, high float64
}

func summarise(vals []float64) summary {
	if len(vals) == 0 {
		return summary{}
	}
	sh := stats.ShapeOf(vals)
	return summary{center: sh.Summary.Center, halfWidth: sh.Spread, spread: stats.LogSpread(vals), drift: stats.DriftPerRound(vals),
		low: slices.Min(vals), high: slices.Max(vals)}
}
