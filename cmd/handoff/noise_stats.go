package main

import (
	"slices"

	"github.com/handoffbench/handoff/stats"
)

// noiseStats summarise one benchmark's per-process values under one
// variant, in round order.
type noiseStats struct {
	center    float64 // the median
	halfWidth float64 // its 95% interval as ± of it (stats.Shape's Spread)
	spread    float64 // stats.LogSpread: a robust σ of ln(value), about the relative spread
	drift     float64 // stats.DriftPerRound
	low, high float64
}

func noiseSummary(vals []float64) noiseStats {
	if len(vals) == 0 {
		return noiseStats{}
	}
	sh := stats.ShapeOf(vals)
	return noiseStats{center: sh.Summary.Center, halfWidth: sh.Spread, spread: stats.LogSpread(vals), drift: stats.DriftPerRound(vals),
		low: slices.Min(vals), high: slices.Max(vals)}
}
