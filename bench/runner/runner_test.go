package runner_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/perf/benchfmt"

	"github.com/handoffbench/handoff/bench/matrix"
	"github.com/handoffbench/handoff/bench/runner"
	"github.com/handoffbench/handoff/resultfmt"
)

func unit(impl, mode string, capacity int) matrix.Unit {
	return matrix.Unit{Case: matrix.Case{Bench: matrix.Handoff, Impl: impl, Mode: mode, Cap: capacity, Payload: matrix.P8B}, Procs: 1}
}

// build compiles one of the testdata benchmark packages.
func build(t *testing.T, pkg string) string {
	t.Helper()
	bin, err := runner.Build(context.Background(), "go", ".", "./testdata/"+pkg, t.TempDir())
	require.NoError(t, err)
	return bin
}

func TestRunWritesEveryRound(t *testing.T) {
	bin := build(t, "pass")
	units := []matrix.Unit{unit("a", matrix.Roundtrip, 0), unit("b", matrix.Roundtrip, 0)}
	var log bytes.Buffer
	plan := runner.Plan{Units: units, Arms: []runner.Arm{{Binary: bin}}, Rounds: 3, Benchtime: "100x", Seed: 7}
	res, err := runner.Run(context.Background(), plan, runner.NewProgress(&log))
	require.NoError(t, err)
	require.Len(t, res[""], 6, "3 rounds of 2 benchmarks")
	assert.Contains(t, log.String(), "round 1/3")
	assert.Contains(t, log.String(), "3 rounds of 2 benchmarks done")

	path := filepath.Join(t.TempDir(), "r.txt")
	env := runner.Env{Go: "go1.26", Commit: "abc1234", Dirty: "false", Date: time.Unix(0, 0), Profile: "test", Benchtime: "100x", Rounds: 3, Seed: 7, Procs: []int{1}}
	require.NoError(t, runner.WriteFile(path, env, res[""]))

	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	r := benchfmt.NewReader(f, path)
	names := map[string]int{}
	for r.Scan() {
		res, ok := r.Result().(*benchfmt.Result)
		if !ok {
			continue
		}
		names[string(res.Name)]++
		assert.Equal(t, "abc1234", res.GetConfig("commit"))
		assert.Equal(t, "7", res.GetConfig("order-seed"))
		assert.Equal(t, "3", res.GetConfig("rounds"))
		assert.NotEmpty(t, res.GetConfig("goos"))
	}
	require.NoError(t, r.Err())
	assert.Equal(t, map[string]int{"Handoff/impl=a/mode=roundtrip/cap=0/payload=8B/work=0": 3, "Handoff/impl=b/mode=roundtrip/cap=0/payload=8B/work=0": 3}, names)
	assert.Equal(t, "lower", r.Units().Get("cpu-ns/op", "better").Value)
}

func TestShuffledPerRound(t *testing.T) {
	bin := build(t, "pass")
	var units []matrix.Unit
	for range 5 {
		units = append(units, unit("a", matrix.Roundtrip, 0), unit("b", matrix.Roundtrip, 0))
	}
	plan := runner.Plan{Units: units, Arms: []runner.Arm{{Binary: bin}}, Rounds: 4, Benchtime: "10x", Seed: 1}
	res, err := runner.Run(context.Background(), plan, nil)
	require.NoError(t, err)
	var orders []string
	for round := range 4 {
		var b strings.Builder
		for _, r := range res[""][round*10 : round*10+10] {
			b.WriteByte(string(r.Name)[len("Handoff/impl=")])
		}
		orders = append(orders, b.String())
	}
	assert.NotEqual(t, orders[0], orders[1], "rounds ran in the same order: %v", orders)
}

func TestFailingBenchmarkStopsTheRun(t *testing.T) {
	bin := build(t, "fail")
	plan := runner.Plan{Units: []matrix.Unit{unit("a", matrix.Roundtrip, 0), unit("b", matrix.Roundtrip, 0)}, Arms: []runner.Arm{{Binary: bin}}, Rounds: 2, Benchtime: "10x"}
	_, err := runner.Run(context.Background(), plan, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "impl=b")
	assert.Contains(t, err.Error(), "items lost")
}

func TestBrokenImplementationFailsTheRun(t *testing.T) {
	bin := build(t, "broken")
	plan := runner.Plan{Units: []matrix.Unit{unit("dropper", matrix.Stream, 16)}, Arms: []runner.Arm{{Binary: bin}}, Rounds: 1, Benchtime: "1000x"}
	res, err := runner.Run(context.Background(), plan, nil)
	require.Error(t, err, "a run with a lossy implementation reported %v", res)
	assert.Contains(t, err.Error(), "lost, repeated or altered")
	assert.Empty(t, res[""], "no number reported for it")
}

func TestBuildFailure(t *testing.T) {
	_, err := runner.Build(context.Background(), "go", ".", "./testdata/nobuild", t.TempDir())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "building the benchmarks")
	assert.Contains(t, err.Error(), "nobuild_test.go")
}

func TestNoResultIsAnError(t *testing.T) {
	bin := build(t, "pass")
	plan := runner.Plan{Units: []matrix.Unit{unit("nosuch", matrix.Roundtrip, 0)}, Arms: []runner.Arm{{Binary: bin}}, Rounds: 1, Benchtime: "10x"}
	_, err := runner.Run(context.Background(), plan, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "gave no result")
}

func TestNewPathNeverOverwrites(t *testing.T) {
	dir := t.TempDir()
	date := time.Date(2026, 11, 28, 23, 59, 0, 0, time.UTC)
	p1, err := runner.NewPath(dir, date, "abc")
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(dir, "2026-11-28-abc.txt"), p1)
	require.NoError(t, os.WriteFile(p1, nil, 0o644))
	p2, err := runner.NewPath(dir, date, "abc")
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(dir, "2026-11-28-abc-2.txt"), p2)
}

// writeRun writes a results file at path as a run started at date writes
// it, then sets its modification time to mtime.
func writeRun(t *testing.T, path string, date, mtime time.Time) {
	t.Helper()
	res := &benchfmt.Result{Name: []byte("X"), Iters: 1, Values: []benchfmt.Value{{Value: 1, Unit: "ns/op"}}}
	require.NoError(t, runner.WriteFile(path, runner.Env{Commit: "abc", Date: date}, []*benchfmt.Result{res}))
	require.NoError(t, os.Chtimes(path, mtime, mtime))
}

func baseNames(paths []string) []string {
	names := make([]string, len(paths))
	for i, p := range paths {
		names[i] = filepath.Base(p)
	}
	return names
}

// TestHistoryOrdersByRecordedDate: the files' modification times run the
// other way round from when they ran, as after a restore or a copy, and
// the second run of a day has a name that sorts before the first's.
func TestHistoryOrdersByRecordedDate(t *testing.T) {
	dir := t.TempDir()
	day := time.Date(2026, 11, 5, 0, 0, 0, 0, time.UTC)
	now := time.Now()
	writeRun(t, filepath.Join(dir, "2026-11-05-abc-2.txt"), day.Add(15*time.Hour), now.Add(-4*time.Hour))
	writeRun(t, filepath.Join(dir, "2026-11-05-abc.txt"), day.Add(9*time.Hour), now.Add(-3*time.Hour))
	writeRun(t, filepath.Join(dir, "2026-11-03-def.txt"), day.AddDate(0, 0, -2), now.Add(-2*time.Hour))
	// No date line: the name's date counts.
	require.NoError(t, os.WriteFile(filepath.Join(dir, "2026-11-01-old.txt"), []byte("BenchmarkX 1 1 ns/op\n"), 0o644))
	require.NoError(t, os.Chtimes(filepath.Join(dir, "2026-11-01-old.txt"), now.Add(-time.Hour), now.Add(-time.Hour)))
	// Neither: first.
	require.NoError(t, os.WriteFile(filepath.Join(dir, "notes.txt"), nil, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "notes.md"), nil, 0o644))

	got, err := resultfmt.History(dir)
	require.NoError(t, err)
	assert.Equal(t, []string{"notes.txt", "2026-11-01-old.txt", "2026-11-03-def.txt", "2026-11-05-abc.txt", "2026-11-05-abc-2.txt"}, baseNames(got))
}

// TestKeepBoundsTheHistory: Keep prunes the runs that started first, not
// the files copied in first. The runs are copied in newest first, under
// names that sort in that order too, so neither the copies' modification
// times nor their names (should the times tie) give the order of the runs.
func TestKeepBoundsTheHistory(t *testing.T) {
	dir, history := t.TempDir(), filepath.Join(t.TempDir(), "history")
	for i, day := range []int{5, 4, 3, 2, 1} {
		p := filepath.Join(dir, fmt.Sprintf("run-%c.txt", 'a'+i))
		writeRun(t, p, time.Date(2026, 11, day, 12, 0, 0, 0, time.UTC), time.Now())
		require.NoError(t, runner.Keep(history, p, 3))
	}
	got, err := resultfmt.History(history)
	require.NoError(t, err)
	assert.Equal(t, []string{"run-c.txt", "run-b.txt", "run-a.txt"}, baseNames(got), "the runs of November 3, 4 and 5")
	require.NoError(t, runner.Keep(history, filepath.Join(dir, "run-e.txt"), 0), "keep 0 keeps nothing")
}

// TestPositionRecorded: every result names its round and its arm's place
// in the round, in the file, where benchfmt reads them back; a plan run in
// chunks numbers and shuffles its rounds as one long run would.
func TestPositionRecorded(t *testing.T) {
	bin := build(t, "pass")
	units := []matrix.Unit{unit("a", matrix.Roundtrip, 0), unit("b", matrix.Roundtrip, 0)}
	arms := []runner.Arm{{Label: "old", Binary: bin}, {Label: "new", Binary: bin}}
	whole, err := runner.Run(context.Background(), runner.Plan{Units: units, Arms: arms, Rounds: 4, Benchtime: "10x", Seed: 3}, nil)
	require.NoError(t, err)
	first, err := runner.Run(context.Background(), runner.Plan{Units: units, Arms: arms, Rounds: 2, Benchtime: "10x", Seed: 3}, nil)
	require.NoError(t, err)
	rest, err := runner.Run(context.Background(), runner.Plan{Units: units, Arms: arms, Rounds: 2, FirstRound: 3, Benchtime: "10x", Seed: 3}, nil)
	require.NoError(t, err)

	type place struct {
		name            string
		round, position int
	}
	places := func(rs []*benchfmt.Result) []place {
		var ps []place
		for _, r := range rs {
			round, pos, ok := runner.Position(r)
			require.True(t, ok, "%s records no position", r.Name)
			ps = append(ps, place{string(r.Name), round, pos})
		}
		return ps
	}
	for _, label := range []string{"old", "new"} {
		assert.Equal(t, places(whole[label]), append(places(first[label]), places(rest[label])...), label)
	}
	for i, o := range places(whole["old"]) {
		n := places(whole["new"])[i]
		assert.Equal(t, o.round, n.round)
		assert.Equal(t, 3, o.position+n.position, "the two arms of %s in round %d ran at positions %d and %d", o.name, o.round, o.position, n.position)
	}

	// Written and read back, the places survive, and a result without
	// them (an older file) reads as such.
	var buf bytes.Buffer
	require.NoError(t, runner.Write(&buf, runner.Env{Rounds: 4}, whole["new"]))
	assert.Contains(t, buf.String(), "\nround: 4\n")
	r := benchfmt.NewReader(&buf, "new.txt")
	var read []*benchfmt.Result
	for r.Scan() {
		if res, ok := r.Result().(*benchfmt.Result); ok {
			read = append(read, res.Clone())
		}
	}
	require.NoError(t, r.Err())
	assert.ElementsMatch(t, places(whole["new"]), places(read))
	_, _, ok := runner.Position(&benchfmt.Result{Name: []byte("X")})
	assert.False(t, ok)
}

// TestItersFixesN: with Plan.Iters, a unit's first run ramps to the
// benchtime and records its b.N, and every later run of it, on every arm
// and in every later chunk, is asked for that many iterations (or more,
// should a run at it take under half the benchtime), as the command lines
// the runner passed show. A unit that ramps (a row under load) is never
// fixed: every run of it is asked for the benchtime.
func TestItersFixesN(t *testing.T) {
	bin := build(t, "pass")
	wrapped, log := logging(t, "bench.test", "$*", "exec "+bin+" \"$@\"")
	loaded := matrix.Unit{Case: matrix.Case{Bench: matrix.Load, Impl: "a", Mode: matrix.Roundtrip, Payload: matrix.P8B, Load: matrix.LoadProcs}, Procs: 1}
	require.True(t, loaded.Ramps())
	units := []matrix.Unit{unit("a", matrix.Roundtrip, 0), unit("b", matrix.Roundtrip, 0), loaded}
	iters := map[string]int{}
	arms := []runner.Arm{{Label: "x", Binary: wrapped}, {Label: "y", Binary: wrapped}}
	plan := runner.Plan{Units: units, Arms: arms, Rounds: 2, Benchtime: "20ms", Seed: 3, Iters: iters}
	_, err := runner.Run(context.Background(), plan, nil)
	require.NoError(t, err)
	plan.FirstRound = 3
	_, err = runner.Run(context.Background(), plan, nil)
	require.NoError(t, err)
	require.Len(t, iters, 2)

	data, err := os.ReadFile(log)
	require.NoError(t, err)
	asked := map[string][]string{} // unit pattern → each run's -test.benchtime
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var pattern, bt string
		for _, f := range strings.Fields(line) {
			if v, ok := strings.CutPrefix(f, "-test.bench="); ok {
				pattern = v
			}
			if v, ok := strings.CutPrefix(f, "-test.benchtime="); ok {
				bt = v
			}
		}
		asked[pattern] = append(asked[pattern], bt)
	}
	require.Len(t, asked, 3)
	ramps := loaded.Pattern()
	assert.Equal(t, slices.Repeat([]string{"20ms"}, 8), asked[ramps], "%s ramps every run", ramps)
	delete(asked, ramps)
	for pattern, bts := range asked {
		require.Len(t, bts, 8, "%s: 4 rounds on 2 arms", pattern)
		assert.Equal(t, "20ms", bts[0], "%s: the first run ramps", pattern)
		last := 0
		for _, bt := range bts[1:] {
			n, err := strconv.Atoi(strings.TrimSuffix(bt, "x"))
			require.NoError(t, err, "%s: a later run was asked for %q, not a count", pattern, bt)
			assert.True(t, strings.HasSuffix(bt, "x"))
			assert.GreaterOrEqual(t, n, last, "%s: b.N is only ever raised", pattern)
			last = n
		}
	}
}

// TestTasksetConfinesBelowTheCPUCount: with Plan.Taskset, a unit whose
// GOMAXPROCS is below the CPU count runs under taskset on its first
// GOMAXPROCS CPUs, and one at the CPU count runs as it is.
func TestTasksetConfinesBelowTheCPUCount(t *testing.T) {
	if runtime.NumCPU() < 2 {
		t.Skip("one CPU: nothing to confine")
	}
	bin := build(t, "pass")
	fake, log := logging(t, "taskset", "$1 $2", "shift 2\nexec \"$@\"")
	one := unit("a", matrix.Roundtrip, 0)
	all := one
	all.Procs = runtime.NumCPU()
	plan := runner.Plan{Units: []matrix.Unit{one, all}, Arms: []runner.Arm{{Binary: bin}}, Rounds: 2, Benchtime: "10x", Seed: 1, Taskset: fake}
	res, err := runner.Run(context.Background(), plan, nil)
	require.NoError(t, err)
	assert.Len(t, res[""], 4)
	got, err := os.ReadFile(log)
	require.NoError(t, err)
	assert.Equal(t, "-c 0-0\n-c 0-0\n", string(got), "only the GOMAXPROCS=1 unit, once a round")
}

// TestArmsRunTheirOwnWay: an arm's own benchtime, count, environment and
// fixed or ramped b.N reach its processes alone, and a count gives that
// many results a run, all placed in the run's round.
func TestArmsRunTheirOwnWay(t *testing.T) {
	bin := build(t, "pass")
	wrapped, log := logging(t, "bench.test", "$HANDOFF_ARM $*", "exec "+bin+" \"$@\"")
	arms := []runner.Arm{
		{Label: "plain", Binary: wrapped, Env: []string{"HANDOFF_ARM=plain"}},
		{Label: "count3", Binary: wrapped, Env: []string{"HANDOFF_ARM=count3"}, Count: 3, Benchtime: "7ms"},
		{Label: "fixed", Binary: wrapped, Env: []string{"HANDOFF_ARM=fixed"}, Iters: map[string]int{}},
	}
	plan := runner.Plan{Units: []matrix.Unit{unit("a", matrix.Roundtrip, 0)}, Arms: arms, Rounds: 3, Benchtime: "20ms", Seed: 5}
	res, err := runner.Run(context.Background(), plan, nil)
	require.NoError(t, err)
	assert.Len(t, res["plain"], 3)
	require.Len(t, res["count3"], 9, "three results a run, three rounds")
	for i, r := range res["count3"] {
		assert.Equal(t, strconv.Itoa(i/3+1), r.GetConfig("round"), "the runs of one process share its round")
	}
	assert.Len(t, arms[2].Iters, 1, "the fixed arm recorded its b.N")

	data, err := os.ReadFile(log)
	require.NoError(t, err)
	asked := map[string][]string{} // arm → each run's flags
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		arm, flags, _ := strings.Cut(line, " ")
		asked[arm] = append(asked[arm], flags)
	}
	for _, f := range asked["plain"] {
		assert.Contains(t, f, "-test.benchtime=20ms", "the plan's benchtime, ramped every run")
		assert.NotContains(t, f, "-test.count")
	}
	for _, f := range asked["count3"] {
		assert.Contains(t, f, "-test.benchtime=7ms")
		assert.Contains(t, f, "-test.count=3")
	}
	require.Len(t, asked["fixed"], 3)
	assert.Contains(t, asked["fixed"][0], "-test.benchtime=20ms", "the fixed arm's first run ramps")
	for _, f := range asked["fixed"][1:] {
		assert.Regexp(t, `-test\.benchtime=\d+x`, f, "the fixed arm's later runs repeat its b.N")
	}
}

// logging writes an executable shell script called name into a new
// directory: it appends the line echo (expanded by the shell) to a log
// file beside it, then runs then. It returns the script's path and the
// log's.
func logging(t *testing.T, name, echo, then string) (script, log string) {
	dir := t.TempDir()
	script, log = filepath.Join(dir, name), filepath.Join(dir, "log")
	require.NoError(t, os.WriteFile(script, []byte("#!/bin/sh\necho \""+echo+"\" >> "+log+"\n"+then+"\n"), 0o755))
	return script, log
}
