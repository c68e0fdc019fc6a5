// Package gate is the regression gate a CI job runs: it builds and runs two
// commits interleaved and compares them look by look (Regression), or
// compares two results files, and prints the verdict as a text table,
// Markdown for a job summary or JSON for machines, for the caller to exit
// 0 (no regression), 1 (a regression) or 2 (undecided).
//
// Files from one interleaved run are compared round by round (paired.go,
// and stats' sequential test): a regression is a benchmark whose max-T
// adjusted p is within the look's share of α and whose estimated slowdown
// is at least the minimum effect; one whose upper bound is below the effect
// to detect passes; the rest are undecided, and a run that ends with any
// says so and exits 2 rather than passing. Other files are compared as two
// independent samples in one look (this file): Mann–Whitney U per
// benchmark, corrected across the family (Holm, or Benjamini–Hochberg); a
// regression is significant and its estimate — the change in medians — at
// least the minimum effect worse; too few rounds to decide is undecided.
// Either way only ns/op is gated unless told otherwise, cpu-ns/op is
// reported beside it, and allocations are a rule of their own (a whole
// extra allocation per op is a regression).
package gate

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/handoffbench/handoff/stats"
)

// Formats are the output formats Write takes.
var Formats = []string{"text", "markdown", "json"}

// An Unpaired comparison is compare's one-look test of two files that
// cannot be paired, with why they cannot, and the allocation rule's
// findings.
type Unpaired struct {
	*stats.Comparison
	Why    string
	Allocs []stats.AllocChange
	// Counted are the benchmarks both files counted, judged on their
	// counts at CountThreshold as well as by the timed test.
	Counted        []CountDelta
	CountThreshold float64
}

// Regressions are the benchmarks that got worse: by the timed test, by an
// allocation more per op, or by their counts.
func (u *Unpaired) Regressions() int {
	return u.Count(stats.Regression) + len(u.Allocs) + countRegressions(u.Counted)
}

// Regressed says whether the gate fails.
func (u *Unpaired) Regressed() bool { return u.Regressions() > 0 }

// Undecided says whether some gated comparison could not be decided (and
// none regressed).
func (u *Unpaired) Undecided() bool { return !u.Regressed() && u.Count(stats.Inconclusive) > 0 }

// Write prints the unpaired comparison in format.
func Write(w io.Writer, c *Unpaired, oldName, newName, format string) error {
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

func method(c *Unpaired) string {
	return fmt.Sprintf("Unpaired test, one look (%s): Mann–Whitney U for %d comparisons (%s) with the %s correction at alpha %v; a regression is significant and its estimate — the change in medians — is at least %.0f%% worse. Allocations: a whole extra allocation per op in the median is a regression.",
		c.Why, len(c.Deltas), strings.Join(c.Units, ", "), c.Correction, c.Alpha, 100*c.MinEffect)
}

// verdictLine is the one-line answer: a regression, or none, or no
// decision because the rounds were too few; markdown bolds it.
func verdictLine(c *Unpaired) string {
	reg, inc := c.Regressions(), c.Count(stats.Inconclusive)
	switch {
	case reg > 0:
		return fmt.Sprintf("%d regression(s)", reg)
	case inc == len(c.Deltas):
		return "no decision (exit 2): too few rounds for any change to be significant"
	case inc > 0:
		return fmt.Sprintf("undecided (exit 2): no regression found, %d comparisons inconclusive", inc)
	}
	return "no regression"
}

func summary(c *Unpaired) string {
	s := fmt.Sprintf("%d regressions, %d improvements, %d unchanged, %d inconclusive",
		c.Count(stats.Regression), c.Count(stats.Improvement), c.Count(stats.Unchanged), c.Count(stats.Inconclusive))
	if len(c.Allocs) > 0 {
		s += fmt.Sprintf(", %d with more allocations", len(c.Allocs))
	}
	return s
}

// maxInconclusive is how many inconclusive rows are listed; past it, the
// warning that says how many rounds are needed says enough.
const maxInconclusive = 10

// shown are the deltas worth a line: regressions, improvements, and the
// inconclusive ones while they are few.
func shown(c *Unpaired) []stats.Delta {
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
	for _, d := range c.Reported {
		if math.Abs(d.Change) >= c.MinEffect {
			ds = append(ds, d)
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

func writeText(w io.Writer, c *Unpaired, oldName, newName string) error {
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
	if err := writeCountsText(w, c.Counted, c.CountThreshold, false); err != nil {
		return err
	}
	for _, a := range c.Allocs {
		fmt.Fprintf(w, "ALLOCATIONS  %s: %.0f → %.0f allocs/op (median)\n", a.Key.Name, a.Old, a.New)
	}
	fmt.Fprintf(w, "\n%s: %s\n", verdictLine(c), summary(c))
	for _, warn := range c.Warnings {
		fmt.Fprintf(w, "warning: %s\n", warn)
	}
	return nil
}

func writeMarkdown(w io.Writer, c *Unpaired, oldName, newName string) error {
	status := "**" + verdictLine(c) + "**"
	fmt.Fprintf(w, "### handoff benchmarks: %s\n\n`%s` (old) against `%s` (new). %s\n\n%s.\n\n", status, oldName, newName, method(c), summary(c))
	if ds := shown(c); len(ds) > 0 {
		fmt.Fprintln(w, "| verdict | benchmark | unit | old | new | change | p adjusted |")
		fmt.Fprintln(w, "|---|---|---|---:|---:|---:|---:|")
		for _, d := range ds {
			fmt.Fprintf(w, "| %s | `%s` | %s | %s | %s | %s | %.4f |\n", d.Verdict, d.Key.Name, d.Unit, value(d.Old), value(d.New), pct(d.Change), d.Adjusted)
		}
		fmt.Fprintln(w)
	}
	writeCountsMarkdown(w, c.Counted, c.CountThreshold, false)
	for _, a := range c.Allocs {
		fmt.Fprintf(w, "- **allocations**: `%s` %.0f → %.0f allocs/op (median)\n", a.Key.Name, a.Old, a.New)
	}
	for _, warn := range c.Warnings {
		fmt.Fprintf(w, "> warning: %s\n\n", warn)
	}
	return nil
}

// jsonSummary and jsonDelta are the JSON output's shape. An interval
// bound that does not exist (too few values) is null, not 0.
type jsonSummary struct {
	Center float64
	Lo, Hi *float64
	N      int
}

type jsonDelta struct {
	Benchmark string
	Unit      string
	Old, New  jsonSummary
	Change    *float64 // null when infinite (from a zero)
	P         float64
	Adjusted  float64
	Verdict   string // as the paired report spells it (verdictName)
	Note      string `json:",omitempty"`
}

func summaryJSON(s stats.Summary) jsonSummary {
	return jsonSummary{s.Center, finite(s.Lo), finite(s.Hi), s.N}
}

func writeJSON(w io.Writer, c *Unpaired, oldName, newName string) error {
	out := struct {
		Old, New   string
		Method     string
		Why        string
		Regressed  bool
		Undecided  bool
		Allocs     []stats.AllocChange
		Correction stats.Correction
		Alpha      float64
		MinEffect  float64
		Units      []string
		Counts     map[string]int // by verdict, spelt as the paired report spells it
		Deltas     []jsonDelta
		Counted    []CountDelta // judged on instruction counts too
		Threshold  float64      `json:"CountThreshold"`
		OnlyOld    []string
		OnlyNew    []string
		Warnings   []string
	}{Old: oldName, New: newName, Method: "unpaired", Why: c.Why, Regressed: c.Regressed(), Undecided: c.Undecided(), Allocs: c.Allocs, Correction: c.Correction, Alpha: c.Alpha, MinEffect: c.MinEffect, Units: c.Units,
		Counts: map[string]int{}, OnlyOld: c.OnlyOld, OnlyNew: c.OnlyNew, Warnings: c.Warnings, Counted: c.Counted, Threshold: c.CountThreshold}
	for _, d := range append(slices.Clone(c.Deltas), c.Reported...) {
		out.Counts[verdictName(d.Verdict)]++
		jd := jsonDelta{Benchmark: d.Key.Name, Unit: d.Unit, Old: summaryJSON(d.Old), New: summaryJSON(d.New), P: d.P, Adjusted: d.Adjusted, Verdict: verdictName(d.Verdict), Note: d.Note}
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
