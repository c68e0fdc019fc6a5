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
	"github.com/handoffbench/handoff/impls"
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
	// Modules are the third-party modules of the registry's rows, by row
	// name, as module@version: written as module-<row> lines.
	Modules map[string]string
	// Toolchain is the GOTOOLCHAIN the benchmarks were built with, when a
	// run measures several Go releases as arms (make bench TOOLCHAINS=…).
	Toolchain string
}

func (e Env) config() []benchfmt.Config {
	procs := make([]string, len(e.Procs))
	for i, n := range e.Procs {
		procs[i] = strconv.Itoa(n)
	}
	kv := [][2]string{
		{"go", e.Go},
		{"commit", e.Commit},
		{"dirty", e.Dirty},
		{"date", e.Date.UTC().Format(time.RFC3339)},
		{"profile", e.Profile},
		{"benchtime", e.Benchtime},
		{"rounds", strconv.Itoa(e.Rounds)},
		{"order-seed", strconv.FormatUint(e.Seed, 10)},
		{"gomaxprocs", strings.Join(procs, ",")},
	}
	if e.Toolchain != "" {
		kv = append(kv, [2]string{"toolchain", e.Toolchain})
	}
	if e.Sequential {
		kv = append(kv, [2]string{"sequential", "true"})
	}
	for _, name := range slices.Sorted(maps.Keys(e.Tools)) {
		kv = append(kv, [2]string{"tool-" + name, e.Tools[name]})
	}
	for _, name := range slices.Sorted(maps.Keys(e.Modules)) {
		kv = append(kv, [2]string{"module-" + name, e.Modules[name]})
	}
	var cfg []benchfmt.Config
	for _, c := range kv {
		if c[1] != "" {
			cfg = append(cfg, benchfmt.Config{Key: c[0], Value: []byte(c[1]), File: true})
		}
	}
	return cfg
}

// Write writes results in the Go benchmark format: the Unit lines of the
// custom metrics, then each result under its configuration — the binary's
// own (goos, goarch, pkg, cpu) and env's.
func Write(w io.Writer, env Env, results []*benchfmt.Result) error {
	bw := bufio.NewWriter(w)
	for _, m := range matrix.Metrics {
		if reported(results, m.Unit) {
			fmt.Fprintf(bw, "Unit %s better=%s assume=nothing\n", m.Unit, m.Better)
		}
	}
	fmt.Fprintln(bw)
	out := benchfmt.NewWriter(bw)
	extra := env.config()
	for _, r := range inMatrixOrder(results) {
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

// inMatrixOrder sorts results as the matrix lists its cases — the
// registry's order of implementations first — then by GOMAXPROCS, keeping
// the rounds in the order they ran; rows the matrix does not have (reference
// rows) come last. The runs happened shuffled, but tools that order columns
// and rows by first appearance, benchstat among them, then show every file
// the same way.
func inMatrixOrder(results []*benchfmt.Result) []*benchfmt.Result {
	index := map[string]int{}
	for i, c := range matrix.All(impls.Rows()) {
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

// WriteFile writes results to path all at once: to a temporary file in the
// same directory, renamed into place only when complete, so a failure
// leaves no half-written results file behind.
func WriteFile(path string, env Env, results []*benchfmt.Result) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if err := f.Chmod(0o644); err != nil { // CreateTemp makes it private
		f.Close()
		return err
	}
	if err := Write(f, env, results); err != nil {
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
