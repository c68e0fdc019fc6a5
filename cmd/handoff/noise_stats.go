package main

import (
	"math"
	"slices"

	"golang.org/x/perf/benchmath"

	"github.com/handoffbench/handoff/stats"
)

// noiseStats summarise one benchmark's per-process values under one
// variant, in round order.
type noiseStats struct {
	center    float64 // the median
	halfWidth float64 // its 95% interval (benchmath, assuming nothing) as the larger relative side
	spread    float64 // 1.4826 × the MAD of ln(value): a robust σ of the log, ≈ the relative spread
	drift     float64 // Theil–Sen slope of ln(value) over the rounds, as exp(slope) − 1 per round
	low, high float64
}

func noiseSummary(vals []float64) noiseStats {
	if len(vals) == 0 {
		return noiseStats{}
	}
	s := benchmath.AssumeNothing.Summary(benchmath.NewSample(slices.Clone(vals), &benchmath.DefaultThresholds), stats.Confidence)
	hw := math.Max(s.Hi/s.Center-1, 1-s.Lo/s.Center)
	return noiseStats{center: s.Center, halfWidth: hw, spread: logSpread(vals), drift: theilSen(vals),
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

// theilSen is the median of the pairwise slopes of ln(vals) against their
// index, as a relative change per step: robust to a few outlying rounds.
func theilSen(vals []float64) float64 {
	var slopes []float64
	for i := range vals {
		for j := i + 1; j < len(vals); j++ {
			slopes = append(slopes, (math.Log(vals[j])-math.Log(vals[i]))/float64(j-i))
		}
	}
	if len(slopes) == 0 {
		return 0
	}
	return math.Expm1(median(slopes))
}
