package stats

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// The causes a wide row's Reasons begin with, as Causes names them.
const (
	CauseTooFew   = "too few rounds"
	CauseDrift    = "drifting"
	CauseBimodal  = "bimodal"
	CauseOutliers = "outliers"
	CauseNoise    = "noisy, no pattern"
)

// Causes are the short names of Reasons, in the same order: nil for a row
// that is not wide.
func (sh Shape) Causes() []string {
	if !sh.Wide {
		return nil
	}
	var out []string
	for _, c := range []struct {
		found bool
		name  string
	}{{sh.TooFew, CauseTooFew}, {sh.Split != nil, CauseBimodal}, {sh.Drift != nil, CauseDrift}, {len(sh.Outliers) > 0, CauseOutliers}} {
		if c.found {
			out = append(out, c.name)
		}
	}
	if len(out) == 0 {
		out = append(out, CauseNoise)
	}
	return out
}

// Reasons say why the row's interval is wide, as the report prints them:
// each pattern found, or "noisy, no pattern" for a wide row without any;
// nil for a row that is not wide.
func (sh Shape) Reasons() []string {
	if !sh.Wide {
		return nil
	}
	var out []string
	if sh.TooFew {
		var what string
		switch lo, hi := sh.rankLo, sh.rankHi; {
		case math.IsInf(lo, 0) || math.IsInf(hi, 0):
			what = "benchmath gives the CI no finite end"
		case lo <= 1 && hi >= float64(sh.N):
			what = "the CI is the lowest round to the highest"
		case lo <= 1:
			what = "the CI starts at the lowest round"
		default:
			what = "the CI ends at the highest round"
		}
		out = append(out, fmt.Sprintf("%s: with %d, %s", CauseTooFew, sh.N, what))
	}
	if sp := sh.Split; sp != nil {
		if sp.Step > 0 {
			i := slices.Index(sh.Rounds, sp.Step)
			r := sp.Ratio // the rounds from the step on over those before it
			if sp.Low[0] != 0 {
				r = 1 / r
			}
			out = append(out, fmt.Sprintf("%s: a step after round %d: rounds %s at %.2f× rounds %s",
				CauseBimodal, sp.Step, span(sh.Rounds[i+1], sh.Rounds[sh.N-1]), r, span(sh.Rounds[0], sp.Step)))
		} else {
			out = append(out, fmt.Sprintf("%s: rounds %s at %.2f× the other %d", CauseBimodal, sh.roundList(sp.High), sp.Ratio, len(sp.Low)))
		}
	}
	if d := sh.Drift; d != nil {
		size := signedPct(d.PerRound) + " per round"
		if sp := sh.Split; len(d.Sides) == 2 && sp != nil && sp.Step > 0 {
			i := slices.Index(sh.Rounds, sp.Step)
			size = fmt.Sprintf("within the step's sides, rounds %s %s and rounds %s %s per round",
				span(sh.Rounds[0], sp.Step), signedPct(d.Sides[0]), span(sh.Rounds[i+1], sh.Rounds[sh.N-1]), signedPct(d.Sides[1]))
		}
		out = append(out, fmt.Sprintf("%s: %s (Kendall's tau %.2f, %s)", CauseDrift, size, d.Tau, pText(d.P)))
	}
	if len(sh.Outliers) > 0 {
		parts := make([]string, len(sh.Outliers))
		for i, o := range sh.Outliers {
			parts[i] = fmt.Sprintf("%d (%s)", sh.Rounds[o.Pos], signedPct(o.Ratio-1))
		}
		word := "round"
		if len(parts) > 1 {
			word = "rounds"
		}
		out = append(out, fmt.Sprintf("%s: %s %s of the median", CauseOutliers, word, strings.Join(parts, ", ")))
	}
	if len(out) == 0 {
		out = append(out, CauseNoise)
	}
	return out
}

// roundList names the rounds at positions idx: "2, 5, 9".
func (sh Shape) roundList(idx []int) string {
	parts := make([]string, len(idx))
	for i, j := range idx {
		parts[i] = fmt.Sprint(sh.Rounds[j])
	}
	return strings.Join(parts, ", ")
}

// span is "3–7", or "3" for one round.
func span(a, b int) string {
	if a == b {
		return fmt.Sprint(a)
	}
	return fmt.Sprintf("%d–%d", a, b)
}

// pText is a p-value as the report prints it: "p=0.004", "p<0.001".
func pText(p float64) string {
	if p < 0.001 {
		return "p<0.001"
	}
	return fmt.Sprintf("p=%.3f", p)
}

// signedPct is a change as "+3.1%" or "-4.0%" (an ASCII minus: the PDF's
// cp1252 has no U+2212), and one that rounds to nothing as "0.0%".
func signedPct(f float64) string {
	if math.Abs(100*f) < 0.05 {
		return "0.0%"
	}
	return fmt.Sprintf("%+.1f%%", 100*f)
}
