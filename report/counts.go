package report

import (
	"fmt"
	"math"

	"github.com/handoffbench/handoff/resultfmt"
	"github.com/handoffbench/handoff/stats"
)

// instr is the unit of an instruction count (make bench COUNTS=1).
const instr = resultfmt.InstructionsUnit

// counted says whether the run counted instructions: then the headline and
// the ladder give each counted benchmark's count beside its time, and the
// appendix says how they were counted and which were not.
func (m *model) counted() bool { return m.set.Config[resultfmt.KeyCounts] != "" }

// count is k's median instructions/op, or NaN where it was not counted.
func (m *model) count(k stats.Key) float64 {
	if !m.set.Has(k, instr) {
		return math.NaN()
	}
	return m.set.Center(k, instr)
}

// fmtInstr is an instruction count per op, or – where there is none.
func fmtInstr(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	return fmt.Sprintf("%.1f", v)
}

// fmtInstrDelta is an increment in instructions per op with its sign, or –.
func fmtInstrDelta(d float64) string {
	if math.IsNaN(d) {
		return "–"
	}
	return fmt.Sprintf("%+.1f", d)
}

// countsNote is the sentence a page with counts adds to its intro.
const countsNote = "instructions/op is Valgrind's count of the instructions an op executes, the median of counts that agreed within 0.5% (make bench COUNTS=1); – where a benchmark was not counted, and the appendix says why."
