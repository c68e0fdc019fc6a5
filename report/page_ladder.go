package report

import (
	"fmt"
	"image/color"
	"math"
	"strings"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/handoffbench/handoff/bench/matrix"
	"github.com/handoffbench/handoff/report/internal/plotters"
	"github.com/handoffbench/handoff/report/internal/render"
	"github.com/handoffbench/handoff/resultfmt"
	"github.com/handoffbench/handoff/stats"
)

const ladderTitle = "Where the nanoseconds go"

// ladderPage: the cost ladders of the in-thread implementations
// (matrix.Ladders), each step drawn on top of the one below with what it
// added in ns beside it, and the seed's systems that stand for the same
// mechanism as outside references. The ladders' own floors are measured at
// GOMAXPROCS=1, so the charts are drawn there; the table has every
// GOMAXPROCS measured.
func (m *model) ladderPage() (render.Page, bool) {
	var cs []maybeChart
	var ts []render.Table
	for _, l := range matrix.Ladders {
		if !m.measuredLadder(l) {
			continue // a results file from before the ladders, or without them
		}
		c, ok := m.ladderChart(l, m.procs[0])
		if !ok {
			continue
		}
		cs = append(cs, want(c, ok))
		ts = append(ts, m.ladderTable(l))
	}
	if len(cs) == 0 {
		return render.Page{}, false
	}
	p := m.chartPage(ladderTitle,
		"The implementations that never leave the producer's thread, taken apart: each step is the one before plus one mechanism, all measured in the same run by the same checked loop, and the number beside a step is what that mechanism added (the difference of the medians; a step within the noise of the one below adds nothing). The dashed lines are the seed's systems that do the same exchange: the C protothread beside the stackless state machine, the CPython generator beside the coroutine.",
		cs...)
	p.Tables = ts
	return p, true
}

// measuredLadder says whether the results have any of the ladder's own
// floors, the steps no other page draws.
func (m *model) measuredLadder(l matrix.Ladder) bool {
	for _, s := range l.Steps {
		if s.Bench == matrix.Floor && strings.HasPrefix(s.Impl, "ladder-") && len(m.set.Find(stats.Key{Bench: s.Bench, Impl: s.Impl})) > 0 {
			return true
		}
	}
	return false
}

// ladderKey finds a step's benchmark at procs.
func (m *model) ladderKey(s matrix.Step, procs int) (stats.Key, bool) {
	return m.set.Lookup(stats.Key{Bench: s.Bench, Impl: s.Impl, Mode: s.Mode, Cap: s.Cap, Payload: s.Payload, Work: s.Work, Procs: procs})
}

// stepLabel is a step's name on a chart: the floor or implementation, and
// the mode where it is not a roundtrip.
func stepLabel(s matrix.Step, sep string) string {
	if s.Mode == matrix.Stream {
		return fmt.Sprintf("%s%sstream, cap %d", s.Impl, sep, s.Cap)
	}
	return s.Impl
}

// ladderTable: every step at every GOMAXPROCS, its median and interval and
// its increment over the step below.
func (m *model) ladderTable(l matrix.Ladder) render.Table {
	t := render.Table{Title: l.Impl + "'s ladder", Header: []string{"step", "adds"}}
	for _, p := range m.procs {
		t.Header = append(t.Header, fmt.Sprintf("ns/op, GOMAXPROCS=%d", p), "+ns")
	}
	t.Right = []bool{false, false}
	for range m.procs {
		t.Right = append(t.Right, true, true)
	}
	for _, s := range l.Steps {
		row := []string{stepLabel(s, ", "), s.Adds}
		for range m.procs {
			row = append(row, "–", "–")
		}
		t.Rows = append(t.Rows, row)
	}
	for j, p := range m.procs {
		prev := math.NaN()
		for i, s := range l.Steps {
			k, ok := m.ladderKey(s, p)
			if !ok {
				prev = math.NaN()
				continue
			}
			sum, _ := m.set.Summary(k, ns)
			t.Rows[i][2+2*j] = fmtSummary(sum)
			if i > 0 && sameExchange(s, l.Steps[i-1]) && !math.IsNaN(prev) {
				t.Rows[i][3+2*j] = fmtDelta(sum.Center - prev)
			}
			prev = sum.Center
		}
	}
	if m.counted() {
		m.ladderCounts(l, &t)
	}
	return t
}

// ladderCounts adds the steps' instruction counts at GOMAXPROCS=1, and what
// each adds to the one below it: where the nanoseconds go, in
// instructions.
func (m *model) ladderCounts(l matrix.Ladder, t *render.Table) {
	t.Header = append(t.Header, instr+", GOMAXPROCS=1", "+instructions")
	t.Right = append(t.Right, true, true)
	prev := math.NaN()
	for i, s := range l.Steps {
		v := math.NaN()
		if k, ok := m.ladderKey(s, 1); ok {
			v = m.count(k)
		}
		d := math.NaN()
		if i > 0 && sameExchange(s, l.Steps[i-1]) {
			d = v - prev
		}
		t.Rows[i] = append(t.Rows[i], fmtInstr(v), fmtInstrDelta(d))
		prev = v
	}
}

// sameExchange says whether a step does the same exchange as the one below
// it, so that the difference is what it adds; a stream's cost per item
// beside a roundtrip's is a different measure, drawn on its own.
func sameExchange(s, below matrix.Step) bool { return s.Mode == below.Mode && s.Cap == below.Cap }

// fmtDelta is an increment in ns with its sign.
func fmtDelta(d float64) string {
	if d >= 0 {
		return "+" + fmtNS(d)
	}
	return "-" + fmtNS(-d)
}

// ladderChart draws a ladder at procs as steps: each bar rises from the
// step below (grey) by its increment (colored), with the increment written
// above it; the reference rows beside the ladder's implementation are
// dashed lines across.
func (m *model) ladderChart(l matrix.Ladder, procs int) (render.Chart, bool) {
	title := fmt.Sprintf("%s, step by step: ns per op, GOMAXPROCS=%d", l.Impl, procs)
	p := newPlot(title, "", "ns per op")
	st := &plotters.Steps{Base: stepBase, Up: stepUp, Down: stepDown}
	var cats []string
	var labels []string
	var pts plotter.XYs
	found := 0
	for i, s := range l.Steps {
		cats = append(cats, stepLabel(s, "\n"))
		k, ok := m.ladderKey(s, procs)
		if !ok {
			m.note(ladderTitle, "no %s result at GOMAXPROCS=%d for %s's ladder", s.Name(), procs, l.Impl)
			st.Vals, st.Lo, st.Hi = append(st.Vals, math.NaN()), append(st.Lo, math.NaN()), append(st.Hi, math.NaN())
			st.Own = append(st.Own, false)
			continue
		}
		found++
		sum, _ := m.set.Summary(k, ns)
		st.Vals, st.Lo, st.Hi = append(st.Vals, sum.Center), append(st.Lo, sum.Lo), append(st.Hi, sum.Hi)
		label := fmtNS(sum.Center)
		st.Own = append(st.Own, i > 0 && !sameExchange(s, l.Steps[i-1]))
		if i > 0 && !st.Own[i] && !math.IsNaN(st.Vals[i-1]) {
			label = fmtDelta(sum.Center-st.Vals[i-1]) + "\n" + label
		}
		top := sum.Center
		if !math.IsInf(sum.Hi, 0) && !math.IsNaN(sum.Hi) {
			top = sum.Hi
		}
		pts = append(pts, plotter.XY{X: float64(i), Y: top})
		labels = append(labels, label)
	}
	if found < 2 {
		return render.Chart{}, false
	}
	p.NominalX(cats...)
	tilt(p, cats)
	p.X.Tick.Label.Rotation = math.Pi / 7
	p.X.Tick.Label.XAlign, p.X.Tick.Label.YAlign = draw.XRight, draw.YTop
	st.Width = vg.Points(float64(min(44, 320/len(cats))))
	p.Add(plotter.NewGrid(), st)
	lb, _ := plotter.NewLabels(plotter.XYLabels{XYs: pts, Labels: labels})
	for j := range lb.TextStyle {
		lb.TextStyle[j].Font = font.From(render.TextFont, vg.Points(7))
		lb.TextStyle[j].XAlign = draw.XCenter
	}
	lb.Offset = vg.Point{Y: vg.Points(3)}
	p.Add(lb)
	p.Legend.Add("the step below", &plotters.Swatch{Color: stepBase})
	p.Legend.Add("what the step adds", &plotters.Swatch{Color: stepUp})
	top := 0.0
	for _, v := range st.Vals {
		if !math.IsNaN(v) {
			top = math.Max(top, v)
		}
	}
	for _, r := range resultfmt.OfKind(m.recorded, resultfmt.Reference) {
		if r.Beside != l.Impl {
			continue
		}
		k, ok := m.set.Lookup(stats.Key{Bench: "Handoff", Impl: r.Name, Mode: matrix.Roundtrip, Payload: payload, Procs: 1})
		if !ok {
			m.note(ladderTitle, "no %s result to set beside %s's ladder", r.Name, l.Impl)
			continue
		}
		v := m.set.Center(k, ns)
		line, _ := plotter.NewLine(plotter.XYs{{X: -0.6, Y: v}, {X: float64(len(cats)) - 0.4, Y: v}})
		line.Color = color.Gray{0x40}
		line.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		line.Width = vg.Points(1)
		if v > 5*top { // named in the legend, not drawn: it would flatten the ladder
			p.Legend.Add(fmt.Sprintf("%s (%s): %s, off the scale", r.Name, language(r), fmtNS(v)), line)
			continue
		}
		p.Add(line)
		p.Legend.Add(fmt.Sprintf("%s (%s): %s", r.Name, language(r), fmtNS(v)), line)
	}
	p.X.Min, p.X.Max = -0.6, float64(len(cats))-0.4
	p.Y.Min = 0
	p.Y.Max *= 1.35 // room for the labels and the legend
	return render.Chart{Stem: "ladder-" + l.Impl, Title: title, Plot: p}, true
}

// The colours of a ladder's steps (plotters.Steps): the step below, what a
// step adds, and what it takes away.
var (
	stepBase = color.RGBA{0xc8, 0xc8, 0xc8, 0xff}
	stepUp   = palette[0]
	stepDown = palette[1]
)
