package handofftest

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/handoffbench/handoff"
)

func concurrent(tr handoff.Traits) bool     { return tr.ConcurrentProducers }
func detectsReentry(tr handoff.Traits) bool { return tr.DetectsReentry }

// tests is the suite, one row per property of handoff.Conn.
var tests = []test{
	{"Order", "rule 1: items handled one at a time, in call order, each exactly once", nil, testOrder},
	{"SendReply", "rule 2: Send returns the handler's reply for its own item", nil, testSendReply},
	{"SendAfterPut", "rule 2: every item Put before a Send is handled when it returns", nil, testSendAfterPut},
	{"CapacityBound", "rule 3: at most Capacity+1 put items unhandled, the handler stalled", nil, testCapacityBound},
	{"CapacityBoundMoving", "rule 3: at most Capacity+1 put items unhandled, the handler moving", nil, testCapacityBoundMoving},
	{"CloseHandlesPut", "rule 4: Close handles every item put before it", nil, testCloseHandlesPut},
	{"CloseIdempotent", "rule 4: a second Close returns what the first did", nil, testCloseIdempotent},
	{"UseAfterClose", "rule 4: Send and Put after Close return ErrClosed and handle nothing", nil, testUseAfterClose},
	{"HandlerError", "rule 5: the failing Send returns the error, the Conn ends, Close wraps it", nil, testHandlerError},
	{"HandlerErrorUnhandled", "rule 5: Close counts the put items never handled", nil, testHandlerErrorUnhandled},
	{"HandlerPanic", "rule 6: the Send of a panicking item re-raises the panic, Close reports it", nil, testHandlerPanic},
	{"HandlerPanicPut", "rule 6: exactly one later call re-raises a panic on a put item", nil, testHandlerPanicPut},
	{"BadInput", "rule 7: Open rejects a nil handler and a capacity out of range", nil, testBadInput},
	{"Reentrant", "rule 7: a handler calling its own Conn gets ErrReentrant", detectsReentry, testReentrant},
	{"OnProducerGoroutine", "Traits.OnProducerGoroutine: the handler runs on the calling goroutine", onProducerGoroutine, testOnProducerGoroutine},
	{"ZeroAlloc", "rule 8: Send and Put of an int allocate nothing in steady state", nil, testZeroAlloc},
	{"ConcurrentProducers", "rule 9: several producers at once, each one's items in its order", concurrent, testConcurrentProducers},
	{"CloseRacesProducers", "rule 9: a Put racing with Close is handled or refused, never lost", concurrent, testCloseRacesProducers},
	{"LostWakeup", "rules 2 to 4: no call waits for good because one side parked as the other published", nil, testLostWakeup},
	{"Model", "all rules: random scripts of calls and handler failures against the reference model", nil, testModel},
}

func testOrder(t *testing.T, s *suite) {
	for range 4 {
		capacity, n := s.capacity(), 1+s.rand.IntN(2000)
		r := &recorder{yield: true}
		c := s.mustOpen(t, r.handle, capacity)
		want := make([]int, n)
		for i := range n {
			want[i] = i
			var err error
			if s.rand.IntN(4) == 0 {
				_, err = c.Send(i)
			} else {
				err = c.Put(i)
			}
			if err != nil {
				t.Fatalf("capacity %d: call %d: %v", capacity, i, err)
			}
		}
		if err := c.Close(); err != nil {
			t.Fatalf("capacity %d: Close: %v", capacity, err)
		}
		if err := r.check(want); err != nil {
			t.Fatalf("capacity %d, %d items: %v", capacity, n, err)
		}
	}
}

func testSendReply(t *testing.T, s *suite) {
	r := &recorder{}
	capacity := s.capacity()
	c := s.mustOpen(t, r.handle, capacity)
	for i := range 500 {
		v := s.rand.IntN(1<<30) - 1<<29
		if i%2 == 1 {
			if err := c.Put(v); err != nil {
				t.Fatalf("Put(%d): %v", v, err)
			}
			continue
		}
		got, err := c.Send(v)
		if err != nil || got != reply(v) {
			t.Fatalf("capacity %d: Send(%d) = %d, %v; want %d, nil", capacity, v, got, err, reply(v))
		}
	}
}

func testSendAfterPut(t *testing.T, s *suite) {
	r := &recorder{yield: true}
	capacity := s.capacity()
	c := s.mustOpen(t, r.handle, capacity)
	n := 0
	for range 50 {
		for range s.rand.IntN(2*capacity + 3) {
			if err := c.Put(n); err != nil {
				t.Fatalf("Put(%d): %v", n, err)
			}
			n++
		}
		if _, err := c.Send(n); err != nil {
			t.Fatalf("Send(%d): %v", n, err)
		}
		n++
		if done := r.done.Load(); done != int64(n) {
			t.Fatalf("capacity %d: Send(%d) returned with %d items handled, want all %d", capacity, n-1, done, n)
		}
	}
}

func testCapacityBound(t *testing.T, s *suite) {
	for _, capacity := range []int{0, 1, 3, s.capacity()} {
		gate := make(chan struct{})
		r := &recorder{before: func(v int) {
			if v == 0 {
				<-gate
			}
		}}
		c := s.mustOpen(t, r.handle, capacity)
		var entered, returned atomic.Int64
		producer := make(chan error, 1)
		n := capacity + 3
		go func() { // Puts until the bound stops it, while item 0 holds the handler
			for i := range n {
				entered.Add(1)
				if err := c.Put(i); err != nil {
					producer <- fmt.Errorf("Put(%d): %v", i, err)
					return
				}
				returned.Add(1)
			}
			producer <- nil
		}()
		stalled := waitBlocked(&entered, &returned, producer)
		got := returned.Load()
		close(gate)
		if err := <-stalled; err != nil {
			t.Fatal(err)
		}
		if got > int64(capacity)+1 {
			t.Errorf("capacity %d: %d Puts returned while the handler held the first item; at most %d may", capacity, got, capacity+1)
		}
		if err := c.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}
		if err := r.check(count(n)); err != nil {
			t.Fatal(err)
		}
	}
}

// waitBlocked waits until the producer is done, or has stood inside a Put
// for 20 looks 5 ms apart with no Put returning, and returns a channel with
// the producer's result. A look that came late (the process, or this
// goroutine, did not run for a while) starts the count again: a stillness
// across it says nothing of the Conn, and a Conn that lets every Put through
// would pass if the machine froze while it ran.
func waitBlocked(entered, returned *atomic.Int64, producer chan error) chan error {
	const look, still = 5 * time.Millisecond, 20
	last, quiet, prev := returned.Load(), 0, time.Now()
	for quiet < still {
		select {
		case err := <-producer:
			producer <- err
			return producer
		case <-time.After(look):
		}
		now := time.Now()
		late := now.Sub(prev) > 10*look
		prev = now
		switch r := returned.Load(); {
		case r != last || late || entered.Load() != r+1:
			last, quiet = r, 0
		default:
			quiet++
		}
	}
	return producer
}

func count(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

func testCapacityBoundMoving(t *testing.T, s *suite) {
	for range 3 {
		capacity, n := s.capacity(), 3000
		r := &recorder{yield: true}
		c := s.mustOpen(t, r.handle, capacity)
		for i := range n {
			if err := c.Put(i); err != nil {
				t.Fatalf("Put(%d): %v", i, err)
			}
			// done only grows, so reading it late can hide a breach but
			// never invent one.
			if pending := int64(i+1) - r.done.Load(); pending > int64(capacity)+1 {
				t.Fatalf("capacity %d: after Put(%d) returned, %d put items were unhandled; at most %d may be", capacity, i, pending, capacity+1)
			}
		}
		if err := c.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}
		if err := r.check(count(n)); err != nil {
			t.Fatal(err)
		}
	}
}

func testCloseHandlesPut(t *testing.T, s *suite) {
	for range 10 {
		capacity := s.capacity()
		n := s.rand.IntN(capacity + 2)
		r := &recorder{yield: true}
		c := s.mustOpen(t, r.handle, capacity)
		for i := range n {
			if err := c.Put(i); err != nil {
				t.Fatalf("Put(%d): %v", i, err)
			}
		}
		if err := c.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}
		if err := r.check(count(n)); err != nil {
			t.Fatalf("capacity %d, Close right after %d Puts: %v", capacity, n, err)
		}
	}
}

func testCloseIdempotent(t *testing.T, s *suite) {
	r := &recorder{}
	c := s.mustOpen(t, r.handle, s.capacity())
	for i := range 3 {
		if err := c.Close(); err != nil {
			t.Fatalf("Close #%d of a healthy Conn: %v", i+1, err)
		}
	}
	boom := errors.New("boom")
	c = s.mustOpen(t, func(int) (int, error) { return 0, boom }, s.capacity())
	c.Put(1)
	first := c.Close()
	for i := range 2 {
		if err := c.Close(); err != first {
			t.Fatalf("Close #%d returned %v, the first %v", i+2, err, first)
		}
	}
}

func testUseAfterClose(t *testing.T, s *suite) {
	r := &recorder{}
	c := s.mustOpen(t, r.handle, s.capacity())
	c.Put(1)
	if _, err := c.Send(2); err != nil {
		t.Fatalf("Send: %v", err)
	}
	if err := c.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if _, err := c.Send(3); !errors.Is(err, handoff.ErrClosed) {
		t.Errorf("Send after Close: %v, want ErrClosed", err)
	}
	if err := c.Put(4); !errors.Is(err, handoff.ErrClosed) {
		t.Errorf("Put after Close: %v, want ErrClosed", err)
	}
	if err := r.check([]int{1, 2}); err != nil {
		t.Error(err)
	}
}

func testHandlerError(t *testing.T, s *suite) {
	boom := errors.New("boom")
	fail := s.rand.IntN(20)
	r := &recorder{}
	c := s.mustOpen(t, func(v int) (int, error) {
		out, _ := r.handle(v)
		if v == fail {
			return 0, boom
		}
		return out, nil
	}, s.capacity())
	for i := range fail {
		if _, err := c.Send(i); err != nil {
			t.Fatalf("Send(%d): %v", i, err)
		}
	}
	if _, err := c.Send(fail); !errors.Is(err, boom) || errors.Is(err, handoff.ErrClosed) {
		t.Fatalf("Send of the failing item returned %v, want the handler's error", err)
	}
	if _, err := c.Send(100); !errors.Is(err, handoff.ErrClosed) {
		t.Errorf("Send after the handler failed: %v, want ErrClosed", err)
	}
	if err := c.Put(101); !errors.Is(err, handoff.ErrClosed) {
		t.Errorf("Put after the handler failed: %v, want ErrClosed", err)
	}
	err := c.Close()
	var ce *handoff.ConsumerError
	switch {
	case !errors.As(err, &ce):
		t.Fatalf("Close returned %v (%T), want a *handoff.ConsumerError", err, err)
	case ce.Err != boom || !errors.Is(err, boom):
		t.Errorf("Close's ConsumerError wraps %v, want the handler's error", ce.Err)
	case ce.Unhandled != 0:
		t.Errorf("ConsumerError.Unhandled = %d, want 0: nothing was put", ce.Unhandled)
	}
	if again := c.Close(); again != err {
		t.Errorf("second Close returned %v, the first %v", again, err)
	}
	if err := r.check(count(fail + 1)); err != nil {
		t.Error(err)
	}
}

func testHandlerErrorUnhandled(t *testing.T, s *suite) {
	for range 20 {
		capacity := max(s.capacity(), 4)
		fail := s.rand.IntN(capacity)
		steps := make([]step, capacity+s.rand.IntN(capacity))
		for i := range steps {
			steps[i].Op = opPut
		}
		steps[fail].Fate = fateFail
		if err := (script{Capacity: capacity, Steps: steps}).Check(s.open, s.traits); err != nil {
			t.Fatal(err)
		}
	}
}

func testHandlerPanic(t *testing.T, s *suite) {
	fail := s.rand.IntN(10)
	var handled atomic.Int64
	c := s.mustOpen(t, func(v int) (int, error) {
		handled.Add(1)
		if v == fail {
			panic(panicValue{v})
		}
		return reply(v), nil
	}, s.capacity())
	for i := range fail {
		if res := send(c, i); res.err != nil || res.panicked {
			t.Fatalf("Send(%d): %v", i, res)
		}
	}
	if res := send(c, fail); !res.panicked || res.value != (panicValue{fail}) {
		t.Fatalf("Send of the panicking item: %v, want it to re-raise panic(%v)", res, panicValue{fail})
	}
	if res := send(c, 100); res.panicked || !errors.Is(res.err, handoff.ErrClosed) {
		t.Errorf("Send after the re-raised panic: %v, want ErrClosed", res)
	}
	if res := put(c, 101); res.panicked || !errors.Is(res.err, handoff.ErrClosed) {
		t.Errorf("Put after the re-raised panic: %v, want ErrClosed", res)
	}
	res := closeConn(c)
	var pe *handoff.PanicError
	switch {
	case res.panicked:
		t.Fatalf("Close re-raised the panic a second time")
	case !errors.As(res.err, &pe):
		t.Fatalf("Close returned %v, want an error carrying a *handoff.PanicError", res.err)
	case pe.Value != (panicValue{fail}):
		t.Errorf("PanicError.Value = %v, want %v", pe.Value, panicValue{fail})
	case !strings.Contains(string(pe.Stack), "handofftest.testHandlerPanic"):
		t.Errorf("PanicError.Stack does not show the handler:\n%s", pe.Stack)
	}
	if again := closeConn(c); again.panicked || again.err != res.err {
		t.Errorf("second Close: %v, the first returned %v", again, res)
	}
	if got := handled.Load(); got != int64(fail+1) {
		t.Errorf("handled %d items, want %d", got, fail+1)
	}
}

func testHandlerPanicPut(t *testing.T, s *suite) {
	for range 20 {
		capacity := s.capacity()
		steps := make([]step, 1+s.rand.IntN(2*capacity+4))
		for i := range steps {
			steps[i].Op = opPut
		}
		steps[s.rand.IntN(len(steps))].Fate = fatePanic
		if err := (script{Capacity: capacity, Steps: steps}).Check(s.open, s.traits); err != nil {
			t.Fatal(err)
		}
	}
}

func testBadInput(t *testing.T, s *suite) {
	ok := func(v int) (int, error) { return v, nil }
	cases := []struct {
		name string
		h    handoff.Handler[int, int]
		o    handoff.Options
	}{
		{"nil handler", nil, handoff.Options{}},
		{"negative capacity", ok, handoff.Options{Capacity: -1}},
		{"capacity math.MinInt", ok, handoff.Options{Capacity: math.MinInt}},
	}
	if s.traits.MaxCapacity < math.MaxInt {
		cases = append(cases, struct {
			name string
			h    handoff.Handler[int, int]
			o    handoff.Options
		}{"capacity above Traits.MaxCapacity", ok, handoff.Options{Capacity: s.traits.MaxCapacity + 1}})
	}
	for _, tc := range cases {
		c, err, panicked := tryOpen(s.open, tc.h, tc.o)
		switch {
		case panicked != nil:
			t.Errorf("Open with %s panicked: %v", tc.name, panicked)
		case !errors.Is(err, handoff.ErrInvalid):
			t.Errorf("Open with %s returned %v, want an error matching ErrInvalid", tc.name, err)
		case c != nil:
			t.Errorf("Open with %s returned a Conn beside its error", tc.name)
		}
	}
	c := s.mustOpen(t, ok, s.traits.MaxCapacity)
	for i := range 100 {
		if err := c.Put(i); err != nil {
			t.Fatalf("Put at Traits.MaxCapacity: %v", err)
		}
	}
	if err := c.Close(); err != nil {
		t.Fatalf("Close at Traits.MaxCapacity: %v", err)
	}
}

func tryOpen(open handoff.OpenFunc[int, int], h handoff.Handler[int, int], o handoff.Options) (c handoff.Conn[int, int], err error, panicked any) {
	defer func() { panicked = recover() }()
	c, err = open(h, o)
	if c != nil && err != nil {
		c.Close()
	}
	return c, err, nil
}

func testReentrant(t *testing.T, s *suite) {
	var c handoff.Conn[int, int]
	var got []result
	r := &recorder{}
	h := func(v int) (int, error) {
		out, _ := r.handle(v)
		if v == 1 {
			got = append(got, send(c, 100), put(c, 101), closeConn(c))
		}
		return out, nil
	}
	c = s.mustOpen(t, h, s.capacity())
	for i := range 3 {
		if _, err := c.Send(i); err != nil {
			t.Fatalf("Send(%d): %v", i, err)
		}
	}
	for k, name := range []string{"Send", "Put", "Close"} {
		if res := got[k]; res.panicked || !errors.Is(res.err, handoff.ErrReentrant) {
			t.Errorf("%s from inside the handler: %v, want ErrReentrant", name, res)
		}
	}
	if err := c.Close(); err != nil {
		t.Fatalf("Close after the reentrant calls: %v", err)
	}
	if err := r.check([]int{0, 1, 2}); err != nil {
		t.Error(err)
	}
}

// testZeroAlloc counts, over windows of n calls, the allocations the heap
// profile records. It leaves out the runtime refilling caches of its own
// (runtimeOwn: a Conn that parks now and then, on whichever P it runs,
// meets an empty sudog cache at random moments) and the suite's own
// reading of the profile. Now and then other work of the test process (the
// testing package's timers, the watchdog) lands in a window too; so a Conn
// passes if one of three windows is clean (allocWindows). A Conn that
// allocates even once in a few thousand calls allocates in every window,
// which testing.AllocsPerRun, rounding its average down, would hide.
func testZeroAlloc(t *testing.T, s *suite) {
	if s.traits.Allocates {
		testAllocates(t, s)
		return
	}
	var sum int
	h := func(v int) (int, error) { sum += v; return v, nil }
	c := s.mustOpen(t, h, s.capacity())
	// A batch of Puts and the Send that flushes it, at a capacity that
	// lets the Puts wait: the path a pure-Put or pure-Send window misses.
	batch := s.mustOpen(t, h, 4)
	const windows = 3
	n := 5000
	if testing.Short() {
		n = 2000 // a Conn that allocates once in 1000 calls still allocates in every window
	}
	// Profile every allocation from here; put the rate back however the
	// test ends, Fatalf included, or every later test of the binary runs
	// with each allocation profiled.
	rate := runtime.MemProfileRate
	runtime.MemProfileRate = 1
	defer func() { runtime.MemProfileRate = rate }()
	for _, call := range []struct {
		name string
		f    func(int) error
	}{
		{"Send", func(v int) error { _, err := c.Send(v); return err }},
		{"Put", c.Put},
		{"3 Puts and a Send", func(v int) error {
			for range 3 {
				if err := batch.Put(v); err != nil {
					return err
				}
			}
			_, err := batch.Send(v)
			return err
		}},
	} {
		// The warm-up grows the Conn's own pools and buffers, and lets the
		// runtime start the OS threads the Conn's goroutines want.
		warm := 4 * n
		if testing.Short() {
			warm = 2 * n // enough for the pools; the long run doubles as a soak
		}
		for i := range warm {
			if err := call.f(i); err != nil {
				t.Fatalf("%s(%d) in the warm-up: %v", call.name, i, err)
			}
		}
		var runtimeAllocs int64
		var blame []allocSite
		counts, clean, err := allocWindows(windows, func() (int64, error) {
			c.Send(0) // let the consumer catch up
			before := snapshotAllocs()
			for i := range n {
				if err := call.f(i); err != nil {
					return 0, fmt.Errorf("%s(%d): %v", call.name, i, err)
				}
			}
			c.Send(0)
			var count int64
			blame = blame[:0]
			for _, site := range snapshotAllocs().since(before) {
				switch {
				case site.snapshot:
				case site.runtime:
					runtimeAllocs += site.n
				default:
					count += site.n
					blame = append(blame, site)
				}
			}
			return count, nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if !clean {
			var sites strings.Builder
			for _, site := range blame {
				fmt.Fprintf(&sites, "\n\t%d allocation(s) at:%s", site.n, site.stack)
			}
			t.Errorf("every window of %d calls of %s allocated: %v allocations, want 0 (and %d more by the runtime for its own caches, not counted); the last window's sites:%s",
				n, call.name, counts, runtimeAllocs, sites.String())
		}
	}
}

// allocWindows measures up to windows windows, each with measure, which
// returns the allocations counted in one, and stops at the first clean
// (zero) one: clean says whether there was one. counts has a value per
// window measured.
func allocWindows(windows int, measure func() (int64, error)) (counts []int64, clean bool, err error) {
	for range windows {
		n, err := measure()
		if err != nil {
			return counts, false, err
		}
		if counts = append(counts, n); n == 0 {
			return counts, true, nil
		}
	}
	return counts, false, nil
}

func testConcurrentProducers(t *testing.T, s *suite) {
	producers, n := 2+s.rand.IntN(7), 500
	capacity := s.capacity()
	r := &recorder{yield: true}
	c := s.mustOpen(t, r.handle, capacity)
	var wg sync.WaitGroup
	errs := make(chan error, producers)
	for p := range producers {
		sends := s.rand.IntN(4) // each producer its own mix
		wg.Go(func() {
			for i := range n {
				v := p<<20 | i
				if i%4 < sends {
					if got, err := c.Send(v); err != nil || got != reply(v) {
						errs <- fmt.Errorf("producer %d: Send(%d) = %d, %v; want %d", p, v, got, err, reply(v))
						return
					}
				} else if err := c.Put(v); err != nil {
					errs <- fmt.Errorf("producer %d: Put(%d): %v", p, v, err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if err := c.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if r.overlap.Load() {
		t.Fatal("the handler ran concurrently with itself")
	}
	next := make([]int, producers)
	for _, v := range r.handled {
		p, i := v>>20, v&(1<<20-1)
		if i != next[p] {
			t.Fatalf("producer %d: handled item %d, want %d: its items lost, repeated or reordered", p, i, next[p])
		}
		next[p]++
	}
	for p, got := range next {
		if got != n {
			t.Errorf("producer %d: %d of its %d items handled", p, got, n)
		}
	}
}

// testCloseRacesProducers closes the Conn while several producers are in
// the middle of Sends and Puts, many times over, at a capacity that keeps
// them mid-call rather than queued: every item accepted must be handled,
// every item refused must not be, and nothing may hang. A race that loses
// an item only in a window of a few instructions shows in some rounds out
// of hundreds.
func testCloseRacesProducers(t *testing.T, s *suite) {
	// More Ps than cores: the OS then preempts producers at any
	// instruction, which widens a race window of a few instructions into
	// a time slice.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(8))
	for round := range 200 {
		producers, capacity := 2+s.rand.IntN(5), s.capacity()
		r := &recorder{yield: true}
		c := s.mustOpen(t, r.handle, capacity)
		accepted := make([][]int, producers) // per producer, the items whose call returned nil
		var wg sync.WaitGroup
		var calls atomic.Int64
		errs := make(chan error, producers)
		for p := range producers {
			sends := s.rand.IntN(5)
			wg.Go(func() {
				for i := 0; ; i++ {
					v := p<<20 | i
					var err error
					if i%5 < sends {
						_, err = c.Send(v)
					} else {
						err = c.Put(v)
					}
					calls.Add(1)
					if errors.Is(err, handoff.ErrClosed) {
						return
					}
					if err != nil {
						errs <- fmt.Errorf("producer %d: call %d: %v", p, i, err)
						return
					}
					accepted[p] = append(accepted[p], v)
				}
			})
		}
		// Close once every producer is under way, after a spin of a
		// random few microseconds.
		for calls.Load() < int64(2*producers) {
			runtime.Gosched()
		}
		if s.rand.IntN(2) == 0 {
			time.Sleep(time.Duration(s.rand.IntN(1000)) * time.Microsecond)
		} else {
			for spin, n := 0, s.rand.IntN(5000); spin < n; spin++ {
				calls.Load()
			}
		}
		if err := c.Close(); err != nil {
			t.Fatalf("round %d: Close: %v", round, err)
		}
		atClose := len(r.handled) // Close returned: the consumer is gone
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatalf("round %d: %v", round, err)
		}
		if len(r.handled) != atClose {
			t.Fatalf("round %d: %d items handled after Close returned", round, len(r.handled)-atClose)
		}
		handled := map[int]bool{}
		for _, v := range r.handled {
			handled[v] = true
		}
		for p, items := range accepted {
			for _, v := range items {
				if !handled[v] {
					t.Fatalf("round %d, capacity %d: producer %d: item %d was accepted (nil error) but never handled: lost", round, capacity, p, v&(1<<20-1))
				}
			}
			if got := countOf(r.handled, p); got != len(items) {
				t.Fatalf("round %d: producer %d: %d items handled, %d accepted: a refused item was handled", round, p, got, len(items))
			}
		}
	}
}

func countOf(handled []int, p int) int {
	n := 0
	for _, v := range handled {
		if v>>20 == p {
			n++
		}
	}
	return n
}

func testModel(t *testing.T, s *suite) {
	for range 300 {
		sc := randomScript(s.rand, 200, s.traits.MaxCapacity)
		if err := sc.Check(s.open, s.traits); err != nil {
			t.Fatal(err)
		}
	}
}
