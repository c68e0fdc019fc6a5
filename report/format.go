package report

import (
	"fmt"
	"math"

	"github.com/handoffbench/handoff/stats"
)

// fmtNS formats nanoseconds with a unit that keeps three significant
// digits. The PDF's fonts are cp1252, which has µ.
func fmtNS(v float64) string {
	switch a := math.Abs(v); {
	case a == 0:
		return "0"
	case a < 10:
		return fmt.Sprintf("%.2f ns", v)
	case a < 1000:
		return fmt.Sprintf("%.3g ns", v)
	case a < 1e6:
		return fmt.Sprintf("%.3g µs", v/1e3)
	case a < 1e9:
		return fmt.Sprintf("%.3g ms", v/1e6)
	}
	return fmt.Sprintf("%.3g s", v/1e9)
}

// fmtSummary is a median with its confidence interval as benchstat prints
// it: "394 ns ±12%", or "±∞" with too few values for an interval.
func fmtSummary(s stats.Summary) string {
	return fmtNS(s.Center) + " ±" + s.PctRangeString()
}

// fmtRatio is a ratio as "1.15×".
func fmtRatio(r float64) string {
	switch {
	case math.IsNaN(r) || math.IsInf(r, 0):
		return "–"
	case r >= 100:
		return fmt.Sprintf("%.0f×", r)
	case r >= 10:
		return fmt.Sprintf("%.1f×", r)
	case r > 0 && r < 0.01: // two digits that say something, not 0.00×
		return fmt.Sprintf("%.2g×", r)
	}
	return fmt.Sprintf("%.2f×", r)
}

// fmtCount formats a per-op count such as allocs/op.
func fmtCount(v float64) string {
	if v == math.Trunc(v) {
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%.2g", v)
}

// fmtP is a p-value as benchstat prints it.
func fmtP(p float64) string {
	if p < 0.001 {
		return "p<0.001"
	}
	return fmt.Sprintf("p=%.3f", p)
}

// modeLabel names a mode and capacity the way the pages do.
func modeLabel(mode string, capacity int) string {
	if mode == "roundtrip" {
		return "roundtrip"
	}
	return fmt.Sprintf("stream, cap %d", capacity)
}
