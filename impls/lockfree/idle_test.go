package lockfree_test

import (
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/handoffbench/handoff"
	"github.com/handoffbench/handoff/impls/lockfree"
)

func processCPU(t *testing.T) time.Duration {
	var ru syscall.Rusage
	require.NoError(t, syscall.Getrusage(syscall.RUSAGE_SELF, &ru))
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestIdleConsumerParks: a consumer with nothing to do spins for a
// microsecond at most, then parks, so the process uses next to no CPU while
// it waits. A consumer that kept spinning would use a whole core; the bound
// here is a quarter of one, far from both.
func TestIdleConsumerParks(t *testing.T) {
	for _, w := range []lockfree.Wait{lockfree.SpinThenPark, lockfree.Park} {
		c, err := lockfree.OpenWait(func(v int) (int, error) { return v, nil }, handoff.Options{Capacity: 16}, w)
		require.NoError(t, err)
		_, err = c.Send(1) // the consumer has run and gone back to waiting
		require.NoError(t, err)
		time.Sleep(20 * time.Millisecond)
		const idle = 500 * time.Millisecond
		before := processCPU(t)
		time.Sleep(idle)
		used := processCPU(t) - before
		t.Logf("wait strategy %d: idle for %v, the process used %v of CPU (%.1f%% of a core)", w, idle, used, 100*float64(used)/float64(idle))
		require.Less(t, used, idle/4, "the idle consumer is burning a core")
		require.NoError(t, c.Close())
	}
}
