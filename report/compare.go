package report

import (
	"fmt"

	"github.com/handoffbench/handoff/stats"
)

const comparePage = "Comparison with the baseline"

// comparePage compares the results with a baseline as the regression gate
// does: every benchmark and unit, medians and intervals on both sides, the
// change, the p-value after the correction, and the verdict; regressions
// first, marked.
func (m *model) comparePage(base *stats.Set, opts stats.CompareOptions) (page, error) {
	c, err := stats.Compare(base, m.set, opts)
	if err != nil {
		return page{}, err
	}
	t := table{
		title:  fmt.Sprintf("%s (old) against %s (new)", base.Path, m.set.Path),
		header: []string{"", "benchmark", "unit", "old", "new", "change", "p (adjusted)", "verdict"},
		right:  []bool{false, false, false, true, true, true, true, false},
	}
	shown := 0
	for _, v := range []stats.Verdict{stats.Regression, stats.Improvement, stats.Inconclusive, stats.Unchanged} {
		for _, d := range c.Deltas {
			if d.Verdict != v {
				continue
			}
			if v == stats.Unchanged && shown >= 40 {
				continue
			}
			mark := ""
			if v == stats.Regression {
				mark = "!!"
			}
			t.rows = append(t.rows, []string{mark, d.Key.Name, d.Unit, fmtValue(d.Old, d.Unit), fmtValue(d.New, d.Unit),
				fmt.Sprintf("%+.1f%%", 100*d.Change), fmtP(d.Adjusted), string(d.Verdict)})
			shown++
		}
	}
	intro := []string{fmt.Sprintf("%d regressions, %d improvements, %d unchanged, %d inconclusive, among %d comparisons. A regression is a change significant after the %s correction at alpha %v whose estimate (the change in medians) is worse by at least %.0f%% in the unit's bad direction.",
		c.Count(stats.Regression), c.Count(stats.Improvement), c.Count(stats.Unchanged), c.Count(stats.Inconclusive), len(c.Deltas), c.Correction, c.Alpha, 100*c.MinEffect)}
	if shown < len(c.Deltas) {
		intro = append(intro, fmt.Sprintf("%d unchanged rows are left out.", len(c.Deltas)-shown))
	}
	for _, w := range c.Warnings {
		m.note(comparePage, "%s", w)
	}
	return page{title: comparePage, intro: intro, tables: []table{t}}, nil
}

func fmtValue(s stats.Summary, unit string) string {
	if unit == "allocs/op" || unit == "B/op" {
		return fmtCount(s.Center)
	}
	return fmtSummary(s)
}
