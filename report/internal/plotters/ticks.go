package plotters

import (
	"math"
	"strconv"

	"gonum.org/v1/plot"
)

// Relabel keeps a ticker's ticks and writes their labels with Format: "1 µs"
// rather than "1000", "24M" rather than "24000000". A tick its ticker left
// unlabelled (a minor one) stays so.
type Relabel struct {
	plot.Ticker
	Format func(float64) string
}

// Ticks are the ticker's, relabelled.
func (r Relabel) Ticks(min, max float64) []plot.Tick {
	ts := r.Ticker.Ticks(min, max)
	for i := range ts {
		if ts[i].Label != "" {
			ts[i].Label = r.Format(ts[i].Value)
		}
	}
	return ts
}

// Ticks125 marks a log axis at 1, 2 and 5 of each power of ten, labelled,
// and at the other whole multiples, not: a chart whose values span two or
// three powers of ten, where plot.LogTicks labels too few to read a dot by.
type Ticks125 struct{}

// Ticks are the multiples of each power of ten within [lo, hi].
func (Ticks125) Ticks(lo, hi float64) []plot.Tick {
	var ts []plot.Tick
	for dec := math.Pow(10, math.Floor(math.Log10(lo))); dec <= hi; dec *= 10 {
		for m := 1.0; m < 10; m++ {
			v := dec * m
			if v < lo || v > hi {
				continue
			}
			label := ""
			if m == 1 || m == 2 || m == 5 {
				label = strconv.FormatFloat(v, 'g', -1, 64)
			}
			ts = append(ts, plot.Tick{Value: v, Label: label})
		}
	}
	return ts
}

// RatioTicks label a log axis of ratios between lo and hi at 1, 2 and 5
// times each power of ten, or over more than two decades 1 and 3, over
// more than four 1 alone: a few labels per decade, and never a bare axis.
func RatioTicks(lo, hi float64) plot.ConstantTicks {
	steps := []float64{1, 2, 5}
	switch decades := math.Log10(hi / lo); {
	case decades > 4:
		steps = []float64{1}
	case decades > 2:
		steps = []float64{1, 3}
	}
	var ts plot.ConstantTicks
	for e := math.Floor(math.Log10(lo)); e <= math.Ceil(math.Log10(hi)); e++ {
		for _, m := range steps {
			if v := m * math.Pow(10, e); v >= lo && v <= hi {
				ts = append(ts, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'g', 3, 64) + "×"})
			}
		}
	}
	return ts
}

// MultipleTicks label a log axis of multiples (1× and up) at round
// values, which plot.LogTicks, marking powers of ten, leaves bare over a
// range of a few times; over a range holding fewer than two of them, the
// powers of ten.
func MultipleTicks(lo, hi float64) []plot.Tick {
	var ts []plot.Tick
	for _, v := range []float64{0.5, 0.75, 1, 1.25, 1.5, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 100} {
		if v >= lo && v <= hi {
			ts = append(ts, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'g', 3, 64) + "×"})
		}
	}
	if len(ts) < 2 {
		return plot.LogTicks{Prec: -1}.Ticks(lo, hi)
	}
	return ts
}
