package handofftest_test

import (
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/handoffbench/handoff"
	"github.com/handoffbench/handoff/handofftest"
	"github.com/handoffbench/handoff/impls"
)

// FuzzModel runs one script, decoded from the fuzz input, on every
// registered implementation and checks it against the reference model.
//
//	go test -fuzz=FuzzModel ./handofftest
func FuzzModel(f *testing.F) {
	f.Add([]byte{0, 1, 1, 0, 1})
	f.Add([]byte{3, 1, 2, 5, 0x39, 1, 1, 0})       // a failing Put in a batch
	f.Add([]byte{16, 1, 2, 0xFD, 1, 0, 0xF3, 1})   // a panicking Put, then Close mid-script
	f.Add([]byte{1, 0, 0x38, 0, 1, 0xFC, 0xF3, 0}) // a failing Send, a panicking Send
	f.Fuzz(func(t *testing.T, b []byte) {
		ignore := goleak.IgnoreCurrent()
		for _, im := range impls.All {
			sc := handofftest.ScriptFromBytes(b, im.MaxCapacity)
			open := func(h handoff.Handler[int, int], o handoff.Options) (handoff.Conn[int, int], error) {
				return impls.Open(im.Name, h, o)
			}
			timer := time.AfterFunc(time.Minute, func() { panic(im.Name + ": script deadlocked: " + sc.String()) })
			err := sc.Check(open, im.Traits)
			timer.Stop()
			if err != nil {
				t.Fatalf("%s: %v", im.Name, err)
			}
			if err := goleak.Find(ignore); err != nil {
				t.Fatalf("%s: goroutine left after Close: %v", im.Name, err)
			}
		}
	})
}
