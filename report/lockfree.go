package report

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/handoffbench/handoff/stats"
)

// The charts of the locked vs lock-free pages. They compare, at the largest
// GOMAXPROCS measured, the implementations that cross goroutines — where a
// lock, a channel or atomics decide the cost — and, where it helps, the
// single-threaded ones beside them.

const lockPage = "Locked vs lock-free"

// mutexWaitChart: time spent blocked on a sync.Mutex per item, for every
// implementation, roundtrip and stream.
func (m *model) mutexWaitChart() (chart, bool) {
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
	title := fmt.Sprintf("time blocked on a mutex per item, GOMAXPROCS=%d", p)
	return chart{"mutex-wait", title, groupedBars(title, "ns per op", cats, ss, false)}, anyValues(ss)
}

// schedChart: how long goroutines waited, runnable, for a thread during a
// round trip — the scheduler's share of a handoff that parks and wakes.
func (m *model) schedChart() (chart, bool) {
	p := m.maxProcs()
	cross := m.crossing()
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
	title := fmt.Sprintf("scheduling delay during a roundtrip, GOMAXPROCS=%d", p)
	return chart{"sched-latency", title, groupedBars(title, "ns a runnable goroutine waited", cats, []*series{mean, p99}, true)}, anyValues([]*series{mean, p99})
}

// latencyChart: Put-to-handler latency percentiles at one capacity.
func (m *model) latencyChart(capacity int) (chart, bool) {
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
	m.missing(lockPage+" (latency and contention)", lacking, fmt.Sprintf("latency at capacity %d", capacity), p)
	title := fmt.Sprintf("Put-to-handler latency, stream at capacity %d, GOMAXPROCS=%d", capacity, p)
	return chart{fmt.Sprintf("latency-cap%d", capacity), title, groupedBars(title, "ns from Put to the handler", cats, ss, true)}, anyValues(ss)
}

// tradeoffChart: for every implementation and capacity, the cost per item
// against the 99th percentile latency: what a larger batch buys in
// throughput it pays for in waiting.
func (m *model) tradeoffChart() (chart, bool) {
	pr := m.maxProcs()
	title := fmt.Sprintf("throughput against latency: cost per item vs p99 latency, GOMAXPROCS=%d", pr)
	p := newPlot(title, "ns per item (stream, log scale)", "p99 ns from Put to the handler (log scale)")
	p.X.Scale, p.Y.Scale = plot.LogScale{}, plot.LogScale{}
	p.X.Tick.Marker = relabel{plot.LogTicks{Prec: -1}, shortNS}
	p.Y.Tick.Marker = relabel{plot.LogTicks{Prec: -1}, shortNS}
	found := false
	for i, im := range m.impls {
		var pts plotter.XYs
		var labels []string
		for _, k := range m.set.Find(stats.Key{Bench: "Latency", Impl: im.Name, Procs: pr}) {
			h, ok := m.handoff(im.Name, "stream", k.Cap, pr)
			if !ok {
				continue
			}
			cost, lat := m.set.Center(h, ns), m.set.Center(k, "ns/p99")
			if cost <= 0 || lat <= 0 {
				continue
			}
			// Points within a fifth of each other on both axes share
			// one label, so that they do not print over each other.
			if j := slices.IndexFunc(pts, func(p plotter.XY) bool { return near(p.X, cost) && near(p.Y, lat) }); j >= 0 {
				labels[j] += fmt.Sprintf(", %d", k.Cap)
				continue
			}
			pts = append(pts, plotter.XY{X: cost, Y: lat})
			labels = append(labels, fmt.Sprintf("cap %d", k.Cap))
		}
		if len(pts) == 0 {
			continue
		}
		found = true
		sc, _ := plotter.NewScatter(pts)
		sc.Color = colorOf(i)
		sc.Shape = draw.CircleGlyph{}
		sc.Radius = vg.Points(3.5)
		lb, _ := plotter.NewLabels(plotter.XYLabels{XYs: pts, Labels: labels})
		for j := range lb.TextStyle {
			lb.TextStyle[j].Color = colorOf(i)
			lb.TextStyle[j].Font = font.From(textFont, vg.Points(8))
		}
		lb.Offset = vg.Point{X: vg.Points(5), Y: vg.Points(2)}
		p.Add(sc, lb)
		p.Legend.Add(im.Name, sc)
	}
	p.Legend.Left, p.Legend.Top = false, true
	p.Add(plotter.NewGrid())
	return chart{"tradeoff", title, p}, found
}

// near says whether two positive values are within a fifth of each other.
func near(a, b float64) bool { return math.Max(a, b)/math.Min(a, b) < 1.2 }

// contentionChart: items per second through one Conn against the number of
// producers sharing it.
func (m *model) contentionChart() (chart, bool) {
	pr := m.maxProcs()
	var producers []int
	for _, k := range m.set.Find(stats.Key{Bench: "Contention", Procs: pr}) {
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
		if !im.ConcurrentProducers {
			continue
		}
		s := newSeries(im.Name, len(producers))
		for i, n := range producers {
			for _, k := range m.set.Find(stats.Key{Bench: "Contention", Impl: im.Name, Producers: n, Procs: pr}) {
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
	title := fmt.Sprintf("throughput against producers sharing one Conn, GOMAXPROCS=%d", pr)
	p := lines(title, "producer goroutines", "items per second", xs, ss, false)
	p.Y.Tick.Marker = relabel{plot.DefaultTicks{}, shortCount}
	return chart{"contention", title, p}, anyValues(ss)
}
