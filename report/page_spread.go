package report

import (
	"cmp"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/handoffbench/handoff/report/internal/plotters"
	"github.com/handoffbench/handoff/report/internal/render"
	"github.com/handoffbench/handoff/stats"
)

const (
	spreadTitle    = "Round by round: the headline rows"
	spreadWhyTitle = "Round by round: why the wide rows are wide"
)

// spreadPage shows every headline row's rounds beside its median and 95%
// interval, a strip chart for each exchange at each GOMAXPROCS; none where
// the file records no rounds.
func (m *model) spreadPage() (render.Page, bool) {
	gs := m.spreadGroups()
	if len(gs) == 0 {
		return render.Page{}, false
	}
	for _, g := range gs {
		if len(g.missingRounds) > 0 {
			m.note(spreadTitle, "no round-by-round values (a round ran twice: several runs in one file) at GOMAXPROCS=%d for %s's %s", g.procs, strings.Join(g.missingRounds, ", "), modeLabel(g.mode, g.capacity))
		}
	}
	wide, n := wideRows(gs)
	pct := fmtPct(stats.MaxSpread)
	p := render.Page{Title: spreadTitle, Intro: []string{
		fmt.Sprintf("A median hides how its rounds fell. Each chart is one exchange at one GOMAXPROCS, an int payload and no work: for each implementation, its value in every round as a ring, left to right in round order, and beside them the median (the bar) with its 95%% confidence interval, the one the other pages print (benchmath's, as benchstat's). The grey band is ±%s of the median. A row's interval is ±x%% where x is the larger of hi/median – 1 and 1 – lo/median: how far it reaches on its longer side. An implementation marked * has an interval wider than ±%s.", pct, pct),
		m.spreadSummary(wide, n),
	}}
	for _, g := range gs {
		p.Charts = append(p.Charts, m.stripChart(g))
	}
	return p, true
}

// spreadWhyPage lists, where any headline row's interval is wider than
// ±10%, those rows with what their rounds say about why: a page of its own,
// so that the strip charts keep a page's height and a long table its own.
func (m *model) spreadWhyPage() (render.Page, bool) {
	wide, _ := wideRows(m.spreadGroups())
	if len(wide) == 0 {
		return render.Page{}, false
	}
	return render.Page{Title: spreadWhyTitle, Intro: []string{
		"Why an interval is wide, as each row's rounds say, in round order (a row may show several): too few rounds, when an end of the interval is the lowest or highest round itself or there is none (benchmath's 95% interval of a median leaves out both extremes from 9 rounds on, and has both ends from 6); bimodal, when the rounds fall in two separated groups of at least 2, at least 5% apart — a step, where every round before some round lies on one side of every round from it on, by at least 3 times the median change from one round to the next within the two sides; or two interleaved levels, where the largest gap in the sorted values is at least 5 times the groups' pooled standard deviation; drifting, when Kendall's test of value against round (within the two sides of a step, if any) gives p < 0.01, with the Theil–Sen slope as the change per round; outliers, the one or two rounds that Rosner's generalized ESD test finds at the 1% level, or a group of one or two split off from the rest; otherwise noisy, no pattern. All of it on log-values, so that it reads as ratios.",
	}, Tables: []render.Table{spreadTable(wide)}}, true
}

// A spreadRow is one headline row and its shape over the rounds.
type spreadRow struct {
	key   stats.Key
	shape stats.Shape
}

// label names the row as the table and the findings do: "channels,
// roundtrip, GOMAXPROCS=2".
func (r spreadRow) label() string {
	return fmt.Sprintf("%s, %s, GOMAXPROCS=%d", r.key.Impl, modeLabel(r.key.Mode, r.key.Cap), r.key.Procs)
}

// A spreadGroup is the headline rows of one mode at one GOMAXPROCS: one
// strip chart.
type spreadGroup struct {
	mode          string
	capacity      int
	procs         int
	rows          []spreadRow
	missingRounds []string // implementations with the row but no round order
}

// spreadGroups are the headline rows, round by round: every
// implementation's roundtrip and its stream at the largest capacity (the
// rows page 1's decision table and the cost charts read), an int payload
// and no work, at each GOMAXPROCS; nil where the file records no rounds.
// Both spread pages and the findings read them: they are worked out once.
func (m *model) spreadGroups() []spreadGroup {
	if m.spread == nil {
		gs := m.groupSpreads()
		m.spread = &gs
	}
	return *m.spread
}

func (m *model) groupSpreads() []spreadGroup {
	if !m.set.RecordsRounds() {
		return nil
	}
	var gs []spreadGroup
	for _, p := range m.procs {
		modes := []spreadGroup{{mode: "roundtrip", procs: p}}
		if caps := m.capacities(p); len(caps) > 0 {
			modes = append(modes, spreadGroup{mode: "stream", capacity: caps[len(caps)-1], procs: p})
		}
		for _, g := range modes {
			for _, im := range m.impls {
				k, ok := m.handoff(im.Name, g.mode, g.capacity, p)
				if !ok {
					continue
				}
				if sh, ok := m.set.Shape(k, ns); ok {
					g.rows = append(g.rows, spreadRow{k, sh})
				} else {
					g.missingRounds = append(g.missingRounds, im.Name)
				}
			}
			if len(g.rows) > 0 {
				gs = append(gs, g)
			}
		}
	}
	return gs
}

// wideRows are the rows whose 95% interval is wider than ±stats.MaxSpread,
// and the count of all rows.
func wideRows(gs []spreadGroup) (wide []spreadRow, n int) {
	for _, g := range gs {
		for _, r := range g.rows {
			n++
			if r.shape.Wide {
				wide = append(wide, r)
			}
		}
	}
	return wide, n
}

// spreadSummary is the one line the page and the findings carry: "k of N
// headline rows have a 95% CI wider than ±10%: …", naming the rows when
// there are a few, and otherwise counting them by cause and naming the
// widest.
func (m *model) spreadSummary(wide []spreadRow, n int) string {
	s := fmt.Sprintf("%d of %d headline rows have a 95%% CI wider than ±%s", len(wide), n, fmtPct(stats.MaxSpread))
	if len(wide) == 0 {
		return s + "."
	}
	if len(wide) <= maxNamed {
		parts := make([]string, len(wide))
		for i, r := range wide {
			parts[i] = fmt.Sprintf("%s (%s: %s)", r.label(), plusMinus(r.shape.Spread), strings.Join(r.shape.Causes(), ", "))
		}
		return s + ": " + strings.Join(parts, "; ") + "."
	}
	count := map[string]int{}
	var steps []int
	for _, r := range wide {
		for _, c := range r.shape.Causes() {
			count[c]++
		}
		if sp := r.shape.Split; sp != nil {
			steps = append(steps, sp.Step)
		}
	}
	var parts []string
	for _, c := range []string{stats.CauseTooFew, stats.CauseBimodal, stats.CauseDrift, stats.CauseOutliers, stats.CauseNoise} {
		if count[c] == 0 {
			continue
		}
		part := fmt.Sprintf("%d %s", count[c], c)
		if c == stats.CauseBimodal && steps[0] > 0 && !slices.ContainsFunc(steps, func(st int) bool { return st != steps[0] }) {
			part += fmt.Sprintf(" (each a step after round %d)", steps[0])
		}
		parts = append(parts, part)
	}
	widest := slices.Clone(wide)
	slices.SortStableFunc(widest, func(a, b spreadRow) int { return cmp.Compare(b.shape.Spread, a.shape.Spread) })
	var names []string
	for _, r := range widest[:maxNamed] {
		names = append(names, fmt.Sprintf("%s (%s)", r.label(), plusMinus(r.shape.Spread)))
	}
	return fmt.Sprintf("%s: %s. The widest: %s.", s, strings.Join(parts, "; "), strings.Join(names, "; "))
}

// maxNamed is the most wide rows the summary names.
const maxNamed = 3

// spreadTable lists the wide rows with their rounds, interval and reasons.
func spreadTable(wide []spreadRow) render.Table {
	t := render.Table{
		Title:  fmt.Sprintf("Headline rows whose 95%% CI is wider than ±%s, and why", fmtPct(stats.MaxSpread)),
		Header: []string{"implementation", "exchange", "GOMAXPROCS", "rounds", "median", "95% CI", "why"},
		Right:  []bool{false, false, true, true, true, true, false},
	}
	for _, r := range wide {
		sh := r.shape
		t.Rows = append(t.Rows, []string{r.key.Impl, modeLabel(r.key.Mode, r.key.Cap), fmt.Sprint(r.key.Procs), fmt.Sprint(sh.N),
			fmtNS(sh.Summary.Center), plusMinus(sh.Spread), strings.Join(sh.Reasons(), "; ")})
	}
	return t
}

// stripChart draws one group's rows as strips, coloured by implementation,
// on a log axis when they span more than 20× (as the bar charts choose).
func (m *model) stripChart(g spreadGroup) render.Chart {
	unit := "ns per op"
	if g.mode == "stream" {
		unit = "ns per item"
	}
	title := fmt.Sprintf("%s, GOMAXPROCS=%d: rounds in order, median, 95%% CI (* wider than ±%s)", modeLabel(g.mode, g.capacity), g.procs, fmtPct(stats.MaxSpread))
	p := newPlot(title, "", unit)
	span := &series{}
	var cats []string
	for i, r := range g.rows {
		sh := r.shape
		s := &plotters.Strip{X: float64(i), Vals: sh.Values, Center: sh.Summary.Center, Lo: sh.Summary.Lo, Hi: sh.Summary.Hi,
			Band: stats.MaxSpread, Color: m.implColor(r.key.Impl)}
		p.Add(s)
		name := r.key.Impl
		if sh.Wide {
			name += " *"
		}
		cats = append(cats, name)
		for _, v := range append([]float64{sh.Summary.Center * (1 + stats.MaxSpread)}, sh.Values...) {
			span.vals, span.hi = append(span.vals, v), append(span.hi, math.NaN())
		}
		span.vals, span.hi = append(span.vals, sh.Summary.Center), append(span.hi, sh.Summary.Hi)
	}
	if logIfWide(p, []*series{span}, 20) {
		p.Y.Tick.Marker = plotters.Relabel{Ticker: plotters.Ticks125{}, Format: shortNS}
	}
	p.NominalX(cats...)
	tilt(p, cats)
	p.X.Min, p.X.Max = -0.6, float64(len(cats))-0.4
	grid := plotter.NewGrid() // light, and across only: a strip chart has many ticks and no x values
	grid.Vertical.Color = nil
	grid.Horizontal.Color, grid.Horizontal.Width = color.Gray{Y: 0xd8}, vg.Points(0.5)
	p.Add(grid)
	stem := fmt.Sprintf("spread-%s-p%d", g.mode, g.procs)
	if g.mode == "stream" {
		stem = fmt.Sprintf("spread-stream%d-p%d", g.capacity, g.procs)
	}
	padStripY(p)
	return render.Chart{Stem: stem, Title: title, Plot: p}
}

// padStripY leaves room above and below the data, in the axis's own scale, so
// that no ring sits on the frame.
func padStripY(p *plot.Plot) {
	if plotters.IsLog(p) {
		p.Y.Min, p.Y.Max = p.Y.Min/1.15, p.Y.Max*1.15
		return
	}
	d := (p.Y.Max - p.Y.Min) * 0.05
	p.Y.Min, p.Y.Max = math.Max(0, p.Y.Min-d), p.Y.Max+d
}

// spreadFinding is the findings' line on how wide the headline rows'
// intervals are; "" where the file records no rounds.
func (m *model) spreadFinding() string {
	gs := m.spreadGroups()
	if len(gs) == 0 {
		return ""
	}
	wide, n := wideRows(gs)
	return "Do the headline numbers hold still? " + m.spreadSummary(wide, n) + fmt.Sprintf(" The page %q shows every round. What would change it: more rounds, which narrow an interval and leave out stray ones; a machine that holds still (the page %q).", spreadTitle, machineTitle)
}

// fmtPct is a fraction as a whole per cent: "10%".
func fmtPct(f float64) string { return fmt.Sprintf("%.0f%%", 100*f) }

// fmtSpread is a ± as a per cent with one decimal, or "unbounded" (the
// PDF's cp1252 has no ∞).
func fmtSpread(f float64) string {
	if math.IsInf(f, 0) {
		return "unbounded"
	}
	return fmt.Sprintf("%.1f%%", 100*f)
}

// plusMinus is a ± for the table: "±12.3%", or "unbounded".
func plusMinus(f float64) string {
	if math.IsInf(f, 0) {
		return fmtSpread(f)
	}
	return "±" + fmtSpread(f)
}
