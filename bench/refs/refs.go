// Package refs measures the seed's own systems — CPython's generators and
// asyncio, C's ucontext coroutines and Protothreads — as reference rows
// beside Go's. The programs are small and written in this project (refs/ at
// the module root); each prints one line of the Go benchmark format per run,
// named BenchmarkHandoff/impl=<name>/.../ref=true, so benchstat, the report
// and the gate read them as any other row. The runner runs them in its
// rounds, interleaved with the Go benchmarks.
//
// A row whose tool is missing (python3, a C compiler) is skipped with a
// line that says which and why; the rest of the run goes on.
package refs

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"

	"golang.org/x/perf/benchfmt"
)

// A Ref is one reference row: how to run it and whom the report sets it
// beside.
type Ref struct {
	Name   string // impl= in the results
	Beside string // the Go implementation it is compared with
	Mode   string // roundtrip or stream, as in the Go matrix
	Tool   string // "python3" or "cc"
	Source string // the program, under refs/
	Args   []string
	Doc    string
}

// All are the seed's systems, in the order the report shows them.
var All = []Ref{
	{"python-generator", "iterpull", "roundtrip", "python3", "generator.py", nil,
		"the seed's exact protocol: a CPython generator primed with send(None), fed with send(n), ended with close()"},
	{"c-ucontext", "iterpull", "roundtrip", "cc", "ucontext.c", nil,
		"a stackful coroutine ping-pong with swapcontext, the mechanism of libco and cloudwu/coroutine, at -O2"},
	{"c-protothread", "statemachine", "roundtrip", "cc", "protothread.c", nil,
		"a switch-based stackless consumer (Protothreads' local continuation), at -O2"},
	{"python-asyncio", "channels", "roundtrip", "python3", "asyncio_queue.py", []string{"roundtrip"},
		"two asyncio tasks, a request and a reply through two asyncio.Queue(1)"},
	{"python-asyncio", "channels", "stream", "python3", "asyncio_queue.py", []string{"stream"},
		"two asyncio tasks, a one-way stream through one asyncio.Queue(16)"},
}

// Benchmark is the row's name as its program prints it.
func (r Ref) Benchmark() string {
	capacity := 0
	if r.Mode == "stream" {
		capacity = 16
	}
	return fmt.Sprintf("BenchmarkHandoff/impl=%s/mode=%s/cap=%d/payload=8B/work=0/ref=true", r.Name, r.Mode, capacity)
}

// A Command is a reference row ready to run: the program and its
// arguments, to which the benchtime in seconds is appended.
type Command struct {
	Ref
	Path    string
	Args    []string
	Version string // the tool's own account of its version
}

// Label names the row in progress lines, errors and skip notices.
func (r Ref) Label() string { return r.Name + "/" + r.Mode }

// Prepare writes the programs of src (the embedded refs.Sources, or a
// test's) into dir, finds the tools the rows need, compiles the C programs
// at -O2, and returns the rows that can run, and one line per row that
// cannot, saying why. lookPath is exec.LookPath but for tests. The C
// compiler is $CC, else cc, else gcc.
func Prepare(ctx context.Context, src fs.FS, dir string, lookPath func(string) (string, error)) ([]Command, []string, error) {
	if err := os.CopyFS(dir, src); err != nil {
		return nil, nil, fmt.Errorf("the reference programs: %w", err)
	}
	python, pyErr := lookPath("python3")
	cc, ccErr := compiler(lookPath)
	versions := map[string]string{} // asked once per tool
	version := func(tool string) string {
		if v, ok := versions[tool]; ok {
			return v
		}
		versions[tool] = "unknown"
		if out, err := exec.CommandContext(ctx, tool, "--version").CombinedOutput(); err == nil {
			versions[tool], _, _ = strings.Cut(strings.TrimSpace(string(out)), "\n")
		}
		return versions[tool]
	}
	var cmds []Command
	var skipped []string
	for _, r := range All {
		source := filepath.Join(dir, r.Source)
		switch r.Tool {
		case "python3":
			if pyErr != nil {
				skipped = append(skipped, fmt.Sprintf("%s: skipped, no python3 on PATH", r.Label()))
				continue
			}
			cmds = append(cmds, Command{r, python, append([]string{source}, r.Args...), version(python)})
		case "cc":
			if ccErr != nil {
				skipped = append(skipped, fmt.Sprintf("%s: skipped, %v", r.Label(), ccErr))
				continue
			}
			bin := filepath.Join(dir, strings.TrimSuffix(r.Source, ".c"))
			out, err := exec.CommandContext(ctx, cc, "-O2", "-o", bin, source).CombinedOutput()
			if err != nil {
				first, _, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
				skipped = append(skipped, fmt.Sprintf("%s: skipped, %s does not compile here: %s", r.Label(), r.Source, first))
				continue
			}
			cmds = append(cmds, Command{r, bin, r.Args, version(cc) + " -O2"})
		}
	}
	return cmds, skipped, nil
}

// Tag gives a reference row's result the file configuration of the Go rows
// beside it (goos, goarch, pkg, cpu: the same machine and run), so that
// benchstat keeps them in one table; the ref=true key in the name is what
// marks them, and the results file's tool-* lines say what ran them.
func Tag(res *benchfmt.Result, goConfig []benchfmt.Config) *benchfmt.Result {
	out := &benchfmt.Result{Name: res.Name, Iters: res.Iters, Values: res.Values}
	for _, c := range goConfig {
		if c.File {
			out.Config = append(out.Config, c)
		}
	}
	return out
}

// HostConfig is the machine's goos, goarch and cpu, for reference rows
// measured without a Go benchmark to take them from.
func HostConfig() []benchfmt.Config {
	cfg := []benchfmt.Config{
		{Key: "goos", Value: []byte(runtime.GOOS), File: true},
		{Key: "goarch", Value: []byte(runtime.GOARCH), File: true},
	}
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				cfg = append(cfg, benchfmt.Config{Key: "cpu", Value: []byte(strings.TrimSpace(v)), File: true})
				break
			}
		}
	}
	return cfg
}

func compiler(lookPath func(string) (string, error)) (string, error) {
	names := []string{"cc", "gcc"}
	if cc := os.Getenv("CC"); cc != "" {
		names = []string{cc}
	}
	for _, n := range names {
		if p, err := lookPath(n); err == nil {
			return p, nil
		}
	}
	return "", errors.New("no C compiler (" + strings.Join(names, ", ") + ") on PATH")
}

// Names are the reference rows' names, each once.
func Names() []string {
	var names []string
	for _, r := range All {
		if !slices.Contains(names, r.Name) {
			names = append(names, r.Name)
		}
	}
	return names
}

// Select are the reference rows that implList (comma-separated names; ""
// for all) and the regular expression expr ("" for all) leave in; an expr
// that does not compile leaves none, as the units' selection reports it.
func Select(implList, expr string) []Ref {
	re, err := regexp.Compile(expr)
	if err != nil {
		return nil
	}
	var out []Ref
	for _, r := range All {
		if implList != "" && !slices.Contains(strings.Split(implList, ","), r.Name) {
			continue
		}
		if re.MatchString(r.Benchmark()) {
			out = append(out, r)
		}
	}
	return out
}

// CheckNames refuses an implList that names a row which is not a
// reference row.
func CheckNames(implList string) error {
	if implList == "" {
		return nil
	}
	for _, name := range strings.Split(implList, ",") {
		if !slices.Contains(Names(), name) {
			return fmt.Errorf("-impls: no reference row %q (have %s)", name, strings.Join(Names(), ", "))
		}
	}
	return nil
}
