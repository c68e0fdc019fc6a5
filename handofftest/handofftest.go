// Package handofftest is the conformance suite for implementations of
// handoff.Conn, in the manner of golang.org/x/net/nettest.TestConn: an
// implementation's test is one call,
//
//	func TestConformance(t *testing.T) {
//		handofftest.Run(t, mypkg.Open[int, int], mypkg.Traits)
//	}
//
// Run checks each rule of the contract as its own subtest on a fresh Conn,
// with a watchdog that turns a deadlock into a failure with every
// goroutine's stack, and goleak to catch a goroutine that outlives Close.
// Sizes, capacities and the mix of Send and Put vary at random from one seed,
// printed on failure and set with -handofftest.seed to replay a run.
package handofftest

import (
	"flag"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"os"
	"runtime/pprof"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/handoffbench/handoff"
)

var (
	seedFlag = flag.Uint64("handofftest.seed", 0, "seed of the random sizes and capacities (0: a new one each run)")
	waitFlag = flag.Duration("handofftest.watchdog", time.Minute, "how long one subtest may run before it counts as deadlocked")
)

// A test is one row of the suite: the property it checks, the rule it
// comes from, and whether it applies to an implementation's traits.
type test struct {
	name    string
	rule    string
	applies func(handoff.Traits) bool // nil: always
	run     func(t *testing.T, s *suite)
}

// suite is what each test gets: the factory, the traits and its own
// random source.
type suite struct {
	open   handoff.OpenFunc[int, int]
	traits handoff.Traits
	rand   *rand.Rand
	seed   uint64 // the run's seed, for a crash to print
}

// Run checks that the Conns open makes keep every rule of handoff.Conn, and
// every claim of traits. Each rule is a subtest named after the property.
// Run calls open once or more per subtest and closes every Conn it opens;
// an error from open is a failure, except where a subtest passes bad input
// on purpose.
func Run(t *testing.T, open handoff.OpenFunc[int, int], traits handoff.Traits) {
	t.Helper()
	seed := *seedFlag
	if seed == 0 {
		seed = rand.Uint64()
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("handofftest: random seed %d; replay with -handofftest.seed=%d", seed, seed)
		}
	})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.applies != nil && !tt.applies(traits) {
				t.Skipf("not claimed by this implementation's traits %+v (%s)", traits, tt.rule)
			}
			// Cleanups run last-in first-out: the Conns that mustOpen
			// registered are closed, under the watchdog, before the leak check.
			ignore := goleak.IgnoreCurrent()
			t.Cleanup(func() {
				goleak.VerifyNone(t, ignore)
				if t.Failed() {
					failed.add(t.Name())
				}
			})
			t.Cleanup(watchdog(t.Name(), seed, *waitFlag))
			h := fnv.New64a()
			h.Write([]byte(tt.name))
			tt.run(t, &suite{open: open, traits: traits, rand: rand.New(rand.NewPCG(seed, h.Sum64())), seed: seed})
		})
	}
}

// failed lists the subtests that failed so far in this process, for the
// watchdog to name: its crash ends the process before their reports print.
var failed failures

type failures struct {
	sync.Mutex
	names []string
}

func (f *failures) add(name string) {
	f.Lock()
	defer f.Unlock()
	f.names = append(f.names, name)
}

// watchdog turns a subtest that runs longer than d into a crash that names
// it and prints every goroutine's stack: a deadlocked Conn cannot be failed
// from the test goroutine, which is the one stuck. It returns the disarm.
func watchdog(name string, seed uint64, d time.Duration) (stop func()) {
	timer := time.AfterFunc(d, func() {
		crash(name, seed, fmt.Sprintf("still running after %v: deadlocked?", d))
	})
	return func() { timer.Stop() }
}

// crash ends the process with why the subtest called name is stuck, the
// subtests that failed before it and every goroutine's stack.
func crash(name string, seed uint64, why string) {
	fmt.Fprintf(os.Stderr, "handofftest: %s %s (seed %d)\n", name, why, seed)
	failed.Lock()
	if len(failed.names) > 0 {
		fmt.Fprintf(os.Stderr, "handofftest: failed before it, their reports lost to this crash: %s\n", strings.Join(failed.names, ", "))
	}
	failed.Unlock()
	pprof.Lookup("goroutine").WriteTo(os.Stderr, 2)
	panic(fmt.Sprintf("handofftest: %s deadlocked", name))
}

// mustOpen opens a Conn and closes it when the test ends, whatever the test
// did with it; tests that check Close's result call it themselves first.
func (s *suite) mustOpen(t *testing.T, h handoff.Handler[int, int], capacity int) handoff.Conn[int, int] {
	t.Helper()
	c, err := s.open(h, handoff.Options{Capacity: capacity})
	if err != nil {
		t.Fatalf("Open(capacity %d): %v", capacity, err)
	}
	if c == nil {
		t.Fatalf("Open(capacity %d) returned a nil Conn and no error", capacity)
	}
	t.Cleanup(func() {
		defer func() { recover() }() // a panic already re-raised and checked
		c.Close()
	})
	return c
}

// capacity picks a capacity: the small ones where bugs live, or any.
func (s *suite) capacity() int {
	small := []int{0, 0, 1, 2, 3, 7, 16}
	if s.rand.IntN(4) == 0 {
		return s.rand.IntN(min(300, s.traits.MaxCapacity) + 1)
	}
	return min(small[s.rand.IntN(len(small))], s.traits.MaxCapacity)
}
