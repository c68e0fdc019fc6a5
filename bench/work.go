package bench

import "fmt"

// workIters is how many dependent multiply-adds make nominalNS of the
// matrix's work: 3 for every 4 ns, a step taking about four cycles on a
// current x86 core, so that work=100 is 75 steps, about 100 ns. The count
// is fixed, not calibrated, so every machine does the same work; what it
// costs there is the funccall floor at work=100, and for the pipeline's
// levels its overlap-limit floor.
func workIters(nominalNS int) int {
	if nominalNS < 0 {
		panic(fmt.Sprintf("bench: no work of %d ns", nominalNS))
	}
	return nominalNS * 3 / 4
}

// spin is the work: a linear congruential chain the compiler cannot fold or
// drop, as long as its result is kept.
func spin(x uint64, n int) uint64 {
	for range n {
		x = x*6364136223846793005 + 1442695040888963407
	}
	return x
}

// sink keeps the work's results alive past the timed loop.
var sink uint64

// A tally is the consumer side of every benchmark: it counts and sums what
// the handler sees and does the case's work on it.
type tally struct {
	iters   int
	handled int
	sum     uint64
	acc     uint64
}

func (t *tally) see(k uint64) {
	t.handled++
	t.sum += k
	if t.iters > 0 {
		t.acc = spin(t.acc^k, t.iters)
	}
}

// check is the validation after the timed loop: n items handed over with
// the keys summing to want, each handled exactly once. A benchmark that
// fails it must not report a number.
func (t *tally) check(n int, want uint64) error {
	sink += t.acc
	if t.handled != n || t.sum != want {
		return fmt.Errorf("handler saw %d items with checksum %d; %d were handed over with checksum %d: items lost, repeated or altered — no number reported", t.handled, t.sum, n, want)
	}
	return nil
}
