package bench

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"slices"
	"testing"

	"github.com/handoffbench/handoff"
	"github.com/handoffbench/handoff/bench/matrix"
	"github.com/handoffbench/handoff/impls"
	"github.com/handoffbench/handoff/resultfmt"
)

// An Impl is a row the benchmarks measure: a handoff.Conn, from this module
// or another, and what a results file says about it. The report reads
// nothing else about a row, so these fields decide where it appears: its
// traits decide the decision table's situations it may serve, Sync and
// Wait the locked vs lock-free pages, the floors its "× floor" column.
type Impl struct {
	// Name is the row's impl= key: lower-case letters, digits, - _ and .
	// only, unique among the rows and floors of the binary.
	Name string
	// Summary says how an item crosses, in one line.
	Summary string
	// Sync and Wait classify the row: how the two sides synchronise
	// (mutex, channel, atomic, coroutine, call) and how a waiting side
	// waits (park, spin-then-park, spin, yield, adaptive, none). Empty
	// leaves the row out of the pages that compare them.
	Sync, Wait string
	// Traits are what the implementation claims beyond the contract, as
	// its conformance test (handofftest.Run) checks them.
	Traits handoff.Traits
	// Module is the module path of the third-party code the row wraps,
	// empty for the row's own; the results file adds the version the
	// benchmark binary was built with.
	Module string
	// RoundtripFloor and StreamFloor name the floor each mode is built on,
	// where one does the same exchange without the contract: one of
	// matrix.Floors, or a row of the binary with Floor set. The row's cost
	// over it is what the contract, or an adapter, costs.
	RoundtripFloor, StreamFloor string
	// Floor says the row is a floor: a raw mechanism under another row
	// (a library's queue used without the contract), measured by the same
	// loop in the modes the rows that name it use it for. Its Conn need
	// only do what those modes call (Put and Close, or Send and Close);
	// Sync, Wait and Traits do not apply.
	Floor bool

	// Open opens a Conn of ints, which every benchmark measures.
	Open handoff.OpenFunc[int, int]
	// OpenStruct and OpenPtr open Conns of a 64-byte struct and of a
	// pointer to it, for the payload cases; nil leaves those cases out.
	OpenStruct handoff.OpenFunc[Struct64, Struct64]
	OpenPtr    handoff.OpenFunc[*Struct64, *Struct64]
}

// Registry is this module's own rows: the implementations of package
// impls, in its order, then the floors of its third-party rows.
func Registry() []Impl {
	out := make([]Impl, len(impls.All), len(impls.All)+len(impls.Floors))
	for i, im := range impls.All {
		out[i] = Impl{
			Name: im.Name, Summary: im.Summary, Sync: im.Sync, Wait: im.Wait, Traits: im.Traits, Module: im.Module,
			RoundtripFloor: im.RoundtripFloor, StreamFloor: im.StreamFloor,
			Open: opener[int](im.Name), OpenStruct: opener[Struct64](im.Name), OpenPtr: opener[*Struct64](im.Name),
		}
	}
	for _, f := range impls.Floors {
		out = append(out, Impl{Name: f.Name, Summary: f.Summary, Module: f.Module, Floor: true, Open: f.Open})
	}
	return out
}

// row describes im as a results file records it; its module has no
// version yet (see Rows).
func (im Impl) row() resultfmt.Row {
	if im.Floor {
		return resultfmt.Row{Name: im.Name, Kind: resultfmt.Floor, Summary: im.Summary, Module: im.Module}
	}
	t := im.Traits
	r := resultfmt.Row{
		Name: im.Name, Kind: resultfmt.Implementation, Summary: im.Summary, Sync: im.Sync, Wait: im.Wait, Traits: &t,
		RoundtripFloor: im.RoundtripFloor, StreamFloor: im.StreamFloor, Module: im.Module,
	}
	if im.OpenStruct == nil || im.OpenPtr == nil {
		r.Payloads = []string{matrix.P8B}
		if im.OpenStruct != nil {
			r.Payloads = append(r.Payloads, matrix.P64B)
		}
		if im.OpenPtr != nil {
			r.Payloads = append(r.Payloads, matrix.PPtr)
		}
	}
	return r
}

// opener opens the registry's row called name for payload T.
func opener[T any](name string) handoff.OpenFunc[T, T] {
	return func(h handoff.Handler[T, T], o handoff.Options) (handoff.Conn[T, T], error) {
		return impls.Open(name, h, o)
	}
}

// measured are the rows this binary measures: those Main was given, or
// without Main the Registry.
var measured []Impl

func inUse() []Impl {
	if measured == nil {
		return Registry()
	}
	return measured
}

// implNamed returns the measured row called name, failing b without one.
func implNamed(b *testing.B, name string) Impl {
	for _, im := range inUse() {
		if im.Name == name {
			return im
		}
	}
	b.Fatalf("bench: no row %q in this binary", name)
	return Impl{}
}

// Rows describes every row this binary can measure, as a results file
// records them: its implementations (Main's, or the Registry), then the
// matrix's floors. A third-party row's module is its path alone: a test
// binary does not record its dependencies' versions, which the runner
// reads from the module the binary was built in.
func Rows() []resultfmt.Row {
	var rs []resultfmt.Row
	for _, im := range inUse() {
		rs = append(rs, im.row())
	}
	return append(rs, matrix.FloorRows()...)
}

var rowsFlag = flag.Bool(resultfmt.RowsFlag, false, "print the rows this binary measures, as results-file configuration lines, and exit")

// Main is a benchmark package's TestMain: it makes impls the rows the
// package's benchmarks measure (see Run), answers -handoff.rows, and
// otherwise runs the tests and benchmarks:
//
//	func TestMain(m *testing.M) { bench.Main(m, append(bench.Registry(), mine)...) }
//
// Rows that cannot be recorded (a bad or repeated name, a name of a floor,
// no Open) stop the binary with a message and exit status 2.
func Main(m *testing.M, impls ...Impl) {
	if err := use(impls); err != nil {
		fmt.Fprintln(os.Stderr, "bench.Main:", err)
		os.Exit(2)
	}
	flag.Parse()
	if *rowsFlag {
		if err := resultfmt.Write(os.Stdout, Rows()); err != nil {
			fmt.Fprintln(os.Stderr, "bench.Main:", err)
			os.Exit(2)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// use makes impls the measured rows, once they are checked.
func use(impls []Impl) error {
	if len(impls) == 0 {
		return errors.New("no rows to measure")
	}
	floors := slices.Concat(matrix.Floors, matrix.PipelineFloors)
	for _, im := range impls {
		if im.Open == nil {
			return fmt.Errorf("row %q: no Open: every row is measured with an int", im.Name)
		}
		if slices.Contains(floors, im.Name) {
			return fmt.Errorf("row %q: the name of a floor", im.Name)
		}
	}
	measured = slices.Clone(impls)
	if _, err := resultfmt.Lines(Rows()); err != nil {
		measured = nil
		return err
	}
	return nil
}

// Run registers the cases of benchmark kind (matrix.Handoff, matrix.Floor,
// …) over the rows Main was given, or the Registry, as sub-benchmarks of
// b, named as the matrix names them:
//
//	func BenchmarkHandoff(b *testing.B) { bench.Run(b, matrix.Handoff) }
//
// Each top-level benchmark function must be named Benchmark<kind>: the
// runner selects cases by those names.
func Run(b *testing.B, kind string) {
	body, ok := bodies[kind]
	if !ok {
		b.Fatalf("bench: no benchmark kind %q", kind)
	}
	for _, c := range matrix.All(Rows()) {
		if c.Bench == kind {
			b.Run(c.Sub(), func(b *testing.B) { body(b, c) })
		}
	}
}

// bodies measure one case of each kind.
var bodies = map[string]func(*testing.B, matrix.Case){
	matrix.Handoff:    RunHandoff,
	matrix.Floor:      RunFloor,
	matrix.Latency:    RunLatency,
	matrix.Contention: RunContention,
	matrix.Idle:       RunIdle,
	matrix.Load:       RunLoad,
	matrix.Pipeline:   RunPipeline,
}
