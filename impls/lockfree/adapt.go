package lockfree

import (
	"sync/atomic"
	"time"

	"golang.org/x/sys/cpu"
)

// An adapter is the Adaptive strategy's choice between Park and Spin, and
// the producer's measurements behind it. Neither strategy wins everywhere:
// spinning on two Ps pays where a cache line crosses cores faster than the
// scheduler parks and wakes a goroutine, and costs everything where the
// cores are busy, since a spinner holds a P that other goroutines, or the
// partner itself, would run on; parking keeps both sides taking turns on
// one P. So the producer times its own calls under each, side by side, and
// keeps the faster: the measure that decides is the one a caller sees, ns
// per op, whatever makes it (cross-core latency, other load, the handler's
// work). Ties go to parking, which burns no CPU while it waits.
//
// A choice holds for a time that doubles each time a new measurement
// confirms it (up to maxHold), and falls back to the shortest when the
// other wins: a steady Conn measures rarely, a changing
// one often. A spinning sample that has taken longer, its untimed calls
// included, than the whole parking sample stops there, so that under load
// a measurement of spinning costs about as much as one of parking.
type adapter struct {
	_ cpu.CacheLinePad
	// spin: both sides wait as Spin does; otherwise as Park does. The
	// producer writes it, at most once per sample; the consumer reads it
	// whenever it must wait.
	spin atomic.Bool
	_    cpu.CacheLinePad

	// The producer's own.
	phase  adaptPhase
	ops    uint64        // calls since the phase began
	began  time.Time     // when it began
	start  time.Time     // when its timing began: after warmCalls
	parkNS float64       // ns per call parking, in the current measurement
	hold   time.Duration // how long the current choice holds
	chose  bool          // the last choice was to spin
}

type adaptPhase uint8

const (
	holding      adaptPhase = iota // waiting as chosen, for hold calls
	sampleParked                   // timing sampleCalls calls parking
	sampleSpun                     // timing up to sampleCalls calls spinning
)

const (
	// sampleCalls is how many calls each side of a measurement times, and
	// warmCalls how many go before it untimed: the two sides move to Ps of
	// their own once they spin, and back to one once they park, within a
	// few microseconds, and those calls measure the move, not the way.
	sampleCalls = 1024
	warmCalls   = 256
	// clockEvery is how many calls go by between two looks at the clock.
	clockEvery = 64
	// minHold and maxHold bound how long a choice holds: long beside a
	// measurement (two samples of a 30 ns stream take some 40 µs, of a
	// 1 µs roundtrip some 2.5 ms), short beside a change of load.
	minHold = 20 * time.Millisecond
	maxHold = time.Second
	// spinMargin is how much faster spinning must be to be chosen.
	spinMargin = 0.9
)

func newAdapter() *adapter {
	a := &adapter{hold: minHold}
	a.begin(sampleParked)
	return a
}

func (a *adapter) begin(p adaptPhase) {
	a.phase, a.ops, a.began = p, 0, time.Now()
}

// tick counts one of the producer's calls, and moves the measurement on.
func (a *adapter) tick() {
	if a.ops++; a.ops%clockEvery != 0 {
		return
	}
	switch a.phase {
	case holding:
		if time.Since(a.began) >= a.hold {
			a.spin.Store(false)
			a.begin(sampleParked)
		}
	case sampleParked:
		if a.warm() {
			return
		}
		if n := a.ops - warmCalls; n >= sampleCalls {
			a.parkNS = float64(time.Since(a.start).Nanoseconds()) / float64(n)
			a.spin.Store(true)
			a.begin(sampleSpun)
		}
	case sampleSpun:
		// Spinning has lost once it took longer, warm-up and all, than
		// parking took for the whole sample: under load every spinning
		// call can cost a time slice, and the sample stops there.
		if time.Since(a.began).Nanoseconds() > int64(a.parkNS*sampleCalls) {
			a.choose(false)
			return
		}
		if a.warm() {
			return
		}
		if n := a.ops - warmCalls; n >= sampleCalls {
			a.choose(float64(time.Since(a.start).Nanoseconds())/float64(n) < spinMargin*a.parkNS)
		}
	}
}

// warm says whether the sample is still in its untimed calls, and starts
// the clock on the last of them.
func (a *adapter) warm() bool {
	switch {
	case a.ops < warmCalls:
		return true
	case a.ops == warmCalls:
		a.start = time.Now()
		return true
	}
	return false
}

// choose settles on spinning or parking for the next stretch of calls.
func (a *adapter) choose(spin bool) {
	if spin == a.chose {
		a.hold = min(2*a.hold, maxHold)
	} else {
		a.hold = minHold
	}
	a.chose = spin
	a.spin.Store(spin)
	a.begin(holding)
}
