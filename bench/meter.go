package bench

import (
	"math"
	"runtime/metrics"
	"testing"
	"time"
)

// A meter brackets a benchmark's timed loop and reports what ns/op cannot
// show: CPU time beside wall time, mutex waits and scheduling delay. Its
// reads happen with the benchmark timer stopped, so they count neither in
// ns/op nor in allocs/op.
type meter struct {
	// wakeups: report wakeups/op, the goroutines made to run after
	// waiting per op.
	wakeups bool
	box     time.Duration // timeBox when the timed loop began
	start   time.Time     // when it began, if boxed
	cpu0    time.Duration
	samples [2]metrics.Sample
	mutex0  float64
	sched0  []uint64
}

const (
	mutexWaitMetric = "/sync/mutex/wait/total:seconds"
	schedMetric     = "/sched/latencies:seconds"
)

// startMeter resets the benchmark timer and starts it, with the meter's
// first reading taken just before.
func startMeter(b *testing.B) *meter {
	b.StopTimer()
	m := &meter{}
	m.samples[0].Name = mutexWaitMetric
	m.samples[1].Name = schedMetric
	metrics.Read(m.samples[:])
	m.mutex0 = m.samples[0].Value.Float64()
	m.sched0 = append([]uint64(nil), m.samples[1].Value.Float64Histogram().Counts...)
	m.cpu0 = processCPU()
	if activeLoad != nil {
		activeLoad.begin()
	} else if err := endLoad(); err != nil { // no Load case's load outlives it
		b.Error(err)
	}
	b.ResetTimer()
	b.StartTimer()
	// After testing's own start, so that a box over by this clock is over
	// by testing's too, which then takes the call for the last.
	if m.box = timeBox; m.box > 0 {
		m.start = time.Now()
	}
	return m
}

// boxChunk is how many ops a loop in a time box (timeBox) runs between
// two looks at the clock: a look is some tens of nanoseconds, an op under
// load at least some hundreds.
const boxChunk = 16

// ops is how many ops the timed loop is to do: b.N, or in a time box as
// many as it takes the box to pass.
func (m *meter) ops(b *testing.B) int {
	if m.box > 0 {
		return math.MaxInt
	}
	return b.N
}

// until is where a timed loop at op i next looks at its time box, short of
// the n ops it must do: n, without a box, so that the loop runs in one
// piece.
func (m *meter) until(i, n int) int {
	if m.box == 0 {
		return n
	}
	return min(i+boxChunk, n)
}

// over says whether the timed loop's box has passed.
func (m *meter) over() bool {
	return m.box > 0 && time.Since(m.start) >= m.box
}

// stop stops the benchmark timer and reports the metrics per op.
func (m *meter) stop(b *testing.B) {
	b.StopTimer()
	cpu := time.Duration(-1) // unknown
	if now := processCPU(); m.cpu0 >= 0 && now >= 0 {
		cpu = now - m.cpu0
	}
	if activeLoad != nil {
		activeLoad.end(cpu)
	}
	metrics.Read(m.samples[:])
	n := float64(b.N)
	if cpu >= 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/n, "cpu-ns/op")
	}
	b.ReportMetric((m.samples[0].Value.Float64()-m.mutex0)*1e9/n, "mutex-wait-ns/op")
	sched := m.samples[1].Value.Float64Histogram()
	mean, p99, runs := histDelta(sched, m.sched0)
	if m.wakeups {
		b.ReportMetric(schedSampling*float64(runs)/n, "wakeups/op")
	}
	b.ReportMetric(mean*1e9, "sched-mean-ns")
	b.ReportMetric(p99*1e9, "sched-p99-ns")
}

// schedSampling is how many of a goroutine's passes through the scheduler
// the runtime times for /sched/latencies:seconds: one in 8 (its
// gTrackingPeriod, the same from Go 1.17 to 1.26 at least). A pass is a
// goroutine made runnable, by a wake-up or a preemption, and then run, so
// the samples a run adds, times 8, estimate how many wake-ups it took.
const schedSampling = 8

// histDelta summarises the samples a runtime/metrics histogram gained since
// the counts before: their mean and 99th percentile, each bucket taken at
// its midpoint (at its finite edge for the open-ended ones), and how many
// there were. No samples: 0.
func histDelta(h *metrics.Float64Histogram, before []uint64) (mean, p99 float64, total uint64) {
	delta := make([]uint64, len(h.Counts))
	for i, c := range h.Counts {
		delta[i] = c - before[i]
		total += delta[i]
	}
	if total == 0 {
		return 0, 0, 0
	}
	mid := func(i int) float64 {
		lo, hi := h.Buckets[i], h.Buckets[i+1]
		switch {
		case math.IsInf(lo, -1):
			return hi
		case math.IsInf(hi, 1):
			return lo
		}
		return (lo + hi) / 2
	}
	var sum float64
	var seen uint64
	p99 = -1
	for i, d := range delta {
		sum += float64(d) * mid(i)
		if seen += d; p99 < 0 && float64(seen) >= 0.99*float64(total) {
			p99 = mid(i)
		}
	}
	return sum / float64(total), p99, total
}
