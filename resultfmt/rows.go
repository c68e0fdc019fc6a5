// Package resultfmt owns what a handoff results file adds to Go's
// benchmark format, which golang.org/x/perf/benchfmt owns: the
// configuration keys a run records above its results (keys.go), each
// defined once here for the runner that writes them and the readers, and
// the rows — the implementations, the floors and the reference rows — so
// that a file says what it measured and the report needs no registry to
// read it: the runner writes each row's description as configuration
// lines above the results, as the benchmark binary that measured them
// describes them (Write, its -handoff.rows answer; Read), and the report
// reads them back (Parse).
//
// The rows' key scheme (benchfmt configuration lines, one key: value a
// line):
//
//	rows: <name>,<name>,…              every row, in the order pages show them
//	row-<name>-kind: implementation    or floor, or reference
//	row-<name>-summary: <one line>     how an item crosses, or what the row measures
//	row-<name>-sync: mutex             implementations: how the sides synchronise (Sync*)
//	row-<name>-wait: park              implementations: how a waiting side waits (Wait*)
//	row-<name>-traits: synchronous,on-producer-goroutine,max-capacity=1048576
//	                                   implementations: handoff.Traits, its true flags and its capacity
//	row-<name>-floors: roundtrip=funccall,stream=funccall
//	                                   implementations: the floor of each mode that has one
//	row-<name>-payloads: 8B            implementations measured with some payloads only;
//	                                   without the line, every payload
//	row-<name>-beside: iterpull        references: the Go implementation they stand beside
//	row-<name>-language: CPython       references: the language they are written in
//	row-<name>-counts: counted: …      a run with instruction counts: which of the row's
//	                                   benchmarks were counted, and why the others were not
//	module-<name>: <path>@<version>    third-party implementations: the module they measure
//
// A line whose value would be empty is left out (benchfmt reads an empty
// value as deleting the key). A file without a rows line is from before
// rows were recorded: [Parse] returns no rows, and the report says "not
// recorded" where a description would be.
package resultfmt

import (
	"fmt"
	"slices"
	"strings"

	"github.com/handoffbench/handoff"
)

// Kinds of row.
const (
	Implementation = "implementation" // a handoff.Conn of the registry
	Floor          = "floor"          // a raw mechanism, measured by the same loop
	Reference      = "reference"      // one of the seed's systems, measured outside Go
)

// How the two sides synchronise: the factor the locked vs lock-free
// comparison varies with the waiting held fixed.
const (
	SyncMutex     = "mutex"     // a sync.Mutex guards the queue
	SyncChannel   = "channel"   // a Go channel: the runtime's lock inside
	SyncAtomic    = "atomic"    // sync/atomic alone on the fast path
	SyncCoroutine = "coroutine" // the runtime's coroutine switch (iter.Pull)
	SyncCall      = "call"      // none: the handler is a function call
)

// How a side that must wait does so: the factor the spinning comparison
// varies with the synchronisation held fixed.
const (
	WaitPark         = "park"           // park at once (Cond.Wait, a channel receive)
	WaitSpinThenPark = "spin-then-park" // a few hundred ns of spinning, then park
	WaitSpin         = "spin"           // spin while busy, park after 50 µs idle
	WaitYield        = "yield"          // runtime.Gosched in a loop, never park
	WaitAdaptive     = "adaptive"       // park or spin, whichever it measures to be faster as it runs
	WaitNone         = "none"           // nothing waits: the call runs the handler
)

// A Row describes one row of a results file. Fields that do not apply to
// its kind are empty.
type Row struct {
	Name    string
	Kind    string // Implementation, Floor or Reference
	Summary string // one line; "" where not recorded

	// Implementations.
	Sync, Wait string          // the Sync* and Wait* constants
	Traits     *handoff.Traits // nil where not recorded
	// RoundtripFloor and StreamFloor name the floor each mode is built on
	// (BenchmarkFloor/floor=<name>), "" where none does the same exchange.
	RoundtripFloor, StreamFloor string
	// Module is the third-party module the row measures, as path@version
	// where the version is known; "" for the project's own.
	Module string
	// Payloads are the item types the row can be measured with (the
	// matrix's payload names), nil for all of them: a row from another
	// module may offer an int alone.
	Payloads []string

	// References.
	Beside   string // the Go implementation the row is set beside
	Language string // "CPython" or "C"

	// Counts says, in a run that counted instructions (KeyCounts), which
	// of the row's benchmarks were counted and why the others were not;
	// the runner writes it, not the benchmark binary.
	Counts string
}

// CrossesThreads says whether the handler runs concurrently with the
// producer, on a goroutine of the Conn: an implementation whose traits are
// recorded and do not say Synchronous.
func (r Row) CrossesThreads() bool { return r.Traits != nil && !r.Traits.Synchronous }

// ThirdParty says whether the row measures another module's code.
func (r Row) ThirdParty() bool { return r.Module != "" }

// Measures says whether the row can be measured with payload p: its
// Payloads name p, or name nothing.
func (r Row) Measures(p string) bool { return r.Payloads == nil || slices.Contains(r.Payloads, p) }

// Classified says whether the row's synchronisation and waiting are
// recorded.
func (r Row) Classified() bool { return r.Sync != "" && r.Wait != "" }

// floors lists the row's floors by mode, "roundtrip=…,stream=…", as the
// floors line writes them.
func (r Row) floors() string {
	var parts []string
	if r.RoundtripFloor != "" {
		parts = append(parts, "roundtrip="+r.RoundtripFloor)
	}
	if r.StreamFloor != "" {
		parts = append(parts, "stream="+r.StreamFloor)
	}
	return strings.Join(parts, ",")
}

// Find returns the row called name.
func Find(rs []Row, name string) (Row, bool) {
	for _, r := range rs {
		if r.Name == name {
			return r, true
		}
	}
	return Row{}, false
}

// OfKind are the rows of one kind, in order.
func OfKind(rs []Row, kind string) []Row {
	var out []Row
	for _, r := range rs {
		if r.Kind == kind {
			out = append(out, r)
		}
	}
	return out
}

// key is a row's configuration key for one field.
func key(name, field string) string { return "row-" + name + "-" + field }

// checkName says why name cannot be part of a configuration key or an
// element of the rows list, or nil: benchfmt keys have no spaces and no
// upper case, and the list is comma-separated.
func checkName(name string) error {
	if name == "" {
		return fmt.Errorf("a row without a name")
	}
	for _, c := range name {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return fmt.Errorf("row %q: a name of lower-case letters, digits and - _ . only can be a configuration key", name)
		}
	}
	return nil
}

// checkKind says whether kind is one of the three.
// checkClass refuses a Sync or Wait that is none of the constants: a row
// so classed would stand alone on the pages that compare its class. Empty
// is not recorded, as for a floor.
func checkClass(sync, wait string) error {
	syncs := []string{SyncMutex, SyncChannel, SyncAtomic, SyncCoroutine, SyncCall}
	waits := []string{WaitPark, WaitSpinThenPark, WaitSpin, WaitYield, WaitAdaptive, WaitNone}
	if sync != "" && !slices.Contains(syncs, sync) {
		return fmt.Errorf("sync %q: want one of %s", sync, strings.Join(syncs, ", "))
	}
	if wait != "" && !slices.Contains(waits, wait) {
		return fmt.Errorf("wait %q: want one of %s", wait, strings.Join(waits, ", "))
	}
	return nil
}

func checkKind(kind string) error {
	switch kind {
	case Implementation, Floor, Reference:
		return nil
	}
	return fmt.Errorf("kind %q: want %s, %s or %s", kind, Implementation, Floor, Reference)
}
