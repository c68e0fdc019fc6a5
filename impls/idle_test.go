package impls_test

import (
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/handoffbench/handoff"
	"github.com/handoffbench/handoff/impls"
	"github.com/handoffbench/handoff/resultfmt"
)

func processCPU(t *testing.T) time.Duration {
	var ru syscall.Rusage
	require.NoError(t, syscall.Getrusage(syscall.RUSAGE_SELF, &ru))
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestIdleConnBurnsNothing: once its idle period (50 µs for the spinning
// rows) has passed, an open Conn that nobody uses costs at most 1% of a
// core, measured as the process's CPU time, not by the wall clock. Rows
// that wait by yielding in a loop (workiva-ring's own Get) never park and
// are only logged: what they burn is what the report's idle chart shows.
func TestIdleConnBurnsNothing(t *testing.T) {
	const idle = 300 * time.Millisecond
	for _, im := range impls.All {
		if !im.CrossesThreads() {
			continue
		}
		t.Run(im.Name, func(t *testing.T) {
			c, err := impls.Open(im.Name, func(v int) (int, error) { return v, nil }, handoff.Options{Capacity: 16})
			require.NoError(t, err)
			defer func() { require.NoError(t, c.Close()) }()
			_, err = c.Send(1) // the consumer has run and gone back to waiting
			require.NoError(t, err)
			time.Sleep(20 * time.Millisecond) // past every idle period
			before := processCPU(t)
			time.Sleep(idle)
			used := processCPU(t) - before
			share := float64(used) / float64(idle)
			t.Logf("%s (%s): idle for %v, the process used %v of CPU (%.2f%% of a core)", im.Name, im.Wait, idle, used, 100*share)
			if im.Wait == resultfmt.WaitYield {
				return
			}
			require.LessOrEqual(t, share, 0.01, "%s burns CPU while idle", im.Name)
		})
	}
}
