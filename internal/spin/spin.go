// Package spin is the busy-waiting that the spinning wait strategies and
// floors share: look at a condition in a tight loop, without the scheduler,
// for as long as the other side is expected to be busy.
//
// Spinning only pays while the other side runs on another P. With one P
// (GOMAXPROCS=1) it would only delay the side it waits for, so Until then
// yields the P at every look instead: each wait is a trip through the
// scheduler, but no core burns.
//
// Go runs a goroutine woken by a channel send on the waker's own P next
// (runnext), and an idle P's thread steals it from there only after a few
// microseconds. A waiter that parks at once, or yields, keeps both sides on
// one P, and they stay there; one that spins longer than the steal lets the
// woken side move to the idle P, after which both spin on their own Ps and
// neither parks again while the work flows. Until therefore spins for a
// whole idle period (tens of microseconds), never for a count of looks.
package spin

import (
	"runtime"
	"sync/atomic"
	"time"
)

// Idle is how long the project's Spin strategy spins with nothing
// arriving before it parks, for every row that uses it (lockfree-spin,
// mutexqueue-spin, the xsync rows), so that they differ in their
// synchronisation alone: long enough to span the runtime's move of a woken
// goroutine to an idle P (a few microseconds to some tens), short enough
// that an idle Conn costs next to nothing.
const Idle = 50 * time.Microsecond

// clockEvery is how many looks Until takes between two reads of the clock:
// a look is a few nanoseconds, a clock read some tens.
const clockEvery = 256

// Until looks at ready until it returns true or idle has passed without it,
// and says which. With yield, it gives up the P between looks (runtime.
// Gosched), for a single P where the other side cannot run while it spins.
func Until(ready func() bool, idle time.Duration, yield bool) bool {
	if ready() {
		return true
	}
	start := time.Now()
	for {
		for range clockEvery {
			if yield {
				runtime.Gosched()
			}
			if ready() {
				return true
			}
		}
		if time.Since(start) >= idle {
			return false
		}
	}
}

// Yield says whether Until should yield rather than spin: with a single P,
// spinning would hold off the very goroutine it waits for. Read it once,
// when a Conn opens: runtime.GOMAXPROCS takes a lock.
func Yield() bool { return runtime.GOMAXPROCS(0) == 1 }

// Pause busies the core for n steps of a dependent multiply-add, about a
// nanosecond each, without touching memory another core writes: a wait
// that leaves the other side's cache lines alone.
func Pause(n int) {
	x := uint64(n)
	for range n {
		x = x*6364136223846793005 + 1442695040888963407
	}
	sink.Store(x)
}

// sink keeps Pause's chain from being optimised away.
var sink atomic.Uint64
