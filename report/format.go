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

// fmtRatioCI writes a ratio with its interval, if it has one.
func fmtRatioCI(r stats.Ratio) string {
	if math.IsNaN(r.Lo) || math.IsInf(r.Lo, 0) || math.IsInf(r.Hi, 0) {
		return fmtRatio(r.Ratio)
	}
	return fmt.Sprintf("%s [%s, %s]", fmtRatio(r.Ratio), fmtRatio(r.Lo), fmtRatio(r.Hi))
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

// fmtValue is a summary in its unit: a count per op as a count, any other
// value as its median with its interval.
func fmtValue(s stats.Summary, unit string) string {
	if unit == "allocs/op" || unit == "B/op" {
		return fmtCount(s.Center)
	}
	return fmtSummary(s)
}

// fmtShare writes CPU nanoseconds per second as a share of one core.
func fmtShare(nsPerS float64) string {
	pct := nsPerS / 1e7
	switch {
	case pct >= 10:
		return fmt.Sprintf("%.0f%%", pct)
	case pct >= 0.1:
		return fmt.Sprintf("%.1f%%", pct)
	}
	return fmt.Sprintf("%.2f%%", pct)
}

// fmtUnits formats a count of the co-runners' chunks of work.
func fmtUnits(v float64) string { return fmt.Sprintf("%.3g", v) }

// fmtPercent formats a value that is already a percentage.
func fmtPercent(v float64) string { return fmt.Sprintf("%.3g%%", v) }

// modeLabel names a mode and capacity the way the pages do.
func modeLabel(mode string, capacity int) string {
	if mode == "roundtrip" {
		return "roundtrip"
	}
	return fmt.Sprintf("stream, cap %d", capacity)
}
