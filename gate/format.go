// Package gate is the regression gate a CI job runs: it compares two
// results files (or builds and runs two commits interleaved, then compares
// them) with package stats, prints the verdict as a text table, Markdown
// for a job summary or JSON for machines, and tells the caller whether to
// fail the build.
//
// Unlike a fixed-percentage threshold on single runs, a regression here is
// a change that is significant across the whole family of benchmarks
// compared (Holm, or Benjamini–Hochberg) and at least a minimum effect in
// the unit's bad direction, and a comparison with too few rounds to decide
// says so instead of passing.
package gate

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"github.com/handoffbench/handoff/stats"
)

// Formats are the output formats Write takes.
var Formats = []string{"text", "markdown", "json"}

// Write prints the comparison in format.
func Write(w io.Writer, c *stats.Comparison, oldName, newName, format string) error {
	switch format {
	case "text":
		return writeText(w, c, oldName, newName)
	case "markdown":
		return writeMarkdown(w, c, oldName, newName)
	case "json":
		return writeJSON(w, c, oldName, newName)
	}
	return fmt.Errorf("no format %q (have %s)", format, strings.Join(Formats, ", "))
}

func method(c *stats.Comparison) string {
	return fmt.Sprintf("%d comparisons (%s) with the %s correction at alpha %v; a regression is significant and at least %.0f%% worse.",
		len(c.Deltas), strings.Join(c.Units, ", "), c.Correction, c.Alpha, 100*c.MinEffect)
}

// verdictLine is the one-line answer: a regression, or none, or no
// decision because the rounds were too few.
func verdictLine(c *stats.Comparison) string {
	reg, inc := c.Count(stats.Regression), c.Count(stats.Inconclusive)
	switch {
	case reg > 0:
		return fmt.Sprintf("**%d regression(s)**", reg)
	case inc == len(c.Deltas):
		return "**no decision**: too few rounds for any change to be significant"
	case inc > 0:
		return fmt.Sprintf("no regression (%d comparisons inconclusive)", inc)
	}
	return "no regression"
}

func summary(c *stats.Comparison) string {
	return fmt.Sprintf("%d regressions, %d improvements, %d unchanged, %d inconclusive",
		c.Count(stats.Regression), c.Count(stats.Improvement), c.Count(stats.Unchanged), c.Count(stats.Inconclusive))
}

// maxInconclusive is how many inconclusive rows are listed; past it, the
// warning that says how many rounds are needed says enough.
const maxInconclusive = 10

// shown are the deltas worth a line: regressions, improvements, and the
// inconclusive ones while they are few.
func shown(c *stats.Comparison) []stats.Delta {
	var ds []stats.Delta
	for _, v := range []stats.Verdict{stats.Regression, stats.Improvement, stats.Inconclusive} {
		if v == stats.Inconclusive && c.Count(v) > maxInconclusive {
			continue
		}
		for _, d := range c.Deltas {
			if d.Verdict == v {
				ds = append(ds, d)
			}
		}
	}
	return ds
}

func value(s stats.Summary) string {
	v := fmt.Sprintf("%.4g", s.Center)
	if r := s.PctRangeString(); r != "∞" {
		v += " ±" + r
	}
	return v
}

func pct(x float64) string {
	if math.IsInf(x, 0) {
		return fmt.Sprintf("%+v", x)
	}
	return fmt.Sprintf("%+.1f%%", 100*x)
}

func writeText(w io.Writer, c *stats.Comparison, oldName, newName string) error {
	fmt.Fprintf(w, "old: %s\nnew: %s\n%s\n", oldName, newName, method(c))
	if ds := shown(c); len(ds) > 0 {
		fmt.Fprintln(w)
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "verdict\tbenchmark\tunit\told\tnew\tchange\tp\tp adjusted\t")
		for _, d := range ds {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%.4f\t%.4f\t%s\n", strings.ToUpper(string(d.Verdict)), d.Key.Name, d.Unit,
				value(d.Old), value(d.New), pct(d.Change), d.P, d.Adjusted, d.Note)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	fmt.Fprintf(w, "\n%s: %s\n", strings.Trim(verdictLine(c), "*"), summary(c))
	for _, warn := range c.Warnings {
		fmt.Fprintf(w, "warning: %s\n", warn)
	}
	return nil
}

func writeMarkdown(w io.Writer, c *stats.Comparison, oldName, newName string) error {
	status := verdictLine(c)
	fmt.Fprintf(w, "### handoff benchmarks: %s\n\n`%s` (old) against `%s` (new). %s\n\n%s.\n\n", status, oldName, newName, method(c), summary(c))
	if ds := shown(c); len(ds) > 0 {
		fmt.Fprintln(w, "| verdict | benchmark | unit | old | new | change | p adjusted |")
		fmt.Fprintln(w, "|---|---|---|---:|---:|---:|---:|")
		for _, d := range ds {
			fmt.Fprintf(w, "| %s | `%s` | %s | %s | %s | %s | %.4f |\n", d.Verdict, d.Key.Name, d.Unit, value(d.Old), value(d.New), pct(d.Change), d.Adjusted)
		}
		fmt.Fprintln(w)
	}
	for _, warn := range c.Warnings {
		fmt.Fprintf(w, "> warning: %s\n\n", warn)
	}
	return nil
}

// jsonSummary and jsonDelta are the JSON output's shape.
type jsonSummary struct {
	Center, Lo, Hi float64
	N              int
}

type jsonDelta struct {
	Benchmark string
	Unit      string
	Old, New  jsonSummary
	Change    *float64 // null when infinite (from a zero)
	P         float64
	Adjusted  float64
	Verdict   stats.Verdict
	Note      string `json:",omitempty"`
}

func summaryJSON(s stats.Summary) jsonSummary {
	clean := func(x float64) float64 {
		if math.IsInf(x, 0) || math.IsNaN(x) {
			return 0
		}
		return x
	}
	return jsonSummary{s.Center, clean(s.Lo), clean(s.Hi), s.N}
}

func writeJSON(w io.Writer, c *stats.Comparison, oldName, newName string) error {
	out := struct {
		Old, New   string
		Correction stats.Correction
		Alpha      float64
		MinEffect  float64
		Units      []string
		Counts     map[stats.Verdict]int
		Deltas     []jsonDelta
		OnlyOld    []string
		OnlyNew    []string
		Warnings   []string
	}{Old: oldName, New: newName, Correction: c.Correction, Alpha: c.Alpha, MinEffect: c.MinEffect, Units: c.Units,
		Counts: map[stats.Verdict]int{}, OnlyOld: c.OnlyOld, OnlyNew: c.OnlyNew, Warnings: c.Warnings}
	for _, d := range c.Deltas {
		out.Counts[d.Verdict]++
		jd := jsonDelta{Benchmark: d.Key.Name, Unit: d.Unit, Old: summaryJSON(d.Old), New: summaryJSON(d.New), P: d.P, Adjusted: d.Adjusted, Verdict: d.Verdict, Note: d.Note}
		if !math.IsInf(d.Change, 0) {
			ch := d.Change
			jd.Change = &ch
		}
		out.Deltas = append(out.Deltas, jd)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
