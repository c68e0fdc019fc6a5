package report

import (
	"fmt"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/handoffbench/handoff/report/internal/plotters"
	"github.com/handoffbench/handoff/report/internal/render"
	"github.com/handoffbench/handoff/stats"
)

const machineTitle = "The machine over the run"

// machinePage draws the run's fingerprint: each probe's value round by
// round against its median, so that a reader sees whether the machine held
// still, and which rounds to distrust when it did not. Nothing where the
// file records no rounds or has no probe.
func (m *model) machinePage() (render.Page, bool) {
	prints := m.set.Fingerprint()
	if len(prints) == 0 {
		return render.Page{}, false
	}
	title := "each probe's value per round, as a multiple of its median over the run"
	p := newPlot(title, "round", "× the probe's median (log scale)")
	p.Y.Scale = plot.LogScale{}
	var ticks plot.ConstantTicks
	for _, v := range []float64{0.125, 0.25, 0.5, 0.8, 1, 1.25, 2, 4, 8} {
		ticks = append(ticks, plot.Tick{Value: v, Label: fmt.Sprintf("%g×", v)})
	}
	p.Y.Tick.Marker = ticks
	var intro []string
	lo, hi := 1.0, 1.0
	for i, pr := range prints {
		var pts plotter.XYs
		left := 0
		for j, v := range pr.Values {
			r := v / pr.Median
			if !plotters.Drawable(r, true) { // a probe that read 0, or a median of 0
				left++
				continue
			}
			pts = append(pts, plotter.XY{X: float64(pr.Rounds[j]), Y: r})
			lo, hi = min(lo, r), max(hi, r)
		}
		if left > 0 {
			intro = append(intro, fmt.Sprintf("The %s probe read %d value(s) that a multiple of its median (%s) cannot show on a log axis (zero, or a median of zero): the chart leaves them out.", pr.What, left, fmtNS(pr.Median)))
		}
		l, sc, err := plotter.NewLinePoints(pts)
		if err != nil {
			continue
		}
		l.Color, sc.Color = colorOf(i), colorOf(i)
		l.Width = vg.Points(1.5)
		sc.Shape = draw.CircleGlyph{}
		p.Add(l, sc)
		p.Legend.Add(fmt.Sprintf("%s: median %s", pr.What, fmtNS(pr.Median)), l, sc)
		if moved := pr.Moved(); len(moved) > 0 {
			intro = append(intro, fmt.Sprintf("The %s probe moved by more than %.0f%% from its median in %s: every benchmark of those rounds ran on a different machine, in effect. Paired comparisons (the findings, regress) are made round by round and keep their footing; medians over all rounds mix the two machines.", pr.What, 100*stats.Shift, strings.Join(moved, ", ")))
		} else {
			intro = append(intro, fmt.Sprintf("The %s probe stayed within %.0f%% of its median (%s) in every round.", pr.What, 100*stats.Shift, fmtNS(pr.Median)))
		}
	}
	for _, b := range []float64{1 / (1 + stats.Shift), 1 + stats.Shift} {
		f := plotter.NewFunction(func(float64) float64 { return b })
		f.Dashes = []vg.Length{vg.Points(3), vg.Points(3)}
		f.Color = colorOf(7)
		p.Add(f)
	}
	p.Y.Min, p.Y.Max = min(lo, 1/(1+stats.Shift))/1.3, max(hi, 1+stats.Shift)*1.3
	p.Add(plotter.NewGrid())
	pg := render.Page{
		Title:  machineTitle,
		Intro:  append([]string{"Two probes run in every round beside the benchmarks: two goroutines spinning on cache lines (the cross-core latency, which a VM's placement of its vCPUs decides) and a plain call through an interface (the core's own speed, the \"plain call\" below). The dashed lines are ±25% of each probe's median."}, intro...),
		Charts: []render.Chart{{Stem: "machine", Title: title, Plot: p}},
	}
	return pg, true
}
