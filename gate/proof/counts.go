package proof

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/handoffbench/handoff/bench/counts"
	"github.com/handoffbench/handoff/bench/matrix"
	"github.com/handoffbench/handoff/bench/runner"
)

// countTarget lengthens statemachine's Send by straight-line arithmetic
// worth a share of its own instruction count, and runs regress on its
// counts. The change per statement is measured, not assumed: two
// calibration commits, of calibrateLo and calibrateHi statements, are
// counted beside HEAD.
type countTarget struct {
	base       float64 // statemachine's roundtrip at HEAD, instructions/op
	fixed, per float64 // the calibrated change: fixed + per × statements
}

const calibrateLo, calibrateHi = 8, 40

// sendAnchor is statemachine's Send, which a level's commit calls
// proofCount from.
const sendAnchor = "func (c *conn[In, Out]) Send(v In) (Out, error) { return c.resume(v) }"

// countedUnit is the benchmark the count proof gates on: statemachine's
// roundtrip at GOMAXPROCS=1, which counts steadily.
var countedUnit = matrix.Unit{Case: matrix.Case{Bench: matrix.Handoff, Impl: "statemachine", Mode: matrix.Roundtrip, Payload: matrix.P8B}, Procs: 1}

func calibrateCounts(ctx context.Context, tree, head, tmp string, log io.Writer) (target, error) {
	path, version, err := counts.Find(ctx)
	if err != nil {
		return nil, err
	}
	c := counts.Counter{Valgrind: path, Version: version, Repeats: 3}
	count := func(stmts int) (float64, error) {
		if err := lengthenCommit(ctx, tree, head, stmts, 0); err != nil {
			return 0, err
		}
		dir := filepath.Join(tmp, fmt.Sprintf("calibrate%d", stmts))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return 0, err
		}
		bin, err := runner.Build(ctx, "go", tree, "./bench", dir)
		if err != nil {
			return 0, err
		}
		c.Bin = bin
		cs, err := c.Count(ctx, []matrix.Unit{countedUnit})
		if err != nil {
			return 0, err
		}
		if !cs[0].Counted {
			return 0, fmt.Errorf("%s does not count steadily here: %s", countedUnit, cs[0].Why)
		}
		ps := slices.Sorted(slices.Values(cs[0].PerOp))
		return ps[len(ps)/2], nil
	}
	var t countTarget
	if t.base, err = count(0); err != nil {
		return nil, err
	}
	lo, err := count(calibrateLo)
	if err != nil {
		return nil, err
	}
	hi, err := count(calibrateHi)
	if err != nil {
		return nil, err
	}
	t.per = (hi - lo) / (calibrateHi - calibrateLo)
	t.fixed = lo - t.base - t.per*calibrateLo
	if t.per <= 0 {
		return nil, fmt.Errorf("calibration: %d statements counted %.1f instructions/op, %d counted %.1f: no instructions per statement", calibrateLo, lo, calibrateHi, hi)
	}
	fmt.Fprintf(log, "gate-proof: statemachine's roundtrip counts %.1f instructions/op at HEAD (%s); each added statement %.2f, and the call %.1f\n", t.base, head[:7], t.per, t.fixed)
	return t, nil
}

// statements is how many statements make a level: the fewest whose
// calibrated change is at least pct percent of the base count.
func (t countTarget) statements(pct int) int {
	if pct == 0 {
		return 0
	}
	return max(1, int(math.Ceil((float64(pct)/100*t.base-t.fixed)/t.per)))
}

func (t countTarget) commit(ctx context.Context, tree, head string, pct int) error {
	return lengthenCommit(ctx, tree, head, t.statements(pct), pct)
}

func (t countTarget) args(p Proof) []string {
	return []string{"-counts", "-impls=statemachine", "-run=" + countedUnit.String() + "$"}
}

func (t countTarget) what() string { return "statemachine's Send lengthened by" }

// lengthenCommit resets tree to head and commits on it a call, at the
// start of statemachine's Send, of a function of n dependent
// multiply-adds (an empty commit when n is 0).
func lengthenCommit(ctx context.Context, tree, head string, n, pct int) error {
	if err := gitRun(ctx, tree, "checkout", "--detach", "--quiet", "--force", head); err != nil {
		return err
	}
	if n > 0 {
		path := filepath.Join(tree, "impls", "statemachine", "statemachine.go")
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if !strings.Contains(string(src), sendAnchor) {
			return fmt.Errorf("%s: no %q to lengthen", path, sendAnchor)
		}
		src = []byte(strings.Replace(string(src), sendAnchor, strings.TrimSuffix(sendAnchor, " return c.resume(v) }")+"\n\tproofCount()\n\treturn c.resume(v)\n}", 1))
		if err := os.WriteFile(path, src, 0o644); err != nil {
			return err
		}
		var body strings.Builder
		for i := range n {
			fmt.Fprintf(&body, "\tx = x*0x9E3779B97F4A7C15 + %d\n", i+1)
		}
		if err := os.WriteFile(filepath.Join(tree, "impls", "statemachine", "proof_count.go"), []byte(fmt.Sprintf(proofCountSource, n, body.String())), 0o644); err != nil {
			return err
		}
	}
	if err := gitRun(ctx, tree, "add", "--all"); err != nil {
		return err
	}
	return gitRun(ctx, tree, "-c", "user.name=gate-proof", "-c", "user.email=gate-proof@invalid", "commit", "--quiet", "--allow-empty",
		"--message", fmt.Sprintf("gate-proof: statemachine's Send lengthened by %d%% (%d statements)", pct, n))
}

// proofCountSource is the lengthening committed into statemachine.
const proofCountSource = `package statemachine

// proofCountSink keeps proofCount's arithmetic from being removed.
var proofCountSink uint64

// proofCount is gate-proof's lengthening of Send: %d dependent
// multiply-adds, a fixed number of instructions.
//
//go:noinline
func proofCount() {
	x := proofCountSink
%s	proofCountSink = x
}
`
