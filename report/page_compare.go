package report

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/handoffbench/handoff/report/internal/render"
	"github.com/handoffbench/handoff/stats"
)

const compareTitle = "Comparison with the baseline"

// comparePage compares the results with a baseline as the regression gate
// does. It counts every comparison once, by verdict, so the counts add up
// to the total; lists every regression and improvement; and, even when
// nothing changed, the largest of the other changes with both sides'
// intervals and the adjusted p-value beside the threshold — how close the
// run came to the gate. The rest are counted and bounded, not listed.
func (m *model) comparePage(base *stats.Set, opts stats.CompareOptions) (render.Page, error) {
	c, err := stats.Compare(base, m.set, opts)
	if err != nil {
		return render.Page{}, err
	}
	header := []string{"", "benchmark", "unit", "old (95% CI)", "new (95% CI)", "change", "p (adjusted)", "verdict"}
	right := []bool{false, false, false, true, true, true, true, false}
	row := func(d stats.Delta) []string {
		mark := ""
		if d.Verdict == stats.Regression {
			mark = "!!"
		}
		return []string{mark, d.Key.Name, d.Unit, fmtValue(d.Old, d.Unit), fmtValue(d.New, d.Unit),
			fmt.Sprintf("%+.1f%%", 100*d.Change), fmtP(d.Adjusted), string(d.Verdict)}
	}
	decided := render.Table{Title: "Regressions and improvements", Header: header, Right: right}
	var unchanged []stats.Delta
	for _, v := range []stats.Verdict{stats.Regression, stats.Improvement} {
		for _, d := range c.Deltas {
			if d.Verdict == v {
				decided.Rows = append(decided.Rows, row(d))
			}
		}
	}
	for _, d := range c.Deltas {
		if d.Verdict == stats.Unchanged || d.Verdict == stats.Inconclusive {
			unchanged = append(unchanged, d)
		}
	}
	slices.SortStableFunc(unchanged, func(a, b stats.Delta) int { return cmp.Compare(math.Abs(b.Change), math.Abs(a.Change)) })
	shown := unchanged[:min(closest, len(unchanged))]
	near := render.Table{
		Title:  fmt.Sprintf("The %d largest other changes: a regression needs p (adjusted) of %v or less and a change of %.0f%% or more in the bad direction", len(shown), c.Alpha, 100*c.MinEffect),
		Header: header, Right: right,
	}
	for _, d := range shown {
		near.Rows = append(near.Rows, row(d))
	}
	n := len(c.Deltas)
	intro := []string{fmt.Sprintf("%d comparisons (each benchmark in both files × each gated unit): %d regressions + %d improvements + %d inconclusive + %d unchanged = %d. A regression is a change significant after the %s correction at alpha %v whose estimate (the change in medians) is worse by at least %.0f%% in the unit's bad direction.",
		n, c.Count(stats.Regression), c.Count(stats.Improvement), c.Count(stats.Inconclusive), c.Count(stats.Unchanged), n, c.Correction, c.Alpha, 100*c.MinEffect)}
	if rest := unchanged[len(shown):]; len(rest) > 0 {
		intro = append(intro, fmt.Sprintf("Listed below: the %d regressions and improvements, and the largest %d of the %d unchanged or inconclusive; the other %d are not listed, each a change of at most %.1f%%.",
			len(decided.Rows), len(shown), len(unchanged), len(rest), 100*math.Abs(rest[0].Change)))
	}
	if len(c.Reported)+len(c.OnlyOld)+len(c.OnlyNew) > 0 {
		intro = append(intro, fmt.Sprintf("Not among the %d: %d comparisons of reported units, shown in make compare but never gated; %d benchmarks only in the old file, %d only in the new.", n, len(c.Reported), len(c.OnlyOld), len(c.OnlyNew)))
	}
	for _, w := range c.Warnings {
		m.note(compareTitle, "%s", w)
	}
	var tables []render.Table
	if len(decided.Rows) > 0 {
		tables = append(tables, decided)
	}
	if len(near.Rows) > 0 {
		tables = append(tables, near)
	}
	return render.Page{Title: compareTitle, Intro: intro, Tables: tables}, nil
}

// closest is how many undecided comparisons (unchanged or inconclusive)
// the page lists: the largest changes, which show how close the run came
// to the gate.
const closest = 15
