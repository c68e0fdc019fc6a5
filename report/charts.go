package report

import (
	"image/color"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/handoffbench/handoff/report/internal/plotters"
	"github.com/handoffbench/handoff/report/internal/render"
	"github.com/handoffbench/handoff/resultfmt"
	"github.com/handoffbench/handoff/stats"
)

// A series is one color of a grouped bar chart, or one line of a line
// chart: a value and its interval per category.
type series struct {
	name         string
	vals, lo, hi []float64
	color        color.Color // nil: the palette's, by the series' place
	base         float64     // the value bars rise from; 0: the axis' bottom
	// rounds, when not nil, are each category's values round by round,
	// drawn as dots on its bar: a row with two modes shows both, where
	// its median would sit between them.
	rounds [][]float64
}

// colorAt is the series' colour: its own, or the palette's i-th.
func (s *series) colorAt(i int) color.Color {
	if s.color != nil {
		return s.color
	}
	return conditionColor(i)
}

func newSeries(name string, n int) *series {
	s := &series{name: name, vals: make([]float64, n), lo: make([]float64, n), hi: make([]float64, n)}
	for i := range n {
		s.vals[i], s.lo[i], s.hi[i] = math.NaN(), math.NaN(), math.NaN()
	}
	return s
}

// set fills category i from a summary, scaled by f (1 for ns).
func (s *series) set(i int, sum stats.Summary, f float64) {
	s.vals[i], s.lo[i], s.hi[i] = sum.Center*f, sum.Lo*f, sum.Hi*f
}

// append adds a category with the summary's value and interval, or with
// none (NaN) if ok is false.
func (s *series) append(sum stats.Summary, ok bool) {
	if !ok {
		sum = stats.Summary{}
		sum.Center, sum.Lo, sum.Hi = math.NaN(), math.NaN(), math.NaN()
	}
	s.vals = append(s.vals, sum.Center)
	s.lo = append(s.lo, sum.Lo)
	s.hi = append(s.hi, sum.Hi)
}

func (s *series) empty() bool {
	for _, v := range s.vals {
		if !math.IsNaN(v) {
			return false
		}
	}
	return true
}

// palette: one color per series, the same order on every chart.
var palette = []color.Color{
	color.RGBA{0x1f, 0x77, 0xb4, 0xff}, color.RGBA{0xff, 0x7f, 0x0e, 0xff}, color.RGBA{0x2c, 0xa0, 0x2c, 0xff},
	color.RGBA{0xd6, 0x27, 0x28, 0xff}, color.RGBA{0x94, 0x67, 0xbd, 0xff}, color.RGBA{0x8c, 0x56, 0x4b, 0xff},
	color.RGBA{0xe3, 0x77, 0xc2, 0xff}, color.RGBA{0x7f, 0x7f, 0x7f, 0xff}, color.RGBA{0xbc, 0xbd, 0x22, 0xff},
	color.RGBA{0x17, 0xbe, 0xcf, 0xff}, color.RGBA{0x1a, 0x1a, 0x6e, 0xff}, color.RGBA{0xb8, 0x86, 0x0b, 0xff},
}

func colorOf(i int) color.Color { return palette[i%len(palette)] }

// conditions: the greys of series that are not implementations (GOMAXPROCS
// values, percentiles, payloads), so that no implementation's colour means
// anything else.
var conditions = []color.Color{color.Gray{Y: 0x50}, color.Gray{Y: 0x95}, color.Gray{Y: 0xc8}, color.Gray{Y: 0x2a}}

func conditionColor(i int) color.Color { return conditions[i%len(conditions)] }

// implColor is an implementation's one colour, the same on every chart
// that colours by implementation: its place among the implementations the
// file describes, or without them among those with results.
func (m *model) implColor(name string) color.Color {
	all := resultfmt.OfKind(m.recorded, resultfmt.Implementation)
	if len(all) == 0 {
		all = m.impls
	}
	named := func(im resultfmt.Row) bool { return im.Name == name }
	if i := slices.IndexFunc(all, named); i >= 0 {
		return colorOf(i)
	}
	if i := slices.IndexFunc(m.impls, named); i >= 0 {
		return colorOf(len(all) + i)
	}
	return color.Black
}

// newPlot is a plot with the report's title and labels.
func newPlot(title, xlabel, ylabel string) *plot.Plot {
	p := plot.New()
	p.Y.Tick.Marker = plotters.Relabel{Ticker: plot.DefaultTicks{}, Format: shortNS}
	p.Title.Text = title
	p.X.Label.Text = xlabel
	p.Y.Label.Text = ylabel
	p.Legend.Top = true
	p.Legend.Left = true
	p.Title.TextStyle.Font = font.From(render.TextFont, vg.Points(9))
	p.X.Label.TextStyle.Font = font.From(render.TextFont, vg.Points(8.5))
	p.Y.Label.TextStyle.Font = font.From(render.TextFont, vg.Points(8.5))
	p.X.Tick.Label.Font = font.From(render.TextFont, vg.Points(7.5))
	p.Y.Tick.Label.Font = font.From(render.TextFont, vg.Points(7.5))
	p.Legend.TextStyle.Font = font.From(render.TextFont, vg.Points(8))
	p.Legend.Padding = vg.Points(2)
	return p
}

// logLogNS is a plot whose axes are both nanoseconds on log scales.
func logLogNS(title, xlabel, ylabel string) *plot.Plot {
	p := newPlot(title, xlabel, ylabel)
	p.X.Scale, p.Y.Scale = plot.LogScale{}, plot.LogScale{}
	p.X.Tick.Marker = plotters.Relabel{Ticker: plot.LogTicks{Prec: -1}, Format: shortNS}
	p.Y.Tick.Marker = plotters.Relabel{Ticker: plot.LogTicks{Prec: -1}, Format: shortNS}
	return p
}

// logIfWide switches the Y axis to a log scale when what is drawn spans
// more than a factor of limit (20 for most charts), where a linear axis would flatten the small
// bars: the values, and the tops of their intervals, which set the axis's
// top as much as the values do (one wide interval squashed a whole chart).
// A value at or below zero has no place on a log axis: where one is drawn
// the axis stays linear, which shows it. An interval's bottom at or below
// zero is only left out (the plotters skip that error bar).
func logIfWide(p *plot.Plot, ss []*series, limit float64) bool {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, s := range ss {
		for i, v := range s.vals {
			if !math.IsNaN(v) && !plotters.Drawable(v, true) {
				return false
			}
			if v > 0 {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
				if top := s.hi[i]; !math.IsInf(top, 0) && !math.IsNaN(top) {
					hi = math.Max(hi, top)
				}
			}
		}
	}
	if !(hi/lo > limit) {
		return false
	}
	p.Y.Scale = plot.LogScale{}
	p.Y.Tick.Marker = plotters.Relabel{Ticker: plot.LogTicks{Prec: -1}, Format: p.Y.Tick.Marker.(plotters.Relabel).Format}
	p.Y.Label.Text += " (log scale)"
	return true
}

// shortNS labels a nanosecond axis.
func shortNS(v float64) string {
	switch a := math.Abs(v); {
	case a == 0:
		return "0"
	case a < 1e3:
		return strconv.FormatFloat(v, 'g', 4, 64) + " ns"
	case a < 1e6:
		return strconv.FormatFloat(v/1e3, 'g', 4, 64) + " µs"
	case a < 1e9:
		return strconv.FormatFloat(v/1e6, 'g', 4, 64) + " ms"
	}
	return strconv.FormatFloat(v/1e9, 'g', 4, 64) + " s"
}

// shortCount labels a count axis: 24M, 1.5k.
func shortCount(v float64) string {
	switch a := math.Abs(v); {
	case a >= 1e9:
		return strconv.FormatFloat(v/1e9, 'g', 4, 64) + "G"
	case a >= 1e6:
		return strconv.FormatFloat(v/1e6, 'g', 4, 64) + "M"
	case a >= 1e3:
		return strconv.FormatFloat(v/1e3, 'g', 4, 64) + "k"
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}

// tilt slants the category labels when there are many, so that long names
// do not run into each other.
func tilt(p *plot.Plot, cats []string) {
	if len(cats) > 6 {
		p.X.Tick.Label.Rotation = math.Pi / 7
		p.X.Tick.Label.XAlign = draw.XRight
		p.X.Tick.Label.YAlign = draw.YTop
	}
}

// groupedBars draws series side by side over each category, with their
// 95% intervals as error bars; with allowLog, on a log axis when the
// values span more than 20× (logIfWide).
func groupedBars(title, ylabel string, cats []string, ss []*series, allowLog bool) *plot.Plot {
	limit := math.Inf(1)
	if allowLog {
		limit = 20
	}
	return barsSpanning(title, ylabel, cats, ss, limit)
}

// logBars is groupedBars on a log axis whatever the span, unless a value
// at or below zero needs the linear one.
func logBars(title, ylabel string, cats []string, ss []*series) *plot.Plot {
	return barsSpanning(title, ylabel, cats, ss, 0)
}

// barsSpanning is groupedBars with a log axis once the values span more
// than limit (logIfWide): never with +Inf, always (values allowing) with 0.
func barsSpanning(title, ylabel string, cats []string, ss []*series, limit float64) *plot.Plot {
	ss = slices.DeleteFunc(slices.Clone(ss), (*series).empty)
	p := newPlot(title, "", ylabel)
	if len(cats) == 0 {
		return p // no data: the page notes it and leaves the chart out
	}
	logY := logIfWide(p, ss, limit)
	p.NominalX(cats...)
	tilt(p, cats)
	// A category's bars fill four fifths of the distance to the next; a
	// lone bar, two fifths.
	w := min(0.8/float64(max(len(ss), 1)), 0.4)
	group := w * float64(len(ss))
	for i, s := range ss {
		b := &plotters.Bars{Vals: s.vals, Lo: s.lo, Hi: s.hi, Rounds: s.rounds, Width: w * 0.9, Color: s.colorAt(i),
			Offset: w*float64(i) - group/2 + w/2, Base: s.base, Log: logY}
		p.Add(b)
		if len(ss) > 1 {
			p.Legend.Add(s.name, b)
		}
	}
	p.X.Min, p.X.Max = -0.6, float64(len(cats))-0.4
	if !logY {
		p.Y.Min = 0
	} else {
		p.Y.Min /= 1.5 // room below the shortest bar
	}
	p.Add(plotter.NewGrid())
	return p
}

// lines draws one line per series over numbered categories, with points,
// and error bars where the interval is finite.
func lines(title, xlabel, ylabel string, xs []string, ss []*series, allowLog bool) *plot.Plot {
	ss = slices.DeleteFunc(slices.Clone(ss), (*series).empty)
	p := newPlot(title, xlabel, ylabel)
	if len(xs) == 0 {
		return p // no data: the page notes it and leaves the chart out
	}
	logY := logIfWide(p, ss, 20)
	p.NominalX(xs...)
	for i, s := range ss {
		var pts, errPts plotter.XYs
		var errs plotter.YErrors
		for j, v := range s.vals {
			if !plotters.Drawable(v, logY) {
				continue // NaN: no value; ±Inf or beyond: a derived value out of reach
			}
			pts = append(pts, plotter.XY{X: float64(j), Y: v})
			if plotters.Drawable(s.lo[j], logY) && plotters.Drawable(s.hi[j], logY) {
				errPts = append(errPts, plotter.XY{X: float64(j), Y: v})
				errs = append(errs, struct{ Low, High float64 }{v - s.lo[j], s.hi[j] - v})
			}
		}
		l, sc, err := plotter.NewLinePoints(pts)
		if err != nil {
			continue
		}
		l.Color, sc.Color = s.colorAt(i), s.colorAt(i)
		l.Width = vg.Points(1.5)
		sc.Shape = draw.CircleGlyph{}
		p.Add(l, sc)
		p.Legend.Add(s.name, l, sc)
		if len(errPts) > 0 {
			eb := &plotter.YErrorBars{XYs: errPts, YErrors: errs, LineStyle: draw.LineStyle{Color: s.colorAt(i), Width: vg.Points(0.8)}, CapWidth: vg.Points(4)}
			p.Add(eb)
		}
	}
	p.X.Min, p.X.Max = -0.3, float64(len(xs))-0.7
	p.Add(plotter.NewGrid())
	return p
}

func anyValues(ss []*series) bool {
	for _, s := range ss {
		if !s.empty() {
			return true
		}
	}
	return false
}
