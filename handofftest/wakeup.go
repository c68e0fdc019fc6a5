package handofftest

import (
	"flag"
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"
	"time"
)

var huntFlag = flag.Duration("handofftest.hunt", 250*time.Millisecond, "how long LostWakeup hunts for a lost wake-up; longer finds rarer ones")

// testLostWakeup hunts lost wake-ups. A side that must wait sets a parked
// flag, looks once more for the other side's change, and parks; the other
// side publishes its change, then wakes it if the flag is set. Without the
// second look, a change published between the waiter's last look and its
// flag goes unannounced, and the waiter sleeps with work to do. The window
// is a few instructions wide, and only open while both sides run at once,
// which the runtime rarely lets a ping-pong do: it runs a goroutine it has
// just woken next on the waker's P.
//
// So the test runs both sides at GOMAXPROCS ≥ 2 through many short
// park/wake cycles: runs of Puts, which keep the producer on its P while
// another takes the consumer, at capacities small enough that the producer
// waits too, and a Send now and then, after which the producer waits with
// nothing left to publish — where a lost wake-up becomes a hang. Before
// each call and in the handler, each side pauses at random: mostly not at
// all, often a spin of up to a microsecond, sometimes a longer one or a
// yield, so that their waits drift across each other's publishes.
//
// It hunts for -handofftest.hunt, in rounds of a fresh Conn each. A hang
// shows as a stall: a call takes microseconds, so one that has not
// returned in a sixth of the watchdog's time crashes the test, as the
// watchdog would, saying which side was never woken.
func testLostWakeup(t *testing.T, s *suite) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(max(2, runtime.GOMAXPROCS(0))))
	const items = 2000 // per round
	capacities := []int{0, 0, 1, 2, 3, 7, 16}
	perMicro := spinsPerMicrosecond()
	end := time.Now().Add(*huntFlag)
	for round := 0; round == 0 || time.Now().Before(end); round++ {
		capacity := min(capacities[s.rand.IntN(len(capacities))], s.traits.MaxCapacity)
		handler := make([]pause, items) // drawn here: the handler must not share s.rand
		for i := range handler {
			handler[i] = drawPause(s.rand.IntN, perMicro, false)
		}
		r := &recorder{before: func(v int) { handler[v].wait() }}
		c := s.mustOpen(t, r.handle, capacity)
		var calls progress
		stop := s.stallAlarm(t, func() string { return calls.report(capacity, r.done.Load()) })
		for v := range items {
			drawPause(s.rand.IntN, perMicro, true).wait()
			send := s.rand.IntN(6) == 0
			calls.start(v, send)
			var err error
			got := reply(v) // what a Put must leave unchanged
			if send {
				got, err = c.Send(v)
			} else {
				err = c.Put(v)
			}
			if err != nil || got != reply(v) {
				stop()
				t.Fatalf("round %d, capacity %d: call %d returned %d, %v; want %d, nil", round, capacity, v, got, err, reply(v))
			}
			calls.done()
		}
		calls.start(items, false)
		calls.closing.Store(true)
		err := c.Close()
		stop()
		if err != nil {
			t.Fatalf("round %d, capacity %d: Close: %v", round, capacity, err)
		}
		if err := r.check(count(items)); err != nil {
			t.Fatalf("round %d, capacity %d: %v", round, capacity, err)
		}
	}
}

// progress is the producer's call under way, for a stall report to read
// from another goroutine.
type progress struct {
	call    atomic.Int64 // 1 + the item of the call under way; 0 between calls
	send    atomic.Bool  // the call is a Send
	closing atomic.Bool  // the call is Close
}

func (p *progress) start(v int, send bool) { p.send.Store(send); p.call.Store(int64(v + 1)) }
func (p *progress) done()                  { p.call.Store(0) }

// report says where the producer stopped and which side that implicates,
// given the items the handler has finished. A stall lasts seconds, so an
// item handed over but not handled means a consumer asleep with work.
func (p *progress) report(capacity int, done int64) string {
	call := p.call.Load()
	if call == 0 {
		return fmt.Sprintf("capacity %d: the producer is between calls, %d items handled", capacity, done)
	}
	v := call - 1
	if p.closing.Load() {
		return fmt.Sprintf("capacity %d: Close has not returned, with %d of %d items handled: a lost wake-up of the consumer", capacity, done, v)
	}
	op := "Put"
	if p.send.Load() {
		op = "Send"
	}
	switch {
	case done > v:
		return fmt.Sprintf("capacity %d: the handler finished item %d, but Send(%d) has not returned: a lost wake-up of the producer, waiting for the reply", capacity, v, v)
	case done < v:
		return fmt.Sprintf("capacity %d: %s(%d) has not returned, and the consumer is idle with the %d items put before it (%d to %d) unhandled: a lost wake-up of the consumer", capacity, op, v, v-done, done, v-1)
	case op == "Put":
		return fmt.Sprintf("capacity %d: Put(%d) has not returned, though every item before it is handled: a lost wake-up of the producer, waiting for room", capacity, v)
	}
	return fmt.Sprintf("capacity %d: Send(%d) has not returned, and the consumer, done with every item before it, has not handled it: a lost wake-up of the consumer, or of the producer waiting for room to hand it over", capacity, v)
}

// stallAlarm watches a test whose steps each take microseconds: if report's
// answer has not changed in a sixth of the watchdog's time, it crashes the
// process as the watchdog does, with that answer, since the test cannot be
// failed from its own goroutine, the one stuck. stop disarms it and waits
// for it to exit, so that goleak does not see it; calling it again does
// nothing.
func (s *suite) stallAlarm(t *testing.T, report func() string) (stop func()) {
	limit := *waitFlag / 6
	quit, exited := make(chan struct{}), make(chan struct{})
	name := t.Name()
	go func() {
		defer close(exited)
		tick := time.NewTicker(max(min(limit/10, 100*time.Millisecond), time.Millisecond))
		defer tick.Stop()
		last, since := report(), time.Now()
		for {
			select {
			case <-quit:
				return
			case <-tick.C:
			}
			if now := report(); now != last {
				last, since = now, time.Now()
			} else if time.Since(since) > limit {
				crash(name, s.seed, fmt.Sprintf("no progress in %v: %s", limit, now))
			}
		}
	}()
	stopped := false
	return func() {
		if !stopped {
			stopped = true
			close(quit)
			<-exited
		}
	}
}

// A pause is how long a side waits before its next step: spins of a busy
// loop, or, if yield, a runtime.Gosched.
type pause struct {
	spins int
	yield bool
}

// drawPause draws a pause with intn: mostly none, often a spin of up to a
// microsecond (perMicro spins), which moves one side's wait across the
// other's publish, and sometimes a spin of up to 20 µs, which lets another
// P take the goroutine just woken; the producer also yields now and then.
func drawPause(intn func(int) int, perMicro int, producer bool) pause {
	switch x := intn(100); {
	case x < 70:
		return pause{}
	case x < 93:
		return pause{spins: intn(perMicro + 1)}
	case x < 97 || !producer:
		return pause{spins: perMicro + intn(20*perMicro)}
	}
	return pause{yield: true}
}

func (p pause) wait() {
	if p.yield {
		runtime.Gosched()
	}
	spin(p.spins)
}

// spin busy-waits for n turns of a loop; KeepAlive keeps the compiler from
// dropping it.
func spin(n int) {
	x := 0
	for i := range n {
		x += i ^ x>>3
	}
	runtime.KeepAlive(x)
}

var spinRate atomic.Int64

// spinsPerMicrosecond measures, once per process, how many turns of spin
// take a microsecond here.
func spinsPerMicrosecond() int {
	if n := spinRate.Load(); n > 0 {
		return int(n)
	}
	const n = 1 << 20
	start := time.Now()
	spin(n)
	per := max(1, int(n*int64(time.Microsecond)/max(int64(time.Since(start)), 1)))
	spinRate.Store(int64(per))
	return per
}
