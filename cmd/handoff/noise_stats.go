package main

import (
	"math"
	"slices"

	"github.com/handoffbench/handoff/stats"
)

// noiseStats summarise one benchmark's per-process values under one
// variant, in round order.
type noiseStats struct {
	center    float64 // the median
	halfWidth float64 // its 95% interval as ± of it (stats.Shape's Spread)
	spread    float64 // 1.4826 × the MAD of ln(value): a robust σ of the log, ≈ the relative spread
	drift     float64 // stats.DriftPerRound
	low, high float64
}

func noiseSummary(vals []float64) noiseStats {
	if len(vals) == 0 {
		return noiseStats{}
	}
	sh := stats.ShapeOf(vals)
	return noiseStats{center: sh.Summary.Center, halfWidth: sh.Spread, spread: logSpread(vals), drift: stats.DriftPerRound(vals),
		low: slices.Min(vals), high: slices.Max(vals)}
}

func median(vals []float64) float64 {
	s := slices.Clone(vals)
	slices.Sort(s)
	n := len(s)
	if n == 0 {
		return math.NaN()
	}
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// logSpread is 1.4826 × the median absolute deviation of ln(vals): for
// log-normal noise, the σ of the log, which is about the relative spread.
func logSpread(vals []float64) float64 {
	ls := make([]float64, len(vals))
	for i, v := range vals {
		ls[i] = math.Log(v)
	}
	m := median(ls)
	for i := range ls {
		ls[i] = math.Abs(ls[i] - m)
	}
	return 1.4826 * median(ls)
}
