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

// ComparePaired is compare's paired test on two files of one interleaved
// run: a single look, spending all of α and β on it. The benchmarks both
// files counted are judged on their counts (JudgeCounts) and left out of
// the timed test.
func ComparePaired(old, new *stats.Set, opts stats.SequentialOptions, gate, report []string, countThreshold float64) (*Outcome, error) {
	series, err := stats.Pair(old, new, append(slices.Clone(gate), report...))
	if err != nil {
		return nil, err
	}
	o := &Outcome{OldPath: old.Path, NewPath: new.Path, CountThreshold: countThreshold}
	o.judgeApart(old, new)
	series = withoutCounted(series, o.Counts)
	if len(o.Counts) == 0 && !slices.ContainsFunc(series, func(s stats.Series) bool { return slices.Contains(gate, s.Unit) }) {
		return nil, fmt.Errorf("%s and %s share no round of any benchmark in %v", old.Path, new.Path, gate)
	}
	seq, err := stats.NewSequential(opts, gate)
	if err != nil {
		return nil, err
	}
	rounds := 0
	for _, s := range series {
		rounds = max(rounds, len(s.Rounds))
	}
	l := stats.Look{K: 1, Rounds: rounds, Fraction: 1, Alpha: opts.Alpha, Beta: opts.Beta, Final: true}
	o.Look = seq.Look(series, l)
	return o, nil
}

// judgeApart fills in what o judges of old and new outside the timed
// test: a whole allocation more per op, the benchmarks new alone has, the
// runs' fingerprints, and the counted benchmarks at o.CountThreshold.
func (o *Outcome) judgeApart(old, new *stats.Set) {
	o.Allocs, o.OnlyNew = stats.AllocRegressions(old, new), onlyNew(old, new)
	o.Warnings = stats.FingerprintWarnings(old, new)
	o.Counts = JudgeCounts(old, new, o.CountThreshold)
}

// withoutCounted drops the series of the benchmarks judged on counts.
func withoutCounted(series []stats.Series, cs []CountDelta) []stats.Series {
	return slices.DeleteFunc(series, func(s stats.Series) bool {
		return slices.ContainsFunc(cs, func(d CountDelta) bool { return d.Benchmark == s.Key.Name })
	})
}

// WritePaired prints a paired outcome in format (text, markdown or json);
// sequential says whether it came from regress's looks or compare's one.
func WritePaired(w io.Writer, o *Outcome, sequential bool, format string) error {
	switch format {
	case "text":
		return pairedText(w, o, sequential)
	case "markdown":
		return pairedMarkdown(w, o, sequential)
	case "json":
		return pairedJSON(w, o, sequential)
	}
	return fmt.Errorf("no format %q (have %s)", format, strings.Join(Formats, ", "))
}

// pairedMethod says, in a paragraph, what was tested and how.
func pairedMethod(o *Outcome, sequential bool) string {
	if len(o.Look.Deltas) == 0 && len(o.Counts) > 0 {
		return "No benchmark was left to time: each was judged on its instruction counts, in one round per build. Allocations: a whole extra allocation per op in the median is a regression."
	}
	l, opts := o.Look.Look, o.Look.Options
	looks := fmt.Sprintf("one look spending all of alpha %v and beta %v", opts.Alpha, opts.Beta)
	if sequential {
		looks = fmt.Sprintf("look %d after %d rounds; alpha %v and beta %v are spent across the looks by Lan–DeMets' O'Brien–Fleming function, %.2g and %.2g at this look", l.K, l.Rounds, opts.Alpha, opts.Beta, l.Alpha, l.Beta)
	}
	return fmt.Sprintf("Paired test, round by round: d = ln(new/old) per round; Huber estimate of the change with a 95%% sign-flip interval; "+
		"max-T over sign flips of whole rounds across the %d gated series (%s); %s. "+
		"A regression: adjusted p ≤ this look's alpha and the estimate at least +%.0f%% (the estimate, not the whole interval). "+
		"A pass: the upper bound, at this look's beta, below +%.0f%%. Allocations: a whole extra allocation per op in the median is a regression.",
		o.Look.Count(stats.Regression)+o.Look.Count(stats.Pass)+o.Look.Count(stats.Inconclusive), strings.Join(gatedUnits(o), ", "), looks, 100*opts.MinEffect, 100*opts.Effect)
}

func gatedUnits(o *Outcome) []string {
	var us []string
	for _, d := range o.Look.Deltas {
		if d.Gated && !slices.Contains(us, d.Unit) {
			us = append(us, d.Unit)
		}
	}
	return us
}

// pairedVerdict is the one-line answer.
func pairedVerdict(o *Outcome) string {
	counts := fmt.Sprintf("%d regressed, %d passed, %d undecided", o.Look.Count(stats.Regression), o.Look.Count(stats.Pass), o.Look.Count(stats.Inconclusive))
	if len(o.Counts) > 0 {
		counts = fmt.Sprintf("timed: %s; counted: %d regressed, %d passed", counts, countRegressions(o.Counts), len(o.Counts)-countRegressions(o.Counts))
	}
	if n := len(o.Allocs); n > 0 {
		counts += fmt.Sprintf(", %d with more allocations", n)
	}
	switch {
	case o.Regressed():
		return "regression: " + counts
	case o.Undecided():
		return "undecided (exit 2): " + counts
	}
	return "no regression: " + counts
}

func bound(x float64) string {
	if math.IsInf(x, 0) || math.IsNaN(x) {
		return "unbounded"
	}
	return pct(x)
}

func interval(d stats.PairedDelta) string {
	return fmt.Sprintf("[%s, %s]", bound(d.Lo), bound(d.Hi))
}

// shownDeltas are the deltas worth a line: regressions and undecided gated
// series, and reported ones whose estimate moved by the minimum effect.
func shownDeltas(o *Outcome) []stats.PairedDelta {
	var ds []stats.PairedDelta
	for _, v := range []stats.Verdict{stats.Regression, stats.Inconclusive, stats.Reported} {
		for _, d := range o.Look.Deltas {
			if d.Verdict == v && (v != stats.Reported || math.Abs(d.Change) >= o.Look.Options.MinEffect) {
				ds = append(ds, d)
			}
		}
	}
	return ds
}

func verdictName(v stats.Verdict) string {
	if v == stats.Inconclusive {
		return "undecided"
	}
	return string(v)
}

func pairedText(w io.Writer, o *Outcome, sequential bool) error {
	fmt.Fprintf(w, "old: %s\nnew: %s\n%s\n", o.OldPath, o.NewPath, pairedMethod(o, sequential))
	if ds := shownDeltas(o); len(ds) > 0 {
		fmt.Fprintln(w)
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "verdict\tbenchmark\tunit\trounds\tchange\t95% interval\tupper bound\tp adjusted\t")
		for _, d := range ds {
			p := "-"
			if d.Gated {
				p = fmt.Sprintf("%.2g", d.P)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\n", strings.ToUpper(verdictName(d.Verdict)), d.Key.Name, d.Unit, d.N, pct(d.Change), interval(d), bound(d.Upper), p, d.Note)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if err := writeCountsText(w, o.Counts, o.CountThreshold, true); err != nil {
		return err
	}
	for _, a := range o.Allocs {
		fmt.Fprintf(w, "ALLOCATIONS  %s: %.0f → %.0f allocs/op (median)\n", a.Key.Name, a.Old, a.New)
	}
	fmt.Fprintf(w, "\n%s\n", pairedVerdict(o))
	for _, warn := range pairedWarnings(o) {
		fmt.Fprintf(w, "warning: %s\n", warn)
	}
	return nil
}

// pairedWarnings: what is undecided and what the run could have caught,
// and the benchmarks with nothing to compare.
func pairedWarnings(o *Outcome) []string {
	ws := slices.Clone(o.Warnings)
	if u := o.Look.Undecided(); len(u) > 0 && o.Look.Look.Final {
		var mdes []float64
		for _, d := range o.Look.Deltas {
			if d.Gated && d.Verdict == stats.Inconclusive && !math.IsNaN(d.MDE) {
				mdes = append(mdes, d.MDE)
			}
		}
		msg := fmt.Sprintf("%d benchmarks are undecided after %d rounds: %s", len(u), o.Look.Look.Rounds, listNames(u))
		if len(mdes) > 0 {
			slices.Sort(mdes)
			if math.IsInf(mdes[0], 1) {
				msg += "; this run was too short to catch a slowdown of any size — more rounds (-rounds, -budget) are needed"
			} else {
				msg += fmt.Sprintf("; the minimum detectable effect at their noise was about %s (median %s, worst %s) — more rounds (-rounds, -budget) or a quieter machine narrow it",
					pct(mdes[0]), pct(mdes[len(mdes)/2]), bound(mdes[len(mdes)-1]))
			}
		}
		ws = append(ws, msg)
	}
	if len(o.OnlyNew) > 0 {
		ws = append(ws, fmt.Sprintf("%d benchmarks are new, with nothing to compare to: %s", len(o.OnlyNew), listNames(o.OnlyNew)))
	}
	return ws
}

func listNames(names []string) string {
	if len(names) > 5 {
		return fmt.Sprintf("%s and %d more", strings.Join(names[:5], ", "), len(names)-5)
	}
	return strings.Join(names, ", ")
}

func pairedMarkdown(w io.Writer, o *Outcome, sequential bool) error {
	fmt.Fprintf(w, "### handoff benchmarks: **%s**\n\n`%s` (old) against `%s` (new). %s\n\n", pairedVerdict(o), o.OldPath, o.NewPath, pairedMethod(o, sequential))
	if ds := shownDeltas(o); len(ds) > 0 {
		fmt.Fprintln(w, "| verdict | benchmark | unit | rounds | change | 95% interval | upper bound | p adjusted |")
		fmt.Fprintln(w, "|---|---|---|---:|---:|---:|---:|---:|")
		for _, d := range ds {
			p := "–"
			if d.Gated {
				p = fmt.Sprintf("%.2g", d.P)
			}
			fmt.Fprintf(w, "| %s | `%s` | %s | %d | %s | %s | %s | %s |\n", verdictName(d.Verdict), d.Key.Name, d.Unit, d.N, pct(d.Change), interval(d), bound(d.Upper), p)
		}
		fmt.Fprintln(w)
	}
	writeCountsMarkdown(w, o.Counts, o.CountThreshold, true)
	for _, a := range o.Allocs {
		fmt.Fprintf(w, "- **allocations**: `%s` %.0f → %.0f allocs/op (median)\n", a.Key.Name, a.Old, a.New)
	}
	for _, warn := range pairedWarnings(o) {
		fmt.Fprintf(w, "> warning: %s\n\n", warn)
	}
	return nil
}

// finite is x, or nil (JSON null) when x is infinite or NaN: an unbounded
// interval is not [0, 0].
func finite(x float64) *float64 {
	if math.IsInf(x, 0) || math.IsNaN(x) {
		return nil
	}
	return &x
}

// PairedReport is what a paired comparison prints with -format=json
// (regress, and compare on one regress run's files): the run, the verdict,
// and one PairedDelta per series. Read it with encoding/json.
type PairedReport struct {
	Old, New             string
	Method               string // "paired"
	Sequential           bool
	Look, Rounds         int
	Alpha, Beta          float64 // over the run
	LookAlpha, LookBeta  float64 // spent at this look
	MinEffect, Effect    float64
	Verdict              string
	Regressed, Undecided bool
	Deltas               []PairedDelta
	// Counts are the benchmarks judged on their instruction counts, with
	// the rise that is a regression; they are not among Deltas.
	Counts            []CountDelta
	CountThreshold    float64
	Allocs            []stats.AllocChange
	OnlyNew, Warnings []string
}

// A PairedDelta is one series of a PairedReport: a benchmark in a unit.
// Its change, ln(new/old) estimated round by round, and its bounds are
// null when infinite or unbounded; its verdict is one of regression,
// pass, undecided and reported (a unit shown, not gated).
type PairedDelta struct {
	Benchmark, Unit string
	Gated           bool
	Rounds          int
	Change          *float64
	Lo, Hi, Upper   *float64
	P               *float64 `json:",omitempty"`
	MDE             *float64
	Verdict         string
	Note            string `json:",omitempty"`
}

func pairedJSON(w io.Writer, o *Outcome, sequential bool) error {
	out := PairedReport{Old: o.OldPath, New: o.NewPath, Method: "paired", Sequential: sequential, Look: o.Look.Look.K, Rounds: o.Look.Look.Rounds,
		Alpha: o.Look.Options.Alpha, Beta: o.Look.Options.Beta, LookAlpha: o.Look.Look.Alpha, LookBeta: o.Look.Look.Beta,
		MinEffect: o.Look.Options.MinEffect, Effect: o.Look.Options.Effect, Verdict: pairedVerdict(o),
		Regressed: o.Regressed(), Undecided: o.Undecided(), Allocs: o.Allocs, OnlyNew: o.OnlyNew, Warnings: pairedWarnings(o),
		Counts: o.Counts, CountThreshold: o.CountThreshold}
	for _, d := range o.Look.Deltas {
		jd := PairedDelta{Benchmark: d.Key.Name, Unit: d.Unit, Gated: d.Gated, Rounds: d.N, Change: finite(d.Change),
			Lo: finite(d.Lo), Hi: finite(d.Hi), Upper: finite(d.Upper), MDE: finite(d.MDE), Verdict: verdictName(d.Verdict), Note: d.Note}
		if d.Gated {
			jd.P = finite(d.P)
		}
		out.Deltas = append(out.Deltas, jd)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
