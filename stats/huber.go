package stats

import (
	"math"
	"slices"
)

// The robust location the paired comparison estimates a change with: the
// Huber M-estimate (P. J. Huber, "Robust estimation of a location
// parameter", Annals of Mathematical Statistics 35, 1964; Huber and
// Ronchetti, "Robust Statistics", 2nd ed., 2009, ch. 3 and 6).
//
// δ̂ solves Σ ψ((dᵢ − δ)/s) = 0, with ψ(u) = max(−k, min(k, u)): a mean
// for the bulk of the values and a median for the tail, so that one run in
// ten landing 50% slow moves δ̂ by a bounded amount rather than by a tenth
// of 50%. k = 1.345 keeps 95% of the mean's efficiency on normal data
// (Holland and Welsch, 1977).
//
// The scale s is fixed before the location is solved for, and is chosen
// not to depend on the sign or the size of the change:
//   - madScale, 1.4826·median|dᵢ − median(d)|, for the estimate and its
//     interval: it is location-free, so a shifted sample has the same scale,
//     which is what inverting a test over shifts needs;
//   - zeroScale, 1.4826·median|dᵢ|, for the test of no change: a function of
//     |dᵢ| alone, so it is the same for every sign flip of the rounds, which
//     is what makes the flip test exact (see maxT).
//
// The cost is O(n log n) for the scale and a few O(n) passes for δ̂.

// huberK is ψ's clipping point in units of the scale.
const huberK = 1.345

// madToSigma makes a median absolute deviation estimate a normal σ.
const madToSigma = 1.482602218505602

// psi is Huber's ψ at u.
func psi(u float64) float64 { return max(-huberK, min(huberK, u)) }

// median of xs (which it reorders); NaN when empty.
func median(xs []float64) float64 {
	n := len(xs)
	if n == 0 {
		return math.NaN()
	}
	slices.Sort(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}

// madScale is 1.4826 times the median absolute deviation of d from its
// median; when more than half the values tie (quantised timings), the mean
// absolute deviation instead, so the scale is zero only when every value is
// the same.
func madScale(d []float64) float64 {
	m := median(slices.Clone(d))
	dev := make([]float64, len(d))
	for i, x := range d {
		dev[i] = math.Abs(x - m)
	}
	return positiveScale(dev)
}

// zeroScale is madScale about zero instead of about the median: it depends
// on |dᵢ| alone.
func zeroScale(d []float64) float64 {
	dev := make([]float64, len(d))
	for i, x := range d {
		dev[i] = math.Abs(x)
	}
	return positiveScale(dev)
}

func positiveScale(dev []float64) float64 {
	if s := madToSigma * median(slices.Clone(dev)); s > 0 {
		return s
	}
	mean := 0.0
	for _, x := range dev {
		mean += x
	}
	return math.Sqrt(math.Pi/2) * mean / float64(max(len(dev), 1))
}

// huber is the Huber M-estimate of the location of d at scale s, by
// iteratively reweighted means from the median; the median itself when s
// is 0 (every value the same).
func huber(d []float64, s float64) float64 {
	loc := median(slices.Clone(d))
	if s <= 0 || len(d) == 0 {
		return loc
	}
	for range 100 {
		// Newton's step on Σψ((d−δ)/s) = 0 with ψ' counted on the
		// unclipped values: the classic "modified residuals" iteration
		// (Huber and Ronchetti, §6.7), which converges from the median.
		sum, inside := 0.0, 0
		for _, x := range d {
			u := (x - loc) / s
			sum += psi(u)
			if math.Abs(u) <= huberK {
				inside++
			}
		}
		step := s * sum / float64(max(inside, 1))
		loc += step
		if math.Abs(step) <= 1e-10*s {
			break
		}
	}
	return loc
}

// huberSE is the asymptotic standard error of the Huber estimate loc of d
// at scale s: s·√(mean ψ²)/(mean ψ′)/√n (Huber and Ronchetti, §3.2).
func huberSE(d []float64, loc, s float64) float64 {
	n := float64(len(d))
	if n == 0 || s <= 0 {
		return 0
	}
	sq, inside := 0.0, 0.0
	for _, x := range d {
		u := psi((x - loc) / s)
		sq += u * u
		if math.Abs((x-loc)/s) <= huberK {
			inside++
		}
	}
	if inside == 0 {
		return math.Inf(1)
	}
	return s * math.Sqrt(sq/n) / (inside / n) / math.Sqrt(n)
}

// Median is the median of vals, which it leaves as they are; NaN when
// empty.
func Median(vals []float64) float64 { return median(slices.Clone(vals)) }

// LogSpread is madScale of ln(vals): for log-normal noise, a robust σ of
// the log, which is about the relative spread of the values (0.05: about
// ±5% for one standard deviation).
func LogSpread(vals []float64) float64 {
	logs := make([]float64, len(vals))
	for i, v := range vals {
		logs[i] = math.Log(v)
	}
	return madScale(logs)
}
