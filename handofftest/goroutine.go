package handofftest

import (
	"bytes"
	"runtime"
	"strconv"
	"testing"

	"github.com/handoffbench/handoff"
)

func onProducerGoroutine(tr handoff.Traits) bool { return tr.OnProducerGoroutine }

// testOnProducerGoroutine: a Conn whose Traits say OnProducerGoroutine runs
// every handler on the goroutine that made the call, for Send and for the
// Puts a Send flushes.
func testOnProducerGoroutine(t *testing.T, s *suite) {
	var seen []uint64
	c := s.mustOpen(t, func(v int) (int, error) { seen = append(seen, goid()); return v, nil }, s.capacity())
	for i := range 10 {
		if i%3 == 0 {
			if _, err := c.Send(i); err != nil {
				t.Fatalf("Send(%d): %v", i, err)
			}
		} else if err := c.Put(i); err != nil {
			t.Fatalf("Put(%d): %v", i, err)
		}
	}
	if err := c.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	me := goid()
	for i, g := range seen {
		if g != me {
			t.Fatalf("item %d was handled on goroutine %d, the producer is goroutine %d: the Traits claim OnProducerGoroutine", i, g, me)
		}
	}
}

// goid is the calling goroutine's id, from the first line of its stack
// ("goroutine 7 [running]:"): for tests only.
func goid() uint64 {
	var buf [64]byte
	b := buf[:runtime.Stack(buf[:], false)]
	b = bytes.TrimPrefix(b, []byte("goroutine "))
	id, _ := strconv.ParseUint(string(b[:bytes.IndexByte(b, ' ')]), 10, 64)
	return id
}
