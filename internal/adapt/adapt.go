// Package adapt is the adaptive wait of the project's rows (lockfree's
// Adaptive, and the xsync-spsc row's through queueconn): whether a waiting
// side should spin or park, learnt by the one producer as the Conn runs.
package adapt

import (
	"sync/atomic"
	"time"

	"golang.org/x/sys/cpu"
)

// An Adapter is the adaptive wait's choice between parking and spinning, and
// the producer's measurements behind it. Neither strategy wins everywhere:
// spinning on two Ps pays where a cache line crosses cores faster than the
// scheduler parks and wakes a goroutine, and costs everything where the
// cores are busy, since a spinner holds a P that other goroutines, or the
// partner itself, would run on; parking keeps both sides taking turns on
// one P. So the adapter learns from two things, as glibc's adaptive mutex
// and HotSpot's monitors learn from whether their last spins succeeded:
//
//   - Whether a spin found its partner. A producer's spin that runs out
//     (spin.Idle with nothing arriving) is a miss: the consumer was not
//     running, or its handler takes longer than a park and a wake-up cost.
//     Either way spinning wasted a whole idle period. More than
//     missesAllowed misses end a spinning sample as lost, and one miss ends
//     a stretch of spinning at once, so that a busy machine costs a few idle
//     periods per measurement rather than one per call.
//   - Which way moves the producer's calls faster. The producer times its
//     calls parking, then spinning, side by side, and keeps the faster: the
//     measure that decides is the one a caller sees, ns per op, whatever
//     makes it (cross-core latency, other load, the handler's work, the
//     producer's own). Spinning must be spinMargin faster to be chosen:
//     ties go to parking, which burns no CPU while it waits.
//
// A sample is timed, not counted: sampleFor of calls after warmFor of
// untimed ones (the two sides move to Ps of their own once they spin, and
// back to one once they park, within some microseconds, and those calls
// measure the move, not the way), whatever a call costs, so a stream of
// 20 ns Puts and a 1 µs roundtrip are measured alike. A choice holds for a
// time that doubles each time a new measurement confirms it (minHold up to
// maxHold), and falls back to minHold when the other wins or a spin
// misses: a steady Conn measures rarely, a changing one often. A
// measurement costs about 2 × (warmFor + sampleFor) of calls, some of them
// in the slower way.
type Adapter struct {
	_ cpu.CacheLinePad
	// spin: both sides spin before they park; otherwise they park at
	// once. The producer writes it, at most once per phase; the consumer
	// reads it (Spin) whenever it must wait.
	spin atomic.Bool
	_    cpu.CacheLinePad

	// The producer's own.
	now    func() time.Time // the clock: time.Now, or a test's
	phase  adaptPhase
	began  time.Time     // when the phase began
	timed  bool          // the sample's warm-up is over: timing from start
	start  time.Time     // when the sample's timing began
	from   uint64        // the producer's calls when it began
	misses int           // spins that ran out in this spinning sample
	parkNS float64       // ns per call parking, in the current measurement
	hold   time.Duration // how long the current choice holds
	chose  bool          // the last choice was to spin
}

type adaptPhase uint8

const (
	holding      adaptPhase = iota // waiting as chosen, for hold
	sampleParked                   // timing calls parking
	sampleSpun                     // timing calls spinning
)

const (
	// warmFor is how long a sample's untimed calls last, and sampleFor
	// its timed ones.
	warmFor   = 100 * time.Microsecond
	sampleFor = 400 * time.Microsecond
	// sampleClockEvery is how many calls go by between two looks at the
	// clock in a sample, and holdClockEvery while a choice holds: a look
	// costs some tens of nanoseconds, and a sample's calls can be slow.
	sampleClockEvery = 8
	holdClockEvery   = 64
	// minHold and maxHold bound how long a choice holds: long beside a
	// measurement, short beside a change of load.
	minHold = 20 * time.Millisecond
	maxHold = time.Second
	// spinMargin is how much faster spinning must be to be chosen.
	spinMargin = 0.9
	// missesAllowed is how many spins may run out in a spinning sample
	// before it is lost: the first wake-up of a parked consumer can take
	// longer than spin.Idle to move it to an idle P.
	missesAllowed = 2
)

// New starts measuring, parking first; the producer has made no call
// yet. now is the clock: time.Now, or a test's.
func New(now func() time.Time) *Adapter {
	a := &Adapter{now: now, hold: minHold}
	a.begin(sampleParked, 0)
	return a
}

func (a *Adapter) begin(p adaptPhase, calls uint64) {
	a.phase, a.began, a.timed, a.misses = p, a.now(), false, 0
	a.from = calls
}

// Spin says whether a side that must wait should spin first (for the
// project's spin.Idle) rather than park at once.
func (a *Adapter) Spin() bool { return a.spin.Load() }

// Step is the producer's look at the clock, once in sampleClockEvery or
// holdClockEvery calls, which keeps the count of calls between looks out
// of the adapter and in the producer's own index: calls is how many calls
// it has made in all. It returns the count at which it looks next.
func (a *Adapter) Step(calls uint64) uint64 {
	now := a.now()
	switch a.phase {
	case holding:
		if now.Sub(a.began) >= a.hold {
			a.spin.Store(false)
			a.begin(sampleParked, calls)
		}
	case sampleParked:
		if ns, ok := a.sampled(now, calls); ok {
			a.parkNS = ns
			a.spin.Store(true)
			a.begin(sampleSpun, calls)
		}
	case sampleSpun:
		if ns, ok := a.sampled(now, calls); ok {
			a.choose(ns < spinMargin*a.parkNS, calls)
		}
	}
	if a.phase == holding {
		return calls + holdClockEvery
	}
	return calls + sampleClockEvery
}

// sampled says, once the sample's warm-up and timing are over, the ns per
// call it measured.
func (a *Adapter) sampled(now time.Time, calls uint64) (float64, bool) {
	if !a.timed {
		if now.Sub(a.began) >= warmFor {
			a.timed, a.start, a.from = true, now, calls
		}
		return 0, false
	}
	d := now.Sub(a.start)
	if d < sampleFor || calls == a.from {
		return 0, false
	}
	return float64(d.Nanoseconds()) / float64(calls-a.from), true
}

// Missed records a producer's spin that ran out without its partner,
// after calls calls.
func (a *Adapter) Missed(calls uint64) {
	switch {
	case a.phase == sampleSpun:
		if a.misses++; a.misses > missesAllowed {
			a.choose(false, calls)
		}
	case a.phase == holding && a.chose:
		// Spinning stopped paying: park, and measure again after the
		// shortest hold.
		a.chose, a.hold = false, minHold
		a.spin.Store(false)
		a.begin(holding, calls)
	}
}

// choose settles on spinning or parking for the next stretch of calls: a
// choice the last one confirms holds twice as long, up to maxHold; a
// change holds minHold.
func (a *Adapter) choose(spin bool, calls uint64) {
	if spin == a.chose {
		a.hold = min(2*a.hold, maxHold)
	} else {
		a.hold = minHold
	}
	a.chose = spin
	a.spin.Store(spin)
	a.begin(holding, calls)
}
