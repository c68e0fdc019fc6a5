package bench

import (
	"testing"
	"time"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"

	"github.com/handoffbench/handoff"
	"github.com/handoffbench/handoff/bench/matrix"
)

// RunLatency streams b.N time stamps through a measured row and reports the latency from the start of each Put to the handler, as
// ns/p50, ns/p99 and ns/p999. A full queue makes an item wait for the ones
// ahead of it, so this is the price of the throughput a larger capacity
// buys. ns/op includes reading the clock twice per item.
func RunLatency(b *testing.B, c matrix.Case) {
	base := time.Now()
	hist := hdrhistogram.New(1, int64(time.Minute), 3)
	t := tally{}
	// A stamp is an int, the one payload every row takes: nanoseconds since
	// base, within a 32-bit int's range for the first 2 s of a call.
	conn, err := implNamed(b, c.Impl).Open(func(stamp int) (int, error) {
		// Clamped to the histogram's range, which RecordValue would
		// otherwise refuse without a word.
		hist.RecordValue(min(max(int64(time.Since(base))-int64(stamp), 1), int64(time.Minute)))
		t.see(uint64(stamp))
		return stamp, nil
	}, handoff.Options{Capacity: c.Cap})
	if err != nil {
		b.Fatal(err)
	}
	var want uint64
	m := startMeter(b)
	for i, n := 0, m.ops(b); i < n; { // b.N ops, or a time box's worth (see timeBox)
		for end := m.until(i, n); i < end; i++ {
			stamp := int(time.Since(base))
			want += uint64(stamp)
			if err := conn.Put(stamp); err != nil {
				b.Fatalf("Put #%d: %v", i, err)
			}
		}
		if m.over() {
			n, b.N = i, i
		}
	}
	err = conn.Close()
	m.stop(b)
	if err != nil {
		b.Fatalf("Close: %v", err)
	}
	if err := t.check(b.N, want); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(hist.ValueAtQuantile(50)), "ns/p50")
	b.ReportMetric(float64(hist.ValueAtQuantile(99)), "ns/p99")
	b.ReportMetric(float64(hist.ValueAtQuantile(99.9)), "ns/p999")
}
