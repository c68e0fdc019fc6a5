package handofftest

import (
	"fmt"
	"strings"

	"github.com/handoffbench/handoff"
)

// A result is what one call on a Conn did: returned, or panicked.
type result struct {
	reply    int
	err      error
	panicked bool
	value    any // the panic value
}

func (r result) String() string {
	switch {
	case r.panicked:
		return fmt.Sprintf("panic(%v)", r.value)
	case r.err != nil:
		msg, _, _ := strings.Cut(r.err.Error(), "\n") // not a PanicError's stack
		return fmt.Sprintf("error %q", msg)
	}
	return fmt.Sprintf("ok (reply %d)", r.reply)
}

// send, put and closeConn make one call and catch a re-raised panic, so a
// test can check it was the right one, raised by the right call.
func send(c handoff.Conn[int, int], v int) (r result) {
	defer catch(&r)
	r.reply, r.err = c.Send(v)
	return r
}

func put(c handoff.Conn[int, int], v int) (r result) {
	defer catch(&r)
	r.err = c.Put(v)
	return r
}

func closeConn(c handoff.Conn[int, int]) (r result) {
	defer catch(&r)
	r.err = c.Close()
	return r
}

func catch(r *result) {
	if p := recover(); p != nil {
		r.panicked, r.value = true, p
	}
}

// failure is the error a scripted handler returns for item v, and
// panicValue what it panics with: comparable values that name the item, so
// a re-raised panic or a returned error shows which item it came from.
type failure struct{ item int }

func (f failure) Error() string { return fmt.Sprintf("handler failed on item %d", f.item) }

type panicValue struct{ item int }

func (p panicValue) String() string { return fmt.Sprintf("handler panicked on item %d", p.item) }
