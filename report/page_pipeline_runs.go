package report

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/handoffbench/handoff/bench/matrix"
	"github.com/handoffbench/handoff/resultfmt"
	"github.com/handoffbench/handoff/stats"
)

// The Pipeline benchmark's results as the page "When crossing threads
// pays" reads them: its levels of work, the GOMAXPROCS and capacities it
// ran at, its rows, mechanisms and floors.

// A workLevel is one level of the Pipeline's work, in nominal ns per item:
// the producer's before each Put and the handler's on each item.
type workLevel struct{ producer, handler int }

// even says whether both sides work alike: the levels the break-even is
// read along.
func (l workLevel) even() bool { return l.producer == l.handler }

// side is the work a side of an even level, as a place on a log axis:
// 0 for an uneven level or one no log axis can hold.
func (l workLevel) side() float64 {
	if !l.even() || l.producer <= 0 {
		return 0
	}
	return float64(l.producer)
}

// label names a level as the pages do: "250 ns a side", "25 ns producer,
// 250 ns handler", "no work". The work is nominal: a chain of dependent
// arithmetic calibrated to take about that long.
func (l workLevel) label() string {
	switch {
	case l.producer == 0 && l.handler == 0:
		return "no work"
	case l.even():
		return shortNS(float64(l.producer)) + " a side"
	}
	return fmt.Sprintf("%s producer, %s handler", shortNS(float64(l.producer)), shortNS(float64(l.handler)))
}

// A pipelineRun is a GOMAXPROCS and a capacity the Pipeline's rows ran at.
type pipelineRun struct{ procs, capacity int }

func (r pipelineRun) String() string {
	return fmt.Sprintf("stream, cap %d, GOMAXPROCS=%d", r.capacity, r.procs)
}

// pipelineFloor says whether name is one of the Pipeline's floors, which
// have no capacity: no Conn, so no stream.
func pipelineFloor(name string) bool { return slices.Contains(matrix.PipelineFloors, name) }

// pipelineRuns are the GOMAXPROCS × capacity the file has Pipeline rows
// at, the largest GOMAXPROCS first and within it the largest capacity: the
// first is the page's headline.
func (m *model) pipelineRuns() []pipelineRun {
	var out []pipelineRun
	for _, k := range m.set.Find(stats.Key{Bench: matrix.Pipeline}) {
		if _, ok := resultfmt.Find(m.impls, k.Impl); !ok || pipelineFloor(k.Impl) {
			continue
		}
		if r := (pipelineRun{k.Procs, k.Cap}); !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b pipelineRun) int {
		return cmp.Or(cmp.Compare(b.procs, a.procs), cmp.Compare(b.capacity, a.capacity))
	})
	return out
}

// pipelineHeadline is the run page 1 and the findings read: the largest
// GOMAXPROCS the Pipeline ran at (pipelineRunAt).
func (m *model) pipelineHeadline() (pipelineRun, bool) {
	runs := m.pipelineRuns()
	if len(runs) == 0 {
		return pipelineRun{}, false
	}
	return m.pipelineRunAt(runs[0].procs)
}

// pipelineRunAt is the run read at procs: capacity 256 if the Pipeline
// ran there, else its largest capacity at procs.
func (m *model) pipelineRunAt(procs int) (pipelineRun, bool) {
	var at []pipelineRun
	for _, r := range m.pipelineRuns() {
		if r.procs == procs {
			at = append(at, r)
		}
	}
	if len(at) == 0 {
		return pipelineRun{}, false
	}
	for _, r := range at {
		if r.capacity == 256 {
			return r, true
		}
	}
	return at[0], true
}

// pipelineKey is name's Pipeline benchmark at a level of a run; a floor's
// has no capacity.
func (m *model) pipelineKey(name string, run pipelineRun, l workLevel) (stats.Key, bool) {
	c := run.capacity
	if pipelineFloor(name) {
		c = 0
	}
	return m.set.Lookup(stats.Key{Bench: matrix.Pipeline, Impl: name, Cap: c, PWork: l.producer, Work: l.handler, Procs: run.procs})
}

// pipelineLevels are the levels measured in a run, by its rows or its
// floors: no work first, then the even levels by their work, then the
// uneven ones.
func (m *model) pipelineLevels(run pipelineRun) []workLevel {
	var out []workLevel
	for _, k := range m.set.Find(stats.Key{Bench: matrix.Pipeline, Procs: run.procs}) {
		if k.Cap != run.capacity && !(pipelineFloor(k.Impl) && k.Cap == 0) {
			continue
		}
		if l := (workLevel{k.PWork, k.Work}); !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	sortLevels(out)
	return out
}

// sortLevels orders levels as the pages show them: no work first, then
// the even levels by their work, then the uneven ones.
func sortLevels(ls []workLevel) {
	rank := func(l workLevel) int {
		switch {
		case l.producer == 0 && l.handler == 0:
			return 0
		case l.even():
			return 1
		}
		return 2
	}
	slices.SortFunc(ls, func(a, b workLevel) int {
		return cmp.Or(cmp.Compare(rank(a), rank(b)), cmp.Compare(a.producer, b.producer), cmp.Compare(a.handler, b.handler))
	})
}

// pipelineRows are the implementations measured in a run, in the page's
// order.
func (m *model) pipelineRows(run pipelineRun) []resultfmt.Row {
	var out []resultfmt.Row
	for _, im := range m.impls {
		if slices.ContainsFunc(m.runKeys(run), func(k stats.Key) bool { return k.Impl == im.Name }) {
			out = append(out, im)
		}
	}
	return out
}

// runKeys are the Pipeline benchmarks of a run that stream at its
// capacity: its rows and the mechanisms it ran as rows, not its floors.
func (m *model) runKeys(run pipelineRun) []stats.Key {
	var out []stats.Key
	for _, k := range m.set.Find(stats.Key{Bench: matrix.Pipeline, Procs: run.procs}) {
		if k.Cap == run.capacity && !pipelineFloor(k.Impl) {
			out = append(out, k)
		}
	}
	return out
}

// pipelineMechanisms are the rows of a run that are neither
// implementations nor its floors, in the file's order: the raw stream
// mechanisms under some implementations (a buffered channel, a spinning
// ring; matrix.PipelineMechanisms), run as rows so that a row far from
// the overlap limit can be told from its mechanism.
func (m *model) pipelineMechanisms(run pipelineRun) []string {
	var out []string
	for _, k := range m.runKeys(run) {
		if _, ok := resultfmt.Find(m.impls, k.Impl); !ok && !slices.Contains(out, k.Impl) {
			out = append(out, k.Impl)
		}
	}
	return out
}

// sides are a run's rows that cross threads and those that stay on the
// producer's thread; a row whose traits are not recorded is on neither.
func (m *model) sides(run pipelineRun) (cross, in []resultfmt.Row) {
	for _, im := range m.pipelineRows(run) {
		switch {
		case im.Traits == nil:
		case im.CrossesThreads():
			cross = append(cross, im)
		default:
			in = append(in, im)
		}
	}
	return cross, in
}

// bestOf is the key with the lowest median ns/op among ims at a level.
func (m *model) bestOf(ims []resultfmt.Row, run pipelineRun, l workLevel) (stats.Key, bool) {
	return m.lowest(ims, ns, func(name string) (stats.Key, bool) { return m.pipelineKey(name, run, l) })
}

// pipelineWorkCPU is the work's own CPU per item at a level of k's run:
// serial's cpu-ns/op, 0 where it was not measured.
func (m *model) pipelineWorkCPU(k stats.Key, l workLevel) float64 {
	s, ok := m.pipelineKey(matrix.Serial, pipelineRun{k.Procs, k.Cap}, l)
	if !ok {
		return 0
	}
	return m.set.Center(s, "cpu-ns/op")
}
