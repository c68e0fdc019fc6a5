package gate

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/handoffbench/handoff/bench/counts"
	"github.com/handoffbench/handoff/resultfmt"
	"github.com/handoffbench/handoff/stats"
)

// DefaultCountThreshold is the rise in a benchmark's instruction count
// that is a regression: a count repeats within a few tenths of a percent
// (a benchmark is counted only when its counts agree within 0.5%), so a
// 1% rise is a change of the code, not noise.
const DefaultCountThreshold = 0.01

// A CountDelta is the verdict on one benchmark both sides counted: the
// median instructions/op of each, the change, and how far apart each
// side's own counts were.
type CountDelta struct {
	Benchmark            string
	Old, New             float64 // median instructions/op
	Change               float64 // New/Old - 1
	OldSpread, NewSpread float64 // (largest - smallest) / smallest of each side's counts
	Verdict              string  // "regression" or "pass"
}

// JudgeCounts judges every benchmark that both sets counted: a regression
// when its median count rose by threshold or more, a pass otherwise. No
// test is needed: the counts barely vary, and the rule is the threshold.
func JudgeCounts(old, new *stats.Set, threshold float64) []CountDelta {
	var ds []CountDelta
	for _, k := range new.Keys() {
		ok, found := old.Lookup(k)
		if !found || !new.Has(k, resultfmt.InstructionsUnit) || !old.Has(ok, resultfmt.InstructionsUnit) {
			continue
		}
		ov, nv := old.Values(ok, resultfmt.InstructionsUnit), new.Values(k, resultfmt.InstructionsUnit)
		d := CountDelta{Benchmark: k.Name, Old: stats.Median(ov), New: stats.Median(nv), OldSpread: counts.Spread(ov), NewSpread: counts.Spread(nv), Verdict: string(stats.Pass)}
		d.Change = d.New/d.Old - 1
		if d.Change >= threshold || d.Old == 0 && d.New > 0 {
			d.Verdict = string(stats.Regression)
		}
		ds = append(ds, d)
	}
	return ds
}

func countRegressions(ds []CountDelta) int {
	n := 0
	for _, d := range ds {
		if d.Verdict == string(stats.Regression) {
			n++
		}
	}
	return n
}

// countsMethod says, in a sentence, how the counted benchmarks were
// judged, apart from the timed ones.
func countsMethod(threshold float64, n int, paired bool) string {
	if !paired {
		return fmt.Sprintf("%d benchmarks counted on both sides are judged on their instruction counts too (instructions/op under Valgrind, median of each side's counts): a rise of %s or more is a regression; the unpaired timed test above covers every benchmark, these among them.",
			n, pct(threshold))
	}
	return fmt.Sprintf("%d benchmarks counted on both sides are judged on their instruction counts alone (instructions/op under Valgrind, median of each side's counts): a rise of %s or more is a regression, anything less a pass; the timed test covers the others.",
		n, pct(threshold))
}

// writeCountsText prints the counted benchmarks' verdicts as a table.
func writeCountsText(w io.Writer, ds []CountDelta, threshold float64, paired bool) error {
	if len(ds) == 0 {
		return nil
	}
	fmt.Fprintf(w, "\n%s\n", countsMethod(threshold, len(ds), paired))
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "verdict\tbenchmark\told instructions/op\tnew\tchange\tspread old/new\t")
	for _, d := range ds {
		fmt.Fprintf(tw, "%s\t%s\t%.1f\t%.1f\t%s\t%.2f%% / %.2f%%\t\n", strings.ToUpper(d.Verdict), d.Benchmark, d.Old, d.New, pct(d.Change), 100*d.OldSpread, 100*d.NewSpread)
	}
	return tw.Flush()
}

// writeCountsMarkdown prints them as a Markdown table.
func writeCountsMarkdown(w io.Writer, ds []CountDelta, threshold float64, paired bool) {
	if len(ds) == 0 {
		return
	}
	fmt.Fprintf(w, "%s\n\n| verdict | benchmark | old instructions/op | new | change | spread old / new |\n|---|---|---:|---:|---:|---:|\n", countsMethod(threshold, len(ds), paired))
	for _, d := range ds {
		fmt.Fprintf(w, "| %s | `%s` | %.1f | %.1f | %s | %.2f%% / %.2f%% |\n", d.Verdict, d.Benchmark, d.Old, d.New, pct(d.Change), 100*d.OldSpread, 100*d.NewSpread)
	}
	fmt.Fprintln(w)
}
