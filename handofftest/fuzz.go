package handofftest

import (
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/handoffbench/handoff"
)

// Fuzz is the Model subtest of Run as a fuzz target: each input decodes to
// one producer's script of Sends, Puts and Closes with the handler's
// failures and panics, which runs on a Conn from open and is checked
// against the reference model and traits, with a watchdog and goleak:
//
//	func FuzzModel(f *testing.F) { handofftest.Fuzz(f, mypkg.Open[int, int], mypkg.Traits) }
//
// and go test -fuzz=FuzzModel. It adds a few seeds of its own.
func Fuzz(f *testing.F, open handoff.OpenFunc[int, int], traits handoff.Traits) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) { fuzzOne(t, "", b, open, traits, goleak.IgnoreCurrent()) })
}

// addSeeds adds inputs that reach each failure path.
func addSeeds(f *testing.F) {
	f.Add([]byte{0, 1, 1, 0, 1})
	f.Add([]byte{3, 1, 2, 5, 0x39, 1, 1, 0})       // a failing Put in a batch
	f.Add([]byte{16, 1, 2, 0xFD, 1, 0, 0xF3, 1})   // a panicking Put, then Close mid-script
	f.Add([]byte{1, 0, 0x38, 0, 1, 0xFC, 0xF3, 0}) // a failing Send, a panicking Send
}

// fuzzOne runs the script b decodes to on a Conn from open, failing t
// with name, the script and what broke; a goroutine other than those
// ignore (a goleak snapshot, taken once an input) left after it is a leak.
func fuzzOne(t *testing.T, name string, b []byte, open handoff.OpenFunc[int, int], traits handoff.Traits, ignore goleak.Option) {
	t.Helper()
	if name != "" {
		name += ": "
	}
	sc := scriptFromBytes(b, traits.MaxCapacity)
	timer := time.AfterFunc(*waitFlag, func() { panic(name + "script deadlocked: " + sc.String()) })
	err := sc.Check(open, traits)
	timer.Stop()
	if err != nil {
		t.Fatalf("%s%v", name, err)
	}
	if err := goleak.Find(ignore); err != nil {
		t.Fatalf("%sgoroutine left after Close: %v", name, err)
	}
}
