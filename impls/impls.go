// Package impls is the registry of handoff implementations: the one list
// that the conformance tests and the benchmarks take their implementations
// from, with what each claims beyond the contract and how it synchronises
// and waits. Results files record it (Rows), and the report reads it from
// there, never from here.
package impls

import (
	"fmt"
	"strings"

	"github.com/handoffbench/handoff"
	"github.com/handoffbench/handoff/impls/channels"
	"github.com/handoffbench/handoff/impls/iterpull"
	"github.com/handoffbench/handoff/impls/lockfree"
	"github.com/handoffbench/handoff/impls/mutexqueue"
	"github.com/handoffbench/handoff/impls/statemachine"
	"github.com/handoffbench/handoff/impls/workivaring"
	"github.com/handoffbench/handoff/impls/xsyncq"
	"github.com/handoffbench/handoff/resultfmt"
)

// An Impl describes one implementation.
type Impl struct {
	Name    string
	Summary string // how an item crosses, in one line

	// Sync and Wait classify the row: how the sides synchronise and how a
	// waiting side waits (package resultfmt's Sync* and Wait* constants).
	Sync, Wait string

	// Module is the third-party module the row measures, empty for the
	// project's own; the results file records its version.
	Module string

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
		Summary:        "bounded ring under sync.Mutex, sync.Cond to wait; the consumer goroutine takes every waiting item, up to 64, at once",
		Sync:           resultfmt.SyncMutex,
		Wait:           resultfmt.WaitPark,
		RoundtripFloor: "mutexcond-pingpong",
		Traits:         mutexqueue.Traits,
	},
	{
		Name:    "mutexqueue-spin",
		Summary: "the same locked ring; a waiter lets go of the lock and spins on a change hint, parking after 50 µs idle",
		Sync:    resultfmt.SyncMutex,
		Wait:    resultfmt.WaitSpin,
		Traits:  mutexqueue.Traits,
	},
	{
		Name:           "channels",
		Summary:        "consumer goroutine fed by a buffered channel, replies over a channel",
		Sync:           resultfmt.SyncChannel,
		Wait:           resultfmt.WaitPark,
		RoundtripFloor: "chan-pingpong",
		StreamFloor:    "chan-stream",
		Traits:         channels.Traits,
	},
	{
		Name:           "statemachine",
		Summary:        "stackless, Protothreads-style: an explicit state switch, the handler runs inline in the producer",
		Sync:           resultfmt.SyncCall,
		Wait:           resultfmt.WaitNone,
		RoundtripFloor: "funccall",
		StreamFloor:    "funccall",
		Traits:         statemachine.Traits,
	},
	{
		Name:    "lockfree",
		Summary: "single-producer ring on sync/atomic, no lock; spins briefly, then parks on a channel",
		Sync:    resultfmt.SyncAtomic,
		Wait:    resultfmt.WaitSpinThenPark,
		Traits:  lockfree.Traits,
	},
	{
		Name:    "lockfree-park",
		Summary: "the same ring, parking at once instead of spinning first",
		Sync:    resultfmt.SyncAtomic,
		Wait:    resultfmt.WaitPark,
		Traits:  lockfree.Traits,
	},
	{
		Name:           "lockfree-spin",
		Summary:        "the same ring, spinning while busy and parking only after 50 µs idle",
		Sync:           resultfmt.SyncAtomic,
		Wait:           resultfmt.WaitSpin,
		RoundtripFloor: "atomic-spin-pingpong",
		StreamFloor:    "atomic-spin-stream",
		Traits:         lockfree.Traits,
	},
	{
		Name:    "lockfree-adaptive",
		Summary: "the same ring, waiting as lockfree-park or as lockfree-spin, whichever it measures to be faster as it runs",
		Sync:    resultfmt.SyncAtomic,
		Wait:    resultfmt.WaitAdaptive,
		Traits:  lockfree.Traits,
	},
	{
		Name:           "iterpull",
		Summary:        "stackful coroutine on iter.Pull: one switch per Send, one per batch of Puts",
		Sync:           resultfmt.SyncCoroutine,
		Wait:           resultfmt.WaitNone,
		RoundtripFloor: "iterpull-roundtrip",
		Traits:         iterpull.Traits,
	},
	{
		Name:        "xsync-spsc",
		Summary:     "xsync's SPSCQueue (lock-free, one producer) under a consumer goroutine; lockfree-adaptive's wait",
		Sync:        resultfmt.SyncAtomic,
		Wait:        resultfmt.WaitAdaptive,
		Module:      xsyncq.Module,
		StreamFloor: "xsync-spsc-raw",
		Traits:      xsyncq.SPSCTraits,
	},
	{
		Name:        "xsync-mpmc",
		Summary:     "xsync's MPMCQueue (lock-free, several producers) under a consumer goroutine; the project's spin wait",
		Sync:        resultfmt.SyncAtomic,
		Wait:        resultfmt.WaitSpin,
		Module:      xsyncq.Module,
		StreamFloor: "xsync-mpmc-raw",
		Traits:      xsyncq.MPMCTraits,
	},
	{
		Name:        "workiva-ring",
		Summary:     "Workiva's RingBuffer (lock-free MPMC of interface{}) with its own blocking Put and Get, which yield in a loop",
		Sync:        resultfmt.SyncAtomic,
		Wait:        resultfmt.WaitYield,
		Module:      workivaring.Module,
		StreamFloor: "workiva-ring-raw",
		Traits:      workivaring.Traits,
	},
}

// A Floor is the raw mechanism under a third-party row: the library's
// queue used by two goroutines as its own benchmarks use it, without the
// contract (package rawqueue), measured by the same loop as the row in the
// mode the row names it for, so that the row's cost over it is what the
// adapter adds. It streams ints; only the benchmarks use it.
type Floor struct {
	Name, Summary string
	Module        string // the module of the queue
	Open          handoff.OpenFunc[int, int]
}

// Floors are the third-party rows' floors, which their StreamFloor names.
var Floors = []Floor{
	{"xsync-spsc-raw", "xsync's SPSCQueue used raw: TryEnqueue and TryDequeue in loops that yield, no contract", xsyncq.Module, xsyncq.OpenRawSPSC[int]},
	{"xsync-mpmc-raw", "xsync's MPMCQueue used raw: TryEnqueue and TryDequeue in loops that yield, no contract", xsyncq.Module, xsyncq.OpenRawMPMC[int]},
	{"workiva-ring-raw", "Workiva's RingBuffer used raw: its own blocking Put and Get, no contract", workivaring.Module, workivaring.OpenRaw[int]},
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

// CrossesThreads says whether the handler runs concurrently with the
// producer, on a goroutine of the Conn that the scheduler may put on
// another thread: the implementations the locked vs lock-free comparison is
// about. A Synchronous one (statemachine, iterpull) hands over without it.
func (im Impl) CrossesThreads() bool { return !im.Synchronous }

// ThirdParty says whether the row measures another module's queue.
func (im Impl) ThirdParty() bool { return im.Module != "" }

// Names lists the implementations' names, comma-separated.
func Names() string {
	names := make([]string, len(All))
	for i, im := range All {
		names[i] = im.Name
	}
	return strings.Join(names, ", ")
}

// Open opens a Conn of the implementation called name. It is the one place
// that maps a name to a generic Open; every entry of All must have a case.
func Open[In, Out any](name string, h handoff.Handler[In, Out], o handoff.Options) (handoff.Conn[In, Out], error) {
	switch name {
	case "mutexqueue":
		return mutexqueue.Open(h, o)
	case "mutexqueue-spin":
		return mutexqueue.OpenSpin(h, o)
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
	case "lockfree-spin":
		return lockfree.OpenWait(h, o, lockfree.Spin)
	case "lockfree-adaptive":
		return lockfree.OpenWait(h, o, lockfree.Adaptive)
	case "xsync-spsc":
		return xsyncq.OpenSPSC(h, o)
	case "xsync-mpmc":
		return xsyncq.OpenMPMC(h, o)
	case "workiva-ring":
		return workivaring.Open(h, o)
	}
	_, err := Lookup(name)
	return nil, err
}
