package stats

import (
	"math"
	"math/rand/v2"
	"slices"
)

// The paired test: a sign-flip (randomisation) test, R. A. Fisher, "The
// Design of Experiments", 1935, §21, on a Huber score, with the family's
// error held by max-T (P. H. Westfall and S. S. Young, "Resampling-Based
// Multiple Testing", Wiley, 1993, §2.6: the single-step maxT adjustment).
//
// Why flipping is exact here: in every round the runner runs a unit's two
// arms back to back in an order it draws at random. If old and new are the
// same program, which of the two runs is labelled "new" is that coin toss
// and nothing else, so each dᵢ = ln(new/old) is as likely to have either
// sign, independently of its size and of every other unit's coin. Flipping
// the signs of a whole round — every benchmark of it together — therefore
// leaves the distribution of the data unchanged, and it keeps whatever the
// benchmarks of a round share (the machine's state then) intact. The rank of
// the observed statistic among its flips is an exact p-value, whatever the
// noise's shape, with no normal approximation; the smallest possible is
// 2⁻ⁿ for n rounds, however many benchmarks are tested, because the max-T
// adjustment compares each benchmark's statistic with the largest of all of
// them under each flip rather than multiplying p by the family's size.
//
// The statistic for benchmark j is the studentised Huber score at no
// change, Tⱼ = Σᵢ εᵢ wᵢⱼ / √(Σᵢ wᵢⱼ²) with wᵢⱼ = ψ(dᵢⱼ / zeroScaleⱼ): the
// weights depend on |dᵢⱼ| alone, so they are the same under every flip, and
// each flip costs one pass over the weights. With 2ⁿ no more than maxFlips
// every flip is enumerated; otherwise maxFlips are drawn at random, the
// identity among them, and p = (1 + #{flips at least as extreme})/(B) with
// the identity counted, which keeps the test exact (B. Phipson and G. K.
// Smyth, "Permutation p-values should never be zero", 2010).
//
// Cost: O(B·n·m) time for B flips, n rounds and m benchmarks, and O(B·n)
// memory for the flips.

// DefaultFlips is the number of random flips when 2ⁿ is more: the smallest
// p-value a test can then give is 1/DefaultFlips.
const DefaultFlips = 10000

// A flipSet is a set of sign vectors over n rounds, the identity first.
type flipSet struct {
	n     int
	b     int
	signs []float64 // b rows of n signs
	exact bool
}

// newFlips enumerates every flip of n rounds when there are at most max of
// them, else draws max of them from seed.
func newFlips(n, maxFlips int, seed uint64) *flipSet {
	f := &flipSet{n: n}
	if n < 31 && 1<<n <= maxFlips {
		f.b, f.exact = 1<<n, true
		f.signs = make([]float64, f.b*n)
		for mask := range f.b {
			for i := range n {
				f.signs[mask*n+i] = 1 - 2*float64(mask>>i&1)
			}
		}
		return f
	}
	f.b = maxFlips
	f.signs = make([]float64, f.b*n)
	r := rand.New(rand.NewPCG(seed, uint64(n)))
	for i := range n {
		f.signs[i] = 1
	}
	for k := n; k < len(f.signs); k++ {
		f.signs[k] = 1 - 2*float64(r.IntN(2))
	}
	return f
}

// sums are Σᵢ εᵢ wᵢ for every flip ε, w normalised to unit length (w has one
// entry per round of the set; zero where a benchmark lacks the round).
func (f *flipSet) sums(w []float64) []float64 {
	norm := 0.0
	for _, x := range w {
		norm += x * x
	}
	out := make([]float64, f.b)
	if norm == 0 {
		return out
	}
	norm = math.Sqrt(norm)
	for b := range f.b {
		row := f.signs[b*f.n : (b+1)*f.n]
		s := 0.0
		for i, x := range w {
			s += row[i] * x
		}
		out[b] = s / norm
	}
	return out
}

// maxT returns, for each weight vector, its observed statistic and its
// max-T adjusted one-sided p-value for a positive shift, with the largest
// statistic of each flip (for critical values).
func (f *flipSet) maxT(weights [][]float64) (t, p, maxes []float64) {
	maxes = make([]float64, f.b)
	for b := range maxes {
		maxes[b] = math.Inf(-1)
	}
	t = make([]float64, len(weights))
	for j, w := range weights {
		s := f.sums(w)
		t[j] = s[0]
		for b, x := range s {
			maxes[b] = max(maxes[b], x)
		}
	}
	p = make([]float64, len(weights))
	for j := range weights {
		n := 0
		for _, m := range maxes {
			// A relative tolerance, so that a flip that ties the observed
			// statistic counts, whatever the rounding of the sums.
			if m >= t[j]-1e-9*(1+math.Abs(t[j])) {
				n++
			}
		}
		p[j] = float64(n) / float64(f.b)
	}
	return t, p, maxes
}

// upperQuantile is the smallest c with #{x ≥ c} ≤ level·len(xs), so that
// a statistic beyond c has a flip p-value of at most level: +Inf when the
// flips are too few to reach level.
func upperQuantile(xs []float64, level float64) float64 {
	k := int(math.Floor(level * float64(len(xs)) * (1 + 1e-12)))
	if k < 1 {
		return math.Inf(1)
	}
	sorted := slices.Clone(xs)
	slices.Sort(sorted)
	// At most k values are strictly above sorted[len−k−1]: stepping just
	// past it is the threshold.
	return math.Nextafter(sorted[len(sorted)-k-1], math.Inf(1))
}

// shiftBound inverts the sign-flip test of the Huber score over shifts:
// the δ at which Σψ((dᵢ−δ)/s)/√Σψ² falls to −q (upper bound, sign +1) or
// rises to q (lower bound, sign −1), where q is the flips' one-sided
// critical value of the statistic at the estimate. ±Inf when no shift
// reaches it: n rounds cannot rule anything out at that level.
//
// This is the studentised sign-flip interval: the flip distribution is
// taken once, at the estimate, rather than afresh at every shift tried,
// which costs one set of flips instead of one per bisection step.
func shiftBound(d []float64, loc, s, q float64, sign float64) float64 {
	if math.IsInf(q, 1) || len(d) == 0 {
		return sign * math.Inf(1)
	}
	if s <= 0 {
		return loc
	}
	stat := func(delta float64) float64 {
		num, den := 0.0, 0.0
		for _, x := range d {
			u := psi((x - delta) / s)
			num += u
			den += u * u
		}
		if den == 0 {
			return 0
		}
		return sign * num / math.Sqrt(den)
	}
	// stat falls from about 0 at loc towards −√n far away on the side
	// the bound is on.
	spread := slices.Max(d) - slices.Min(d) + math.Abs(loc-d[0])
	far := loc + sign*(spread+2*huberK*s+s)
	if stat(far) > -q {
		return sign * math.Inf(1)
	}
	lo, hi := loc, far
	for range 100 {
		mid := (lo + hi) / 2
		if stat(mid) > -q {
			lo = mid
		} else {
			hi = mid
		}
		if math.Abs(hi-lo) <= 1e-9*s {
			break
		}
	}
	return hi
}
