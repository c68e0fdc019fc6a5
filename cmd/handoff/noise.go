package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"golang.org/x/perf/benchfmt"

	"github.com/handoffbench/handoff/bench"
	"github.com/handoffbench/handoff/bench/matrix"
	"github.com/handoffbench/handoff/bench/runner"
	"github.com/handoffbench/handoff/stats"
)

// runNoise is the noise study (docs/noise.md): where a benchmark's
// variance comes from, and what each suspect changes. Every round runs
// each chosen benchmark once per variant, each in a fresh process, with
// the variants in a shuffled order, so that a variant's spread is measured
// beside the others' under the same drift. It prints, per benchmark and
// variant, the median, its 95% interval, the spread between processes and
// the drift across rounds; the count variant also splits the spread into
// within a process and between processes.
func runNoise(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	fs := newFlags("noise", stderr, "[flags]")
	rf := addRunFlags(fs, "default", 20, 6, "rounds: each runs every benchmark once per variant", "directory under which noise/<date>.txt keeps the table")
	variantList := fs.String("variants", strings.Join(noiseVariantNames(), ","), "variants to run side by side: "+noiseVariantDoc())
	if err := parse(fs, args); err != nil {
		return err
	}
	if rf.given("pin") || rf.given("ramp") {
		return errors.New("noise: -pin and -ramp are not flags here; the variants pinned and fixedn are what they change, beside base (unconfined, ramped)")
	}
	if *rf.impls == "" && *rf.run == "" {
		*rf.impls = "channels,mutexqueue,statemachine,funccall,atomic-spin-pingpong"
		*rf.run = "mode=roundtrip/cap=0/payload=8B/work=0"
	}
	profile, err := rf.resolve()
	if err != nil {
		return err
	}
	benchtime, err := time.ParseDuration(*rf.benchtime)
	if err != nil || benchtime <= 0 {
		return fmt.Errorf("-benchtime %q: the noise study wants a duration, such as 60ms", *rf.benchtime)
	}
	var variants []noiseVariant
	for _, name := range strings.Split(*variantList, ",") {
		v, ok := lookupNoiseVariant(strings.TrimSpace(name))
		if !ok {
			return fmt.Errorf("-variants: no variant %q (have %s)", name, strings.Join(noiseVariantNames(), ", "))
		}
		variants = append(variants, v)
	}
	taskset := runner.TasksetPath()
	for _, v := range variants {
		if v.pin && taskset == "" {
			return errors.New("-variants: pinned needs Linux, several CPUs and taskset (util-linux) on PATH")
		}
	}
	// The table's directory is made before the rounds, so that a bad -out
	// fails at once rather than after them.
	path := filepath.Join(*rf.out, "noise", time.Now().UTC().Format("2006-01-02T150405")+".txt")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("-out: %w", err)
	}
	tmp, err := os.MkdirTemp("", "handoff-noise-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	bin, binRows, err := rf.build(ctx, stderr, "noise", tmp)
	if err != nil {
		return err
	}
	units, err := rf.units(profile, binRows)
	if err != nil {
		return err
	}
	if len(units) == 0 {
		return fmt.Errorf("no benchmark matches -impls=%q -run=%q", *rf.impls, *rf.run)
	}
	fmt.Fprintf(stderr, "noise: %d benchmarks x %d variants, %d rounds, benchtime %v, seed %d\n", len(units), len(variants), *rf.rounds, benchtime, *rf.seed)

	// fixedn's count: each benchmark's b.N at the benchtime, from one
	// calibration run before the rounds.
	iters := map[string]int{}
	for _, u := range units {
		rs, err := noiseRun(ctx, bin, "", u, noiseVariant{name: "calibrate"}, benchtime, 0)
		if err != nil {
			return err
		}
		iters[u.String()] = rs[0].iters
	}
	obs := map[string]map[string][]noiseProc{} // unit, variant → processes in round order
	for _, u := range units {
		obs[u.String()] = map[string][]noiseProc{}
	}
	start := time.Now()
	for round := 1; round <= *rf.rounds; round++ {
		r := rand.New(rand.NewPCG(*rf.seed, uint64(round)))
		for _, i := range r.Perm(len(units)) {
			u := units[i]
			for _, j := range r.Perm(len(variants)) {
				v := variants[j]
				rs, err := noiseRun(ctx, bin, taskset, u, v, benchtime, iters[u.String()])
				if err != nil {
					return fmt.Errorf("round %d: %w", round, err)
				}
				obs[u.String()][v.name] = append(obs[u.String()][v.name], noiseProc{round: round, values: nsValues(rs)})
			}
		}
		fmt.Fprintf(stderr, "noise: round %d of %d done, %v\n", round, *rf.rounds, time.Since(start).Round(time.Second))
	}
	var table bytes.Buffer
	if err := writeNoise(&table, units, variants, obs); err != nil {
		return err
	}
	// The file keeps every process's values too, so that a figure quoted
	// from the table can be traced to the rounds behind it.
	raw := bytes.NewBuffer(slices.Clone(table.Bytes()))
	fmt.Fprintf(raw, "\n# every process's ns/op: benchmark, variant, round, values\n")
	for _, u := range units {
		for _, v := range variants {
			for _, p := range obs[u.String()][v.name] {
				fmt.Fprintf(raw, "%s\t%s\t%d", strings.TrimPrefix(u.String(), "Benchmark"), v.name, p.round)
				for _, x := range p.values {
					fmt.Fprintf(raw, "\t%.4g", x)
				}
				fmt.Fprintln(raw)
			}
		}
	}
	if err := runner.WriteAtomic(path, func(w io.Writer) error { _, err := w.Write(raw.Bytes()); return err }); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "noise: the table, and every process's values, are in %s\n", path)
	_, err = stdout.Write(table.Bytes())
	return err
}

// A noiseVariant is one suspect's setting: extra flags and environment for
// the benchmark process, a benchtime multiple, a count within the process,
// or a fixed b.N.
type noiseVariant struct {
	name, doc string
	env       []string
	count     int     // -test.count within one process, the benchtime split among them
	times     float64 // benchtime multiple (0: 1)
	fixedN    bool    // -test.benchtime=<calibrated N>x
	pin       bool    // the process confined to GOMAXPROCS CPUs by taskset
}

var noiseVariants = []noiseVariant{
	{name: "base", doc: "go test's way: b.N ramped every run, the process on any CPU"},
	{name: "count5", doc: "five runs of a fifth of the benchtime in one process: splits within-process from between-process spread", count: 5},
	{name: "warmup", doc: "10000 Sends before the timer (" + bench.WarmupEnv + ")", env: []string{bench.WarmupEnv + "=10000"}},
	{name: "fixedn", doc: "every round runs the b.N one calibration run chose, with no ramp to a new N", fixedN: true},
	{name: "gcoff", doc: "GOGC=off: no collection during the run", env: []string{"GOGC=off"}},
	{name: "pinned", doc: "the process confined by taskset to its first GOMAXPROCS CPUs, as make bench runs it (nothing to confine at the CPU count)", pin: true},
	{name: "x5", doc: "five times the benchtime: does a longer run narrow what more rounds would?", times: 5},
}

func noiseVariantNames() []string {
	var out []string
	for _, v := range noiseVariants {
		out = append(out, v.name)
	}
	return out
}

func noiseVariantDoc() string {
	var out []string
	for _, v := range noiseVariants {
		out = append(out, v.name+" ("+v.doc+")")
	}
	return strings.Join(out, "; ")
}

func lookupNoiseVariant(name string) (noiseVariant, bool) {
	i := slices.IndexFunc(noiseVariants, func(v noiseVariant) bool { return v.name == name })
	if i < 0 {
		return noiseVariant{}, false
	}
	return noiseVariants[i], true
}

// A noiseProc is one process's results: one value, or count of them.
type noiseProc struct {
	round  int
	values []float64 // ns/op
}

// noiseResult is one benchmark result line's ns/op and b.N.
type noiseResult struct {
	ns    float64
	iters int
}

func nsValues(rs []noiseResult) []float64 {
	out := make([]float64, len(rs))
	for i, r := range rs {
		out[i] = r.ns
	}
	return out
}

// noiseRun runs unit u once under variant v in a fresh process of bin;
// the pinned variant runs it confined by taskset, as the runner does.
func noiseRun(ctx context.Context, bin, taskset string, u matrix.Unit, v noiseVariant, benchtime time.Duration, n int) ([]noiseResult, error) {
	bt := benchtime.String()
	count := max(v.count, 1)
	switch {
	case v.fixedN:
		bt = strconv.Itoa(n) + "x"
	case v.times > 0:
		bt = time.Duration(float64(benchtime) * v.times).String()
	case count > 1:
		bt = (benchtime / time.Duration(count)).String()
	}
	args := append(u.Args(), "-test.benchmem", "-test.benchtime="+bt, "-test.count="+strconv.Itoa(count))
	if !v.pin {
		taskset = ""
	}
	cmd := runner.Command(ctx, taskset, u.Procs, bin, args...)
	cmd.Env = append(os.Environ(), v.env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%s (%s) failed: %v\n%s", u, v.name, err, out.String())
	}
	r := benchfmt.NewReader(bytes.NewReader(out.Bytes()), u.String())
	var rs []noiseResult
	for r.Scan() {
		if res, ok := r.Result().(*benchfmt.Result); ok {
			if ns, ok := stats.NsPerOp(res); ok {
				rs = append(rs, noiseResult{ns: ns, iters: res.Iters})
			}
		}
	}
	if err := r.Err(); err != nil {
		return nil, fmt.Errorf("%s (%s): %v", u, v.name, err)
	}
	if len(rs) != count {
		return nil, fmt.Errorf("%s (%s): %d results, want %d\n%s", u, v.name, len(rs), count, out.String())
	}
	return rs, nil
}

// writeNoise prints the study's table: per benchmark and variant, the
// median over processes, its 95% interval as ±%, the robust spread between
// processes, the within-process spread (count variants), and the drift.
func writeNoise(w io.Writer, units []matrix.Unit, variants []noiseVariant, obs map[string]map[string][]noiseProc) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "benchmark\tvariant\tprocesses\tmedian ns\t95% CI ±\tspread between\tspread within\tdrift/round\tlow..high\t")
	for _, u := range units {
		for _, v := range variants {
			ps := obs[u.String()][v.name]
			perProc := make([]float64, len(ps))
			var within []float64
			for i, p := range ps {
				perProc[i] = stats.Median(p.values)
				if len(p.values) > 1 {
					within = append(within, stats.LogSpread(p.values))
				}
			}
			n := noiseSummary(perProc)
			in := "-"
			if len(within) > 0 {
				in = fmt.Sprintf("%.1f%%", 100*stats.Median(within))
			}
			fmt.Fprintf(tw, "%s\t%s\t%d\t%.1f\t%.1f%%\t%.1f%%\t%s\t%+.2f%%\t%.1f..%.1f\t\n", strings.TrimPrefix(u.String(), "Benchmark"), v.name, len(ps), n.center, 100*n.halfWidth, 100*n.spread, in, 100*n.drift, n.low, n.high)
		}
	}
	return tw.Flush()
}
