package handofftest

import (
	"runtime"
	"testing"
)

// testAllocates checks the other side of rule 8's claim: an implementation
// whose Traits say Allocates must allocate, or the claim hides nothing and
// should go. Some Send and Put in a run of n must allocate.
func testAllocates(t *testing.T, s *suite) {
	c := s.mustOpen(t, func(v int) (int, error) { return v, nil }, s.capacity())
	const n = 1000
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for i := range n {
		if _, err := c.Send(i); err != nil {
			t.Fatalf("Send(%d): %v", i, err)
		}
		if err := c.Put(i); err != nil {
			t.Fatalf("Put(%d): %v", i, err)
		}
	}
	runtime.ReadMemStats(&after)
	if got := after.Mallocs - before.Mallocs; got < n {
		t.Errorf("Traits say Allocates, but %d Sends and %d Puts allocated %d times: drop the claim", n, n, got)
	}
}
