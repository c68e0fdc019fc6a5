package handofftest

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync/atomic"

	"github.com/handoffbench/handoff"
)

// A script is one producer's calls on a fresh Conn, and what the handler
// does with each item: the input of the Model subtest and of the fuzz
// target. The item of step i is i.
type script struct {
	Capacity int
	Steps    []step
}

// A step is one call and the fate of its item in the handler.
type step struct {
	Op   op
	Fate itemFate
}

// op is a call on the Conn.
type op uint8

const (
	opSend op = iota
	opPut
	opClose
)

// itemFate is what the handler does with an item.
type itemFate uint8

const (
	fateHandle itemFate = iota // reply 3v+1
	fateFail                   // return failure{v}
	fatePanic                  // panic(panicValue{v})
)

func (s step) String() string {
	op := [...]string{"Send", "Put", "Close"}[s.Op]
	if s.Op == opClose {
		return op
	}
	return op + [...]string{"", "!fail", "!panic"}[s.Fate]
}

func (sc script) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "capacity %d:", sc.Capacity)
	for i, s := range sc.Steps {
		fmt.Fprintf(&b, " %d:%v", i, s)
	}
	return b.String()
}

// scriptFromBytes decodes fuzz input: the first byte sets the capacity (up
// to maxCapacity), each further byte one step, mostly Puts and Sends, with
// rare failures, panics and Closes.
func scriptFromBytes(b []byte, maxCapacity int) script {
	var sc script
	if len(b) == 0 {
		return sc
	}
	sc.Capacity = min(int(b[0]%18), maxCapacity)
	for _, x := range b[1:] {
		s := step{Op: opPut}
		switch {
		case x&3 == 0:
			s.Op = opSend
		case x&0xF3 == 0xF3:
			s.Op = opClose
		}
		switch f := x >> 2; {
		case f == 0x3F:
			s.Fate = fatePanic
		case f&0xF == 0xE:
			s.Fate = fateFail
		}
		sc.Steps = append(sc.Steps, s)
	}
	return sc
}

// randomScript makes a script of up to n steps in which the handler fails
// or panics at most once in a while.
func randomScript(r *rand.Rand, n, maxCapacity int) script {
	sc := script{Capacity: min(r.IntN(20), maxCapacity)}
	for range 1 + r.IntN(n) {
		s := step{Op: opPut}
		switch x := r.IntN(100); {
		case x < 30:
			s.Op = opSend
		case x < 31:
			s.Op = opClose
		}
		switch x := r.IntN(200); {
		case x < 1:
			s.Fate = fatePanic
		case x < 3:
			s.Fate = fateFail
		}
		sc.Steps = append(sc.Steps, s)
	}
	return sc
}

// Check runs the script on a Conn from open, then Closes it twice, and
// compares everything it saw with the contract and the implementation's
// traits: the items handled, every reply, every error, every re-raised
// panic and Close's report. It returns nil or an error that lists the
// script and what broke.
func (sc script) Check(open handoff.OpenFunc[int, int], traits handoff.Traits) error {
	r := &recorder{}
	// during[v] is the step whose call was in progress when the handler
	// took item v: for a Synchronous implementation, the call that ran it.
	var current atomic.Int64
	current.Store(-1)
	during := make([]int64, len(sc.Steps))
	h := func(v int) (int, error) {
		during[v] = current.Load()
		out, _ := r.handle(v)
		switch sc.Steps[v].Fate {
		case fateFail:
			return 0, failure{v}
		case fatePanic:
			panic(panicValue{v})
		}
		return out, nil
	}
	c, err := open(h, handoff.Options{Capacity: sc.Capacity})
	if err != nil {
		return fmt.Errorf("%v: Open: %v", sc, err)
	}
	results := make([]result, len(sc.Steps))
	closeAt := -1 // the step of the first Close
	for i, s := range sc.Steps {
		current.Store(int64(i))
		switch s.Op {
		case opSend:
			results[i] = send(c, i)
		case opPut:
			results[i] = put(c, i)
		case opClose:
			results[i] = closeConn(c)
			if closeAt < 0 {
				closeAt = i
			}
		}
	}
	current.Store(-1)
	final := closeConn(c)
	again := closeConn(c)
	err = sc.judge(r, results, closeAt, final, again)
	if err == nil && traits.Synchronous {
		err = sc.judgeSynchronous(r, results, during)
	}
	if err != nil {
		var b strings.Builder
		fmt.Fprintf(&b, "%v\n  %v\n  handled: %v\n  results:", sc, err, r.handled)
		for i, res := range results {
			fmt.Fprintf(&b, "\n    %d %v: %v", i, sc.Steps[i], res)
		}
		fmt.Fprintf(&b, "\n    final Close: %v\n    second final Close: %v", final, again)
		return errors.New(b.String())
	}
	return nil
}

// judge is the reference model, written as checks over what was observed,
// since a goroutine-based Conn may accept or refuse a racing call either way.
func (sc script) judge(r *recorder, results []result, closeAt int, final, again result) error {
	if r.overlap.Load() {
		return errors.New("the handler ran concurrently with itself")
	}
	// The handled items: in call order, each once, none after the one that
	// ended the consumer.
	end := -1
	inH := map[int]bool{}
	for k, v := range r.handled {
		if v < 0 || v >= len(sc.Steps) || sc.Steps[v].Op == opClose {
			return fmt.Errorf("handled %d, which no Send or Put handed over", v)
		}
		if k > 0 && v <= r.handled[k-1] {
			return fmt.Errorf("handled %d after %d: out of order or twice", v, r.handled[k-1])
		}
		if end >= 0 {
			return fmt.Errorf("handled %d after %d ended the consumer", v, end)
		}
		inH[v] = true
		if sc.Steps[v].Fate != fateHandle {
			end = v
		}
	}

	reraised := 0
	observed := -1 // the first call that saw the Conn end
	unhandled := 0
	for i, res := range results {
		s := sc.Steps[i]
		if s.Op == opClose {
			continue
		}
		if observed >= 0 && !errors.Is(res.err, handoff.ErrClosed) {
			return fmt.Errorf("step %d: %v after step %d saw the Conn end; want ErrClosed", i, res, observed)
		}
		switch {
		case res.panicked:
			reraised++
			if end < 0 || res.value != (panicValue{end}) {
				return fmt.Errorf("step %d re-raised %v, but the handler did not panic so", i, res.value)
			}
			if inH[i] && i != end {
				return fmt.Errorf("step %d re-raised the panic of item %d, yet its own item was handled", i, end)
			}
		case errors.Is(res.err, handoff.ErrClosed):
			if inH[i] {
				return fmt.Errorf("step %d returned ErrClosed, yet its item was handled", i)
			}
		case errors.Is(res.err, handoff.ErrReentrant):
			return fmt.Errorf("step %d returned ErrReentrant outside the handler", i)
		case res.err != nil:
			if i != end || !errors.Is(res.err, failure{i}) || sc.Steps[i].Fate != fateFail {
				return fmt.Errorf("step %d returned %q: only the call of a failing item may return the handler's error without ErrClosed", i, res.err)
			}
		case s.Op == opSend:
			if !inH[i] || s.Fate != fateHandle {
				return fmt.Errorf("step %d: Send returned a reply, but item %d was not handled (or failed)", i, i)
			}
			if res.reply != reply(i) {
				return fmt.Errorf("step %d: Send replied %d, want %d", i, res.reply, reply(i))
			}
		default: // Put returned nil
			if !inH[i] {
				if end < 0 || i < end {
					return fmt.Errorf("step %d: Put returned nil, but item %d was never handled and nothing failed before it", i, i)
				}
				unhandled++
			}
		}
		if res.panicked || res.err != nil {
			observed = i
		}
		if closeAt >= 0 && i > closeAt && !errors.Is(res.err, handoff.ErrClosed) {
			return fmt.Errorf("step %d: %v after Close at step %d; want ErrClosed", i, res, closeAt)
		}
	}

	// Close: the first one reports the outcome (or re-raises the panic, and
	// the next reports it); later ones repeat the report.
	closes := []result{final, again}
	if closeAt >= 0 {
		closes = nil
		for i, s := range sc.Steps {
			if s.Op == opClose {
				closes = append(closes, results[i])
			}
		}
		closes = append(closes, final, again)
	}
	var report error // what the Closes after a re-raise must return
	for k, res := range closes {
		if res.panicked {
			reraised++
			if end < 0 || res.value != (panicValue{end}) {
				return fmt.Errorf("Close re-raised %v, but the handler did not panic so", res.value)
			}
			if k == len(closes)-1 {
				return errors.New("the last Close re-raised the panic again")
			}
			continue
		}
		if report == nil {
			report = res.err
			if err := checkReport(res.err, sc, end, unhandled); err != nil {
				return fmt.Errorf("Close: %w", err)
			}
			continue
		}
		if res.err != report {
			return fmt.Errorf("a later Close returned %v, the earlier %v", res.err, report)
		}
	}
	wantRaised := 0
	if end >= 0 && sc.Steps[end].Fate == fatePanic {
		wantRaised = 1
	}
	if reraised != wantRaised {
		return fmt.Errorf("the panic was re-raised %d times, want %d", reraised, wantRaised)
	}
	return nil
}

// judgeSynchronous adds what a Synchronous implementation promises: the call that
// ran the failing item's handler was waiting for it, so it returns the
// handler's error — matching ErrClosed too if the item was another's — or
// re-raises the panic.
func (sc script) judgeSynchronous(r *recorder, results []result, during []int64) error {
	if len(r.handled) == 0 {
		return nil
	}
	end := r.handled[len(r.handled)-1]
	fate := sc.Steps[end].Fate
	j := during[end]
	if fate == fateHandle || j < 0 || sc.Steps[j].Op == opClose {
		return nil // no failure, or Close ran it: Close's report is checked
	}
	res := results[j]
	switch {
	case fate == fatePanic && !res.panicked:
		return fmt.Errorf("step %d ran the handler that panicked on item %d, but returned %v instead of re-raising", j, end, res)
	case fate == fateFail && !errors.Is(res.err, failure{end}):
		return fmt.Errorf("step %d ran the handler that failed on item %d, but returned %v instead of its error", j, end, res)
	case fate == fateFail && int(j) != end && !errors.Is(res.err, handoff.ErrClosed):
		return fmt.Errorf("step %d returned the handler's error for item %d, but its own item was never handled: the error must match ErrClosed too", j, end)
	}
	return nil
}

// checkReport checks Close's error against the model: nil if the consumer
// never failed, else a *ConsumerError that wraps the failure and counts the
// put items left unhandled.
func checkReport(err error, sc script, end, unhandled int) error {
	if end < 0 {
		if err != nil {
			return fmt.Errorf("returned %q, but no handler failed", err)
		}
		return nil
	}
	var ce *handoff.ConsumerError
	if !errors.As(err, &ce) {
		return fmt.Errorf("returned %v (%T), want a *handoff.ConsumerError for item %d", err, err, end)
	}
	if ce.Unhandled != unhandled {
		return fmt.Errorf("ConsumerError.Unhandled = %d, want %d", ce.Unhandled, unhandled)
	}
	if sc.Steps[end].Fate == fateFail {
		if !errors.Is(err, failure{end}) {
			return fmt.Errorf("returned %q, which does not wrap the handler's error for item %d", err, end)
		}
		return nil
	}
	var pe *handoff.PanicError
	if !errors.As(err, &pe) || pe.Value != (panicValue{end}) {
		return fmt.Errorf("returned %q, want a *handoff.PanicError with %v", err, panicValue{end})
	}
	if !strings.Contains(string(pe.Stack), "handofftest.") {
		return fmt.Errorf("PanicError.Stack does not show the handler:\n%s", pe.Stack)
	}
	return nil
}
