package proof

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/handoffbench/handoff/bench/counts"
	"github.com/handoffbench/handoff/bench/matrix"
	"github.com/handoffbench/handoff/bench/runner"
	"github.com/handoffbench/handoff/stats"
)

// countTarget lengthens statemachine's Send by straight-line increments
// worth a share of its own instruction count, and runs regress on its
// counts. An increment of a global counter is one instruction (INCQ on
// amd64), the finest step there is, but what n of them add to an op is
// not n: the first can take the place of a move the compiler no longer
// needs. So each level's increments are found by counting: from the
// share of the count, one more at a time until the counted rise reaches
// the level.
type countTarget struct {
	levels map[int]int // increments by level
}

// maxIncrements bounds the search of a level: 20% of a count of 125.
const maxIncrements = 25

// countedUnit is the benchmark the count proof gates on: statemachine's
// roundtrip at GOMAXPROCS=1, which counts steadily.
var countedUnit = matrix.Unit{Case: matrix.Case{Bench: matrix.Handoff, Impl: "statemachine", Mode: matrix.Roundtrip, Payload: matrix.P8B}, Procs: 1}

// resumeAnchor is the line of statemachine's resume that a level's
// increments follow: inside a function that has a defer, and so is never
// inlined, its length cannot change what the compiler inlines. (Placed in
// Send, two increments stopped Send from being inlined into its
// instantiation's wrapper, and added 11 instructions, not 2.)
const resumeAnchor = "\t\tc.state = handling\n"

func calibrateCounts(ctx context.Context, tree, head, tmp string, levels []int, log io.Writer) (target, error) {
	path, version, err := counts.Find(ctx)
	if err != nil {
		return nil, err
	}
	c := counts.Counter{Valgrind: path, Version: version, Repeats: 3}
	count := func(n int) (float64, error) {
		if err := lengthenCommit(ctx, tree, head, n, 0); err != nil {
			return 0, err
		}
		dir := filepath.Join(tmp, fmt.Sprintf("calibrate%d", n))
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
		return stats.Median(cs[0].PerOp), nil
	}
	t := countTarget{levels: map[int]int{}}
	base, err := count(0) // statemachine's roundtrip at HEAD, instructions/op
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(log, "gate-proof: statemachine's roundtrip counts %.1f instructions/op at HEAD (%s)\n", base, head[:7])
	for _, pct := range levels {
		if pct == 0 {
			continue
		}
		for n := max(1, int(math.Floor(float64(pct)/100*base))); ; n++ {
			if n > maxIncrements {
				return nil, fmt.Errorf("calibration: %d increments do not lengthen statemachine's roundtrip by %d%%", maxIncrements, pct)
			}
			got, err := count(n)
			if err != nil {
				return nil, err
			}
			if rise := got/base - 1; rise >= float64(pct)/100 {
				t.levels[pct] = n
				fmt.Fprintf(log, "gate-proof: +%d%% is %d increments, counted at %.1f instructions/op (+%.2f%%)\n", pct, n, got, 100*rise)
				break
			}
		}
	}
	return t, nil
}

func (t countTarget) commit(ctx context.Context, tree, head string, pct int) error {
	return lengthenCommit(ctx, tree, head, t.levels[pct], pct)
}

func (t countTarget) args(p Proof) []string {
	return []string{"-counts", "-impls=statemachine", "-run=" + countedUnit.String() + "$"}
}

func (t countTarget) what() string { return "statemachine's Send lengthened by" }

// lengthenCommit resets tree to head and commits on it n increments of
// global counters in statemachine's resume, on the path of every Send (an
// empty commit when n is 0).
func lengthenCommit(ctx context.Context, tree, head string, n, pct int) error {
	var p *patch
	if n > 0 {
		var body strings.Builder
		for i := range n {
			fmt.Fprintf(&body, "\t\tproofCounts[%d]++\n", i)
		}
		p = &patch{dir: filepath.Join("impls", "statemachine"), file: "statemachine.go", anchor: resumeAnchor, insert: body.String(),
			newFile: "proof_count.go", newSrc: fmt.Sprintf(proofCountSource, n)}
	}
	return patchCommit(ctx, tree, head, p, fmt.Sprintf("gate-proof: statemachine's Send lengthened by %d%% (%d increments)", pct, n))
}

// proofCountSource declares the counters the lengthening increments.
const proofCountSource = `package statemachine

// proofCounts are gate-proof's lengthening of Send: resume increments
// each of them once a Send, a separate memory operand each, so that no two
// increments fold into one.
var proofCounts [%d]uint64
`
