package report

import (
	"fmt"
	"image/color"
	"math"
	"strings"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/handoffbench/handoff/report/internal/plotters"
	"github.com/handoffbench/handoff/report/internal/render"
	"github.com/handoffbench/handoff/resultfmt"
	"github.com/handoffbench/handoff/stats"
)

// spinningTitle is the second of the locked vs lock-free pages: what
// spinning costs in CPU, busy and idle, and the answers to the first
// page's questions from this run.
const spinningTitle = "Locked vs lock-free: what spinning costs, and answers"

// spinningPage draws what the rows that cross threads burn, busy and idle,
// and answers the questions of the page before (factorialPage); none where
// the file does not say which rows cross threads, which that page notes.
func (m *model) spinningPage() (render.Page, bool) {
	if m.unclassified() {
		return render.Page{}, false
	}
	p := m.chartPage(spinningTitle,
		"Spinning is paid in CPU: above the 1× line more than one thread is busy per op, above 2× more than both sides working would need. An idle Conn should cost nothing once its idle period has passed.",
		want(m.cpuWallScatter()), want(m.idleChart()))
	p.Intro = append(p.Intro, m.questionFindings()...)
	return p, true
}

// cpuWallScatter: CPU time against wall time per op for every cross-thread
// row, roundtrip (circles) and stream at capacity 256 (triangles), with the
// lines where one and two threads are busy throughout: above the second, a
// row burns more than both sides working would.
func (m *model) cpuWallScatter() (render.Chart, bool) {
	p := m.maxProcs()
	title := fmt.Sprintf("CPU vs wall ns/op, GOMAXPROCS=%d; circle roundtrip, triangle cap 256", p)
	pl := logLogNS(title, "wall ns per op (log scale)", "CPU ns per op (log scale)")
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, im := range m.factorial() {
		for i, fm := range twoExchanges {
			k, ok := m.handoff(im.Name, fm.mode, fm.capacity, p)
			if !ok {
				continue
			}
			w, c := m.set.Center(k, ns), m.set.Center(k, "cpu-ns/op")
			if !plotters.Drawable(w, true) || !plotters.Drawable(c, true) {
				m.note(spinningTitle, "%s's %s point (wall %s, CPU %s per op) is left out of the CPU-vs-wall chart: a log axis has no place for a value at or below zero", im.Name, modeLabel(fm.mode, fm.capacity), fmtNS(w), fmtNS(c))
				continue
			}
			lo, hi = math.Min(lo, math.Min(w, c)), math.Max(hi, math.Max(w, c))
			sc, _ := plotter.NewScatter(plotter.XYs{{X: w, Y: c}})
			sc.Color = m.implColor(im.Name)
			sc.Radius = vg.Points(4)
			sc.Shape = draw.CircleGlyph{}
			if i > 0 {
				sc.Shape = draw.TriangleGlyph{}
			}
			pl.Add(sc)
			if i == 0 {
				pl.Legend.Add(im.Name, sc)
			}
		}
	}
	if math.IsInf(lo, 1) {
		return render.Chart{Stem: "cpu-vs-wall", Title: title, Plot: pl}, false
	}
	for _, busy := range []float64{1, 2} {
		f := plotter.NewFunction(func(x float64) float64 { return busy * x })
		f.Dashes = []vg.Length{vg.Points(3), vg.Points(3)}
		f.Color = color.Gray{Y: 0x60}
		f.XMin, f.XMax = lo/2, hi*2
		pl.Add(f)
	}
	pl.X.Min, pl.X.Max = lo/2, hi*2
	pl.Y.Min, pl.Y.Max = lo/2, hi*4
	pl.Legend.Left, pl.Legend.Top = true, true
	pl.Add(plotter.NewGrid())
	return render.Chart{Stem: "cpu-vs-wall", Title: title, Plot: pl}, true
}

// idleChart: what an open Conn burns while nobody uses it, as a share of a
// core, once its idle period has passed.
func (m *model) idleChart() (render.Chart, bool) {
	p := m.maxProcs()
	var cats []string
	s := newSeries("idle CPU", 0)
	for _, im := range m.factorial() {
		k, ok := m.idleKey(im.Name, p)
		if !ok {
			continue
		}
		sum, _ := m.set.Summary(k, "idle-cpu-ns/s")
		// As a percentage of one core; the floor keeps a log axis drawable.
		for _, v := range []*float64{&sum.Center, &sum.Lo, &sum.Hi} {
			*v = math.Max(*v/1e7, 1e-3)
		}
		cats = append(cats, im.Name)
		s.append(sum, true)
	}
	title := fmt.Sprintf("%% of a core an idle Conn burns, GOMAXPROCS=%d", p)
	pl := groupedBars(title, "% of one core", cats, []*series{s}, true)
	pl.Y.Tick.Marker = plotters.Relabel{Ticker: pl.Y.Tick.Marker.(plotters.Relabel).Ticker, Format: func(v float64) string { return fmt.Sprintf("%g%%", v) }}
	return render.Chart{Stem: "idle-cpu", Title: title, Plot: pl}, len(cats) > 0
}

// questionFindings answers the three questions of the pages from the run:
// each pair that differs on one axis only, as a ratio with its interval and
// p-value, and the best row against the machine's limit.
func (m *model) questionFindings() []string {
	p := m.maxProcs()
	var own []resultfmt.Row
	for _, im := range m.factorial() {
		if !im.ThirdParty() {
			own = append(own, im)
		}
	}
	// pairs: rows of ours alike in one class and different in the other.
	pairs := func(same func(resultfmt.Row) string, a, b func(resultfmt.Row) bool) [][2]resultfmt.Row {
		var out [][2]resultfmt.Row
		for _, x := range own {
			for _, y := range own {
				if a(x) && b(y) && same(x) == same(y) {
					out = append(out, [2]resultfmt.Row{x, y})
				}
			}
		}
		return out
	}
	byWait := func(im resultfmt.Row) string { return im.Wait }
	bySync := func(im resultfmt.Row) string { return im.Sync }
	isSync := func(s string) func(resultfmt.Row) bool { return func(im resultfmt.Row) bool { return im.Sync == s } }
	isWait := func(w string) func(resultfmt.Row) bool { return func(im resultfmt.Row) bool { return im.Wait == w } }

	answer := func(q string, ps [][2]resultfmt.Row, axis func(resultfmt.Row) string) string {
		var parts []string
		for _, pr := range ps {
			for _, fm := range twoExchanges {
				a, aok := m.handoff(pr[0].Name, fm.mode, fm.capacity, p)
				b, bok := m.handoff(pr[1].Name, fm.mode, fm.capacity, p)
				if !aok || !bok {
					continue
				}
				if r, ok := m.ratio(a, b, ns); ok {
					parts = append(parts, fmt.Sprintf("%s, %s: %s costs %s of %s (%s)", axis(pr[0]), modeLabel(fm.mode, fm.capacity), pr[1].Name, fmtRatioCI(r), pr[0].Name, fmtP(r.P)))
				}
			}
		}
		if len(parts) == 0 {
			return ""
		}
		return q + " " + strings.Join(parts, "; ") + "."
	}
	var out []string
	if s := answer("Does removing the lock help, with the same waiting? Atomics against a mutex:",
		pairs(byWait, isSync(resultfmt.SyncMutex), isSync(resultfmt.SyncAtomic)), byWait); s != "" {
		out = append(out, s)
	}
	if s := answer("Does spinning help, with the same synchronisation? Spinning while busy against parking at once:",
		pairs(bySync, isWait(resultfmt.WaitPark), isWait(resultfmt.WaitSpin)), bySync); s != "" {
		out = append(out, s)
	}
	var far []string
	for _, fm := range twoExchanges {
		f, ok := m.limit(fm.mode, fm.capacity, p)
		if !ok {
			continue
		}
		var best stats.Key
		for _, im := range m.factorial() {
			if k, ok := m.handoff(im.Name, fm.mode, fm.capacity, p); ok && (best.Name == "" || m.set.Center(k, ns) < m.set.Center(best, ns)) {
				best = k
			}
		}
		if best.Name == "" {
			continue
		}
		if r, ok := m.ratio(f, best, ns); ok {
			s := fmt.Sprintf("%s: the best, %s at %s, is %s the limit %s at %s (%s)", modeLabel(fm.mode, fm.capacity), best.Impl, fmtNS(m.set.Center(best, ns)), fmtRatioCI(r), f.Impl, fmtNS(m.set.Center(f, ns)), fmtP(r.P))
			if r.Hi < 1 || math.IsNaN(r.Hi) && r.Ratio < 1 {
				s += ", below a limit that is only one for two cores: a Conn that parks lets its two goroutines take turns on one P, where no cache line crosses between cores"
			}
			far = append(far, s)
		}
	}
	if len(far) > 0 {
		out = append(out, "How far from the machine's limit is the best Go handoff across threads? "+strings.Join(far, "; ")+".")
	}
	if len(out) > 0 {
		paired := "paired round by round (the Huber estimate of the log ratio, with a sign-flip interval and test)"
		if !m.set.RecordsRounds() {
			paired = "ratios of medians with benchstat's Mann–Whitney p-value; this file records no rounds, so no interval"
		}
		out = append(out, fmt.Sprintf("Method: GOMAXPROCS=%d, %s. Each p-value is of its own comparison, not corrected for the %d on this page; the limit floors move with the machine, so read them from this run only.", p, paired, strings.Count(strings.Join(out, " "), "(p")))
	}
	return out
}
