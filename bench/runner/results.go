package runner

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/perf/benchfmt"

	"github.com/handoffbench/handoff/bench/matrix"
	"github.com/handoffbench/handoff/resultfmt"
)

// Env is the configuration a results file records, as configuration lines
// above the results, so that a file says how it was made.
type Env struct {
	Go        string    // go version the benchmarks were built with
	Commit    string    // short commit of the working tree, or "unknown"
	Dirty     string    // "true" if the tree had uncommitted changes
	Date      time.Time // when the run started
	Profile   string
	Benchtime string
	Rounds    int
	Seed      uint64 // the seed of the per-round shuffles
	Procs     []int  // GOMAXPROCS values measured
	// Tools are the programs beside Go that measured reference rows, by
	// name, with the versions they report: written as tool-<name> lines.
	Tools map[string]string
	// Sequential: the run added rounds only to the benchmarks still
	// undecided (make regress), so their counts differ by design; Rounds
	// is then the most any benchmark ran.
	Sequential bool
	// Rows describe the implementations and floors, as the benchmark
	// binary that measured them said (BinaryRows), and the reference rows,
	// third-party ones with their module@version: written as the rows,
	// row-<name>-<field> and module-<name> lines of package resultfmt's scheme,
	// so that the file says what each row is without the registry.
	Rows []resultfmt.Row
	// Cores is the number of CPUs the run could use (runtime.NumCPU, which
	// an affinity mask such as taskset's lowers): written as cores, so that
	// a file names its machine even where GOMAXPROCS ran above it.
	Cores int
	// Toolchain is the GOTOOLCHAIN the benchmarks were built with, when a
	// run measures several Go releases as arms (make bench TOOLCHAINS=…).
	Toolchain string
	// Iterations says how each run chose its b.N: "fixed" (the first run
	// of a benchmark ramps, the rest run its b.N: Plan.Iters) or "ramped"
	// (every run ramps to the benchtime, as go test does).
	Iterations string
	// Affinity says where each process ran: "first-gomaxprocs-cpus" (a
	// unit below the CPU count confined to its first GOMAXPROCS CPUs:
	// Plan.Taskset) or "none".
	Affinity string
	// Counts, in a run that counted instructions, is how (counts.Counter's
	// Method); each row's Counts says which of its benchmarks were counted.
	Counts string
}

func (e Env) config() ([]benchfmt.Config, error) {
	procs := make([]string, len(e.Procs))
	for i, n := range e.Procs {
		procs[i] = strconv.Itoa(n)
	}
	kv := [][2]string{
		{resultfmt.KeyGo, e.Go},
		{resultfmt.KeyCommit, e.Commit},
		{resultfmt.KeyDirty, e.Dirty},
		{resultfmt.KeyDate, e.Date.UTC().Format(time.RFC3339)},
		{resultfmt.KeyProfile, e.Profile},
		{resultfmt.KeyBenchtime, e.Benchtime},
		{resultfmt.KeyIterations, e.Iterations},
		{resultfmt.KeyCPUAffinity, e.Affinity},
		{resultfmt.KeyRounds, strconv.Itoa(e.Rounds)},
		{resultfmt.KeyOrderSeed, strconv.FormatUint(e.Seed, 10)},
		{resultfmt.KeyGOMAXPROCS, strings.Join(procs, ",")},
	}
	if e.Cores > 0 {
		kv = append(kv, [2]string{resultfmt.KeyCores, strconv.Itoa(e.Cores)})
	}
	if e.Toolchain != "" {
		kv = append(kv, [2]string{resultfmt.KeyToolchain, e.Toolchain})
	}
	if e.Sequential {
		kv = append(kv, [2]string{resultfmt.KeySequential, "true"})
	}
	if e.Counts != "" {
		kv = append(kv, [2]string{resultfmt.KeyCounts, e.Counts})
	}
	for _, name := range slices.Sorted(maps.Keys(e.Tools)) {
		kv = append(kv, [2]string{resultfmt.KeyToolPrefix + name, e.Tools[name]})
	}
	lines, err := resultfmt.Lines(e.Rows)
	if err != nil {
		return nil, fmt.Errorf("describing the rows: %w", err)
	}
	for _, l := range lines {
		kv = append(kv, [2]string{l.Key, l.Value})
	}
	var cfg []benchfmt.Config
	for _, c := range kv {
		if c[1] != "" {
			cfg = append(cfg, benchfmt.Config{Key: c[0], Value: []byte(c[1]), File: true})
		}
	}
	return cfg, nil
}

// Write writes results in the Go benchmark format: the Unit lines of the
// custom metrics, then each result under its configuration — the binary's
// own (goos, goarch, pkg, cpu) and env's.
func Write(w io.Writer, env Env, results []*benchfmt.Result) error {
	extra, err := env.config()
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	for _, m := range matrix.Metrics {
		if reported(results, m.Unit) {
			fmt.Fprintf(bw, "Unit %s better=%s assume=nothing\n", m.Unit, m.Better)
		}
	}
	fmt.Fprintln(bw)
	out := benchfmt.NewWriter(bw)
	for _, r := range inMatrixOrder(results, env.Rows) {
		rec := &benchfmt.Result{Name: r.Name, Iters: r.Iters, Values: r.Values}
		for _, c := range r.Config {
			if c.File {
				rec.Config = append(rec.Config, c)
			}
		}
		rec.Config = append(rec.Config, extra...)
		if err := out.Write(rec); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// inMatrixOrder sorts results as the matrix lists its cases over rs, the
// rows the file describes — their order of implementations first — then by
// GOMAXPROCS, keeping
// the rounds in the order they ran; rows the matrix does not have (reference
// rows) come last. The runs happened shuffled, but tools that order columns
// and rows by first appearance, benchstat among them, then show every file
// the same way.
func inMatrixOrder(results []*benchfmt.Result, rs []resultfmt.Row) []*benchfmt.Result {
	index := map[string]int{}
	for i, c := range matrix.All(rs) {
		index[strings.TrimPrefix(c.Name(), "Benchmark")] = i
	}
	key := func(r *benchfmt.Result) (int, int) {
		name, procs := string(r.Name), 1
		if i := strings.LastIndexByte(name, '-'); i >= 0 {
			if n, err := strconv.Atoi(name[i+1:]); err == nil {
				name, procs = name[:i], n
			}
		}
		if i, ok := index[name]; ok {
			return i, procs
		}
		return len(index), procs
	}
	sorted := slices.Clone(results)
	slices.SortStableFunc(sorted, func(a, b *benchfmt.Result) int {
		ia, pa := key(a)
		ib, pb := key(b)
		return cmp.Or(cmp.Compare(ia, ib), cmp.Compare(pa, pb))
	})
	return sorted
}

// reported says whether some result has a value in unit: a Unit line for a
// unit nothing reports would declare data the file does not have.
func reported(results []*benchfmt.Result, unit string) bool {
	for _, r := range results {
		for _, v := range r.Values {
			if v.OrigUnit == unit || v.Unit == unit {
				return true
			}
		}
	}
	return false
}

// WriteFile writes results to path all at once (WriteAtomic), so a failure
// leaves no half-written results file behind.
func WriteFile(path string, env Env, results []*benchfmt.Result) error {
	return WriteAtomic(path, func(w io.Writer) error { return Write(w, env, results) })
}

// WriteAtomic writes path with write: to a temporary file in the same
// directory, renamed into place only when write and the close succeed, so
// a failure leaves nothing half-written and any earlier file whole.
func WriteAtomic(path string, write func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if err := f.Chmod(0o644); err != nil { // CreateTemp makes it private
		f.Close()
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return os.Rename(f.Name(), path)
}

// NewPath picks results/<UTC date>-<commit>.txt in dir, adding -2, -3, …
// when a run of the same commit already wrote that file today: results are
// never overwritten.
func NewPath(dir string, date time.Time, commit string) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	base := date.UTC().Format("2006-01-02") + "-" + commit
	for n := 1; ; n++ {
		name := base + ".txt"
		if n > 1 {
			name = fmt.Sprintf("%s-%d.txt", base, n)
		}
		path := filepath.Join(dir, name)
		if _, err := os.Stat(path); os.IsNotExist(err) {
			return path, nil
		}
	}
}
