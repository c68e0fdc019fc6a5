package bench

import (
	"testing"
	"time"

	"github.com/handoffbench/handoff"
	"github.com/handoffbench/handoff/bench/matrix"
)

// idleSettle is how long an idle Conn is left before its cost is measured:
// twenty times the 50 µs every spinning row waits before it parks.
const idleSettle = time.Millisecond

// idleTick is one op of the Idle benchmark: 20 ms of idleness, long enough
// that the benchmark's own wake-ups cost a few hundredths of a percent.
const idleTick = 20 * time.Millisecond

// RunIdle measures what an open Conn burns while nobody uses it: one Send
// gets the consumer going, the Conn is left past its idle period, and then
// the process's CPU time is read across b.N ticks of sleep. It
// reports idle-cpu-ns/s, CPU nanoseconds per second of idleness (1e9 is a
// whole core); ns/op is the tick, 20 ms and the sleep's lateness.
// The process's own background work (sysmon, timers) is in the figure too,
// a few thousandths of a core, the same for every row.
func RunIdle(b *testing.B, c matrix.Case) {
	conn, err := implNamed(b, c.Impl).Open(func(v int) (int, error) { return v, nil }, handoff.Options{Capacity: c.Cap})
	if err != nil {
		b.Fatal(err)
	}
	if r, err := conn.Send(1); err != nil || r != 1 {
		b.Fatalf("Send(1) = %d, %v", r, err)
	}
	time.Sleep(idleSettle)
	b.ResetTimer()
	cpu0, wall0 := processCPU(), time.Now()
	for range b.N {
		time.Sleep(idleTick)
	}
	cpu, wall := processCPU()-cpu0, time.Since(wall0)
	b.StopTimer()
	if err := conn.Close(); err != nil {
		b.Fatalf("Close: %v", err)
	}
	if cpu0 >= 0 {
		b.ReportMetric(float64(cpu)/wall.Seconds(), "idle-cpu-ns/s")
	}
}
