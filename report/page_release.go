package report

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/handoffbench/handoff/report/internal/render"
	"github.com/handoffbench/handoff/resultfmt"
	"github.com/handoffbench/handoff/stats"
)

const releaseTitle = "What changed between Go releases"

// releasePage compares every implementation's and floor's cost under two
// Go releases measured in one interleaved run (make bench TOOLCHAINS=…):
// each benchmark's new/old ratio, paired round by round, with its interval
// and its p-value, Holm-corrected over the page. Files from separate runs
// cannot be paired, and the page says so instead of comparing across time.
func (m *model) releasePage(base *stats.Set) render.Page {
	old, new := base.Config[resultfmt.KeyGo], m.set.Config[resultfmt.KeyGo]
	pg := render.Page{Title: releaseTitle}
	if ok, why := stats.Pairable(base, m.set); !ok {
		pg.Intro = []string{fmt.Sprintf("%s against %s: %s, so the releases are not compared here. Measure both in one run: make bench TOOLCHAINS=%s,%s.", old, new, why, old, new)}
		return pg
	}
	series, err := stats.Pair(base, m.set, []string{ns})
	if err != nil {
		pg.Intro = []string{fmt.Sprintf("%s against %s: %v", old, new, err)}
		return pg
	}
	series = slices.DeleteFunc(series, func(sr stats.Series) bool {
		k := sr.Key
		return k.Bench != "Handoff" && k.Bench != "Floor" || k.Payload != payload || k.Work != 0 || m.set.Reference(k.Impl)
	})
	ratios := make([]stats.Ratio, len(series))
	ps := make([]float64, len(series))
	for i, sr := range series {
		ratios[i] = sr.Ratio()
		ps[i] = ratios[i].P
	}
	adj := stats.Holm.Adjust(ps)
	order := make([]int, len(series))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return cmp.Compare(math.Abs(math.Log(ratios[b].Ratio)), math.Abs(math.Log(ratios[a].Ratio)))
	})
	t := render.Table{
		Title:  fmt.Sprintf("%s (old) against %s (new): ns/op, the largest changes first", old, new),
		Header: []string{"benchmark", "old", "new", "new/old (95% CI)", "p (Holm)", ""},
		Right:  []bool{false, true, true, true, true, false},
	}
	var faster, slower int
	for _, i := range order {
		sr, r := series[i], ratios[i]
		verdict := ""
		if adj[i] <= alpha {
			verdict = "slower"
			if r.Ratio < 1 {
				verdict = "faster"
			}
		}
		switch verdict {
		case "faster":
			faster++
		case "slower":
			slower++
		}
		var o stats.Summary
		if k, ok := base.Lookup(sr.Key); ok {
			o, _ = base.Summary(k, ns)
		}
		n, _ := m.set.Summary(sr.Key, ns)
		t.Rows = append(t.Rows, []string{sr.Key.Name, fmtNS(o.Center), fmtNS(n.Center), fmtRatioCI(r), fmtP(adj[i]), verdict})
	}
	pg.Intro = []string{fmt.Sprintf("Both releases ran in one interleaved run, back to back in every round, so drift in the machine falls on both and the ratios are paired round by round (the Huber estimate of ln(new/old), with a sign-flip interval and test; p Holm-corrected over the %d benchmarks). Under %s, %d got faster and %d slower at p at most %v; the rest did not change by more than this run can tell.",
		len(series), new, faster, slower, alpha)}
	if note := releasePower(series, alpha); note != "" {
		pg.Intro = append(pg.Intro, note)
	}
	if len(t.Rows) > 0 {
		pg.Tables = []render.Table{t}
	}
	return pg
}

// releases says whether base was built by another Go release than the
// results: then the comparison is between toolchains, not commits.
func (m *model) releases(base *stats.Set) bool {
	a, b := base.Config[resultfmt.KeyGo], m.set.Config[resultfmt.KeyGo]
	return a != "" && b != "" && a != b
}

// releasePower says when the run had too few rounds for any change to be
// found: a sign-flip test over n rounds cannot give a two-sided p below
// 2^(1−n), and Holm multiplies the smallest p by the number of benchmarks,
// so below about 1 + log2(m/α) rounds no benchmark can reach α, whatever
// its change. "" when the rounds suffice.
func releasePower(series []stats.Series, alpha float64) string {
	m, n := len(series), 0
	for _, sr := range series {
		n = max(n, len(sr.D))
	}
	if m == 0 || math.Pow(2, float64(1-n))*float64(m) <= alpha {
		return ""
	}
	need := int(math.Ceil(1 + math.Log2(float64(m)/alpha)))
	return fmt.Sprintf("With %d rounds no change could be found here, however large: the smallest p a sign-flip test over %d rounds can give is %.2g, and Holm over %d benchmarks multiplies it past %v. Run at least %d rounds (make bench TOOLCHAINS=… ROUNDS=%d) for this page to be able to tell.",
		n, n, math.Pow(2, float64(1-n)), m, alpha, need, need)
}
