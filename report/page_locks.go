package report

import (
	"fmt"
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/handoffbench/handoff/report/internal/plotters"
	"github.com/handoffbench/handoff/report/internal/render"
	"github.com/handoffbench/handoff/stats"
)

// The two locked vs lock-free pages of charts, after the two of the grid
// (page_factorial.go, page_spinning.go). They compare, at the largest
// GOMAXPROCS measured, the implementations that cross goroutines — where a
// lock, a channel or atomics decide the cost — and, where it helps, the
// single-threaded ones beside them.

const (
	locksMutexTitle   = "Locked vs lock-free (mutex and scheduler)"
	locksLatencyTitle = "Locked vs lock-free (latency and contention)"
)

// locksMutexPage: where a parked handoff's time goes, waiting on a lock and
// on the scheduler.
func (m *model) locksMutexPage() render.Page {
	return m.chartPage(locksMutexTitle,
		"Where a parked handoff's time goes: time blocked on a mutex shows the lock's queueing; the scheduler's delay, the cost of parking and waking a goroutine.",
		want(m.mutexWaitChart()), want(m.schedChart()))
}

// locksLatencyPage: what a batch costs its items in waiting, and what
// several producers on one Conn get through it.
func (m *model) locksLatencyPage() render.Page {
	latCap := 256
	if caps := m.capacities(m.maxProcs()); len(caps) > 0 {
		latCap = caps[len(caps)-1]
	}
	cs := []maybeChart{want(m.latencyChart(latCap)), want(m.tradeoffChart()), want(m.contentionChart("stream"))}
	if m.mostProducers("roundtrip", m.maxProcs()) > 0 { // files from before it ran have none, and the decision table says so
		cs = append(cs, want(m.contentionChart("roundtrip")))
	}
	return m.chartPage(locksLatencyTitle,
		"Throughput is not free: a batch that amortises the handoff makes the items in it wait. Latency is measured from the start of Put to the handler; contention runs several producers into one Conn, Putting, and Sending as a worker pool's callers do.",
		cs...)
}

// mutexWaitChart: time spent blocked on a sync.Mutex per item, for every
// implementation, roundtrip and stream.
func (m *model) mutexWaitChart() (render.Chart, bool) {
	p := m.maxProcs()
	cats := names(m.impls)
	var ss []*series
	for _, hm := range headlineModes {
		s := newSeries(modeLabel(hm.mode, hm.capacity), len(cats))
		for i, im := range m.impls {
			if k, ok := m.handoff(im.Name, hm.mode, hm.capacity, p); ok {
				if sum, ok := m.set.Summary(k, "mutex-wait-ns/op"); ok {
					s.set(i, sum, 1)
				}
			}
		}
		ss = append(ss, s)
	}
	title := fmt.Sprintf("ns blocked on a mutex per op, GOMAXPROCS=%d", p)
	return render.Chart{Stem: "mutex-wait", Title: title, Plot: groupedBars(title, "ns per op", cats, ss, false)}, anyValues(ss)
}

// schedChart: how long goroutines waited, runnable, for a thread during a
// round trip — the scheduler's share of a handoff that parks and wakes.
func (m *model) schedChart() (render.Chart, bool) {
	p := m.maxProcs()
	cross := m.crossing()
	if len(cross) == 0 && m.untraited() {
		m.note(locksMutexTitle, "which implementations hand over to another goroutine, whose scheduling delay this chart draws, is %s in this file", notRecorded)
	}
	cats := names(cross)
	mean, p99 := newSeries("mean", len(cats)), newSeries("99th percentile", len(cats))
	for i, im := range cross {
		k, ok := m.handoff(im.Name, "roundtrip", 0, p)
		if !ok {
			continue
		}
		if sum, ok := m.set.Summary(k, "sched-mean-ns"); ok {
			mean.set(i, sum, 1)
		}
		if sum, ok := m.set.Summary(k, "sched-p99-ns"); ok {
			p99.set(i, sum, 1)
		}
	}
	title := fmt.Sprintf("roundtrip: scheduling delay in ns, GOMAXPROCS=%d", p)
	return render.Chart{Stem: "sched-latency", Title: title, Plot: groupedBars(title, "ns a runnable goroutine waited", cats, []*series{mean, p99}, true)}, anyValues([]*series{mean, p99})
}

// latencyChart: Put-to-handler latency percentiles at one capacity.
func (m *model) latencyChart(capacity int) (render.Chart, bool) {
	p := m.maxProcs()
	cats := names(m.impls)
	var ss []*series
	var lacking []string
	for _, unit := range []string{"ns/p50", "ns/p99", "ns/p999"} {
		s := newSeries(unit[3:], len(cats))
		for i, im := range m.impls {
			if k, ok := m.set.Lookup(stats.Key{Bench: "Latency", Impl: im.Name, Mode: "stream", Cap: capacity, Procs: p}); ok {
				if sum, ok := m.set.Summary(k, unit); ok {
					s.set(i, sum, 1)
				}
			} else if unit == "ns/p50" {
				lacking = append(lacking, im.Name)
			}
		}
		ss = append(ss, s)
	}
	m.missing(locksLatencyTitle, lacking, fmt.Sprintf("latency at capacity %d", capacity), p)
	title := fmt.Sprintf("Put-to-handler ns, stream cap %d, GOMAXPROCS=%d", capacity, p)
	return render.Chart{Stem: fmt.Sprintf("latency-cap%d", capacity), Title: title, Plot: groupedBars(title, "ns from Put to the handler", cats, ss, true)}, anyValues(ss)
}

// tradeoffChart: for every implementation and capacity, the cost per item
// against the 99th percentile latency: what a larger batch buys in
// throughput it pays for in waiting. Colour is the implementation, shape
// the capacity; the legend names both, so no label is printed by a point
// and none can cover another.
func (m *model) tradeoffChart() (render.Chart, bool) {
	pr := m.maxProcs()
	title := fmt.Sprintf("ns per item vs p99 ns, log-log, GOMAXPROCS=%d", pr)
	p := logLogNS(title, "ns per item (stream, log scale)", "p99 ns from Put to the handler (log scale)")
	var caps []int
	for _, k := range m.set.Find(stats.Key{Bench: "Latency", Procs: pr}) {
		if !slices.Contains(caps, k.Cap) {
			caps = append(caps, k.Cap)
		}
	}
	slices.Sort(caps)
	shape := func(c int) draw.GlyphDrawer { return capShapes[slices.Index(caps, c)%len(capShapes)] }
	found := false
	xlo, xhi, ylo, yhi := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, im := range m.impls {
		first := true
		for _, k := range m.set.Find(stats.Key{Bench: "Latency", Impl: im.Name, Procs: pr}) {
			h, ok := m.handoff(im.Name, "stream", k.Cap, pr)
			if !ok {
				continue
			}
			cost, lat := m.set.Center(h, ns), m.set.Center(k, "ns/p99")
			if !plotters.Drawable(cost, true) || !plotters.Drawable(lat, true) {
				m.note(locksLatencyTitle, "%s at capacity %d is left out of the cost-vs-p99 chart (%s per item, p99 %s): a log axis has no place for a value at or below zero", im.Name, k.Cap, fmtNS(cost), fmtNS(lat))
				continue
			}
			found = true
			xlo, xhi, ylo, yhi = math.Min(xlo, cost), math.Max(xhi, cost), math.Min(ylo, lat), math.Max(yhi, lat)
			sc, _ := plotter.NewScatter(plotter.XYs{{X: cost, Y: lat}})
			sc.Color, sc.Shape, sc.Radius = m.implColor(im.Name), shape(k.Cap), vg.Points(3.5)
			p.Add(sc)
			if first {
				sw, _ := plotter.NewScatter(plotter.XYs{{}})
				sw.Color, sw.Shape, sw.Radius = sc.Color, draw.CircleGlyph{}, sc.Radius
				p.Legend.Add(im.Name, sw)
				first = false
			}
		}
	}
	for _, c := range caps {
		sw, _ := plotter.NewScatter(plotter.XYs{{}})
		sw.Color, sw.Shape, sw.Radius = color.Black, shape(c), vg.Points(3.5)
		p.Legend.Add(fmt.Sprintf("capacity %d", c), sw)
	}
	if found { // room around the outermost points, which would sit on the axes
		p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = xlo/1.6, xhi*1.6, ylo/1.6, yhi*1.6
	}
	p.Add(plotter.NewGrid())
	return render.Chart{Stem: "tradeoff", Title: title, Plot: p}, found
}

// capShapes mark capacities in the tradeoff chart, smallest first.
var capShapes = []draw.GlyphDrawer{draw.CircleGlyph{}, draw.TriangleGlyph{}, draw.BoxGlyph{}, draw.PyramidGlyph{}, draw.RingGlyph{}, draw.CrossGlyph{}}

// contentionChart: items per second through one Conn against the number of
// producers sharing it, Putting (stream) or Sending (roundtrip: replies per
// second).
func (m *model) contentionChart(mode string) (render.Chart, bool) {
	pr := m.maxProcs()
	var producers []int
	for _, k := range m.contentionKeys("", mode, 0, pr) {
		if !slices.Contains(producers, k.Producers) {
			producers = append(producers, k.Producers)
		}
	}
	slices.Sort(producers)
	xs := make([]string, len(producers))
	for i, n := range producers {
		xs[i] = fmt.Sprint(n)
	}
	var ss []*series
	for _, im := range m.impls {
		if len(m.contentionKeys(im.Name, mode, 0, pr)) == 0 {
			continue // one producer only: the matrix runs no contention
		}
		s := newSeries(im.Name, len(producers))
		s.color = m.implColor(im.Name)
		for i, n := range producers {
			for _, k := range m.contentionKeys(im.Name, mode, n, pr) {
				sum, _ := m.set.Summary(k, ns)
				// items/s = 1e9 / ns per item; the interval flips.
				s.vals[i], s.lo[i], s.hi[i] = 1e9/sum.Center, 1e9/sum.Hi, 1e9/sum.Lo
				if math.IsInf(sum.Hi, 1) {
					s.lo[i], s.hi[i] = math.Inf(-1), math.Inf(1)
				}
			}
		}
		ss = append(ss, s)
	}
	title, ylabel, stem := fmt.Sprintf("items/s by producers on one Conn, GOMAXPROCS=%d", pr), "items per second", "contention"
	if mode == "roundtrip" {
		title, ylabel, stem = fmt.Sprintf("replies/s by producers Sending on one Conn, GOMAXPROCS=%d", pr), "replies per second", "contention-roundtrip"
	}
	// One producer count (the default profile Sends with 8 only) is a bar
	// per row, side by side: a line needs two points.
	var p *plot.Plot
	if len(xs) == 1 {
		p = groupedBars(title, ylabel, xs, ss, false)
		p.X.Label.Text = "producer goroutines"
	} else {
		p = lines(title, "producer goroutines", ylabel, xs, ss, false)
	}
	p.Y.Tick.Marker = plotters.Relabel{Ticker: plot.DefaultTicks{}, Format: shortCount}
	return render.Chart{Stem: stem, Title: title, Plot: p}, anyValues(ss)
}
