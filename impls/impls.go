// Package impls is the registry of handoff implementations: the one list
// that the conformance tests, the benchmarks and the report take their
// implementations from, with what each claims beyond the contract.
package impls

import (
	"fmt"

	"github.com/handoffbench/handoff"
	"github.com/handoffbench/handoff/impls/channels"
	"github.com/handoffbench/handoff/impls/iterpull"
	"github.com/handoffbench/handoff/impls/lockfree"
	"github.com/handoffbench/handoff/impls/mutexqueue"
	"github.com/handoffbench/handoff/impls/statemachine"
)

// An Impl describes one implementation.
type Impl struct {
	Name    string
	Summary string // how an item crosses, in one line

	// Floors name the raw mechanism each mode is built on, as the floor
	// benchmarks call it (BenchmarkFloor/floor=<name>): what the
	// implementation would cost without the contract. Empty where no
	// floor does the same exchange (a stream floor must not batch if the
	// implementation does not, and the reverse).
	RoundtripFloor, StreamFloor string

	handoff.Traits
}

// All lists every implementation, in the order tables and charts show them.
var All = []Impl{
	{
		Name:           "mutexqueue",
		Summary:        "bounded ring under sync.Mutex, sync.Cond to wait; the consumer goroutine takes every waiting item at once",
		RoundtripFloor: "mutexcond-pingpong",
		Traits:         mutexqueue.Traits,
	},
	{
		Name:           "channels",
		Summary:        "consumer goroutine fed by a buffered channel, replies over a channel",
		RoundtripFloor: "chan-pingpong",
		StreamFloor:    "chan-stream",
		Traits:         channels.Traits,
	},
	{
		Name:           "statemachine",
		Summary:        "stackless, Protothreads-style: an explicit state switch, the handler runs inline in the producer",
		RoundtripFloor: "funccall",
		StreamFloor:    "funccall",
		Traits:         statemachine.Traits,
	},
	{
		Name:    "lockfree",
		Summary: "single-producer ring on sync/atomic, no lock; spins briefly, then parks on a channel",
		Traits:  lockfree.Traits,
	},
	{
		Name:    "lockfree-park",
		Summary: "the same ring, parking at once instead of spinning first",
		Traits:  lockfree.Traits,
	},
	{
		Name:           "iterpull",
		Summary:        "stackful coroutine on iter.Pull: one switch per Send, one per batch of Puts",
		RoundtripFloor: "iterpull-roundtrip",
		Traits:         iterpull.Traits,
	},
}

// Lookup returns the implementation called name.
func Lookup(name string) (Impl, error) {
	for _, im := range All {
		if im.Name == name {
			return im, nil
		}
	}
	return Impl{}, fmt.Errorf("impls: no implementation %q (have %s)", name, Names())
}

// CrossesGoroutines says whether the handler runs on a goroutine of the
// Conn rather than the producer's, so that a handoff goes through the
// scheduler: the implementations the locked vs lock-free comparison is about.
func (im Impl) CrossesGoroutines() bool { return !im.Inline }

// Names lists the implementations' names, comma-separated.
func Names() string {
	s := ""
	for i, im := range All {
		if i > 0 {
			s += ", "
		}
		s += im.Name
	}
	return s
}

// Open opens a Conn of the implementation called name. It is the one place
// that maps a name to a generic Open; every entry of All must have a case.
func Open[In, Out any](name string, h handoff.Handler[In, Out], o handoff.Options) (handoff.Conn[In, Out], error) {
	switch name {
	case "mutexqueue":
		return mutexqueue.Open(h, o)
	case "channels":
		return channels.Open(h, o)
	case "statemachine":
		return statemachine.Open(h, o)
	case "iterpull":
		return iterpull.Open(h, o)
	case "lockfree":
		return lockfree.Open(h, o)
	case "lockfree-park":
		return lockfree.OpenWait(h, o, lockfree.Park)
	}
	_, err := Lookup(name)
	return nil, err
}
