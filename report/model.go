package report

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/handoffbench/handoff/impls"
	"github.com/handoffbench/handoff/stats"
)

// The configuration every page reads its headline numbers at: an int
// payload, no work.
const (
	payload = "8B"
	ns      = "ns/op"
)

// A model is a results set seen through the registry: which implementations
// it has, in the registry's order, their floors, and the notes each page
// collects about data it lacks.
type model struct {
	set   *stats.Set
	impls []impls.Impl // the registry's entries with results, then unknown names
	refs  []string     // reference rows: the seed's systems, measured outside Go
	procs []int        // GOMAXPROCS values measured, ascending
	notes map[string][]string
	warn  io.Writer
}

func newModel(set *stats.Set, warn io.Writer) (*model, error) {
	m := &model{set: set, notes: map[string][]string{}, warn: warn}
	names := set.Impls()
	for _, im := range impls.All {
		if slices.Contains(names, im.Name) {
			m.impls = append(m.impls, im)
		}
	}
	for _, n := range names {
		if set.Reference(n) {
			m.refs = append(m.refs, n)
			continue
		}
		if _, err := impls.Lookup(n); err != nil {
			m.impls = append(m.impls, impls.Impl{Name: n, Summary: "not in this version's registry"})
		}
	}
	for _, k := range set.Keys() {
		if !slices.Contains(m.procs, k.Procs) {
			m.procs = append(m.procs, k.Procs)
		}
	}
	slices.Sort(m.procs)
	var missing []string
	for _, im := range m.impls {
		if len(set.Find(stats.Key{Bench: "Handoff", Impl: im.Name})) == 0 {
			missing = append(missing, im.Name)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("%s: %v have results but no Handoff benchmark, which every page starts from: the file is cut or edited", set.Path, missing)
	}
	if len(m.impls)+len(m.refs) == 0 {
		return nil, fmt.Errorf("%s: no Handoff benchmarks: nothing to report", set.Path)
	}
	return m, nil
}

// note records, for a page, that data is missing: on stderr now, and at the
// foot of that page.
func (m *model) note(page, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if slices.Contains(m.notes[page], msg) {
		return
	}
	m.notes[page] = append(m.notes[page], msg)
	fmt.Fprintf(m.warn, "report: warning: %s: %s\n", page, msg)
}

// missing notes, once for all of them, the implementations a page found
// no result for.
func (m *model) missing(page string, names []string, what string, procs int) {
	if len(names) == 0 {
		return
	}
	why := ""
	if p := m.set.Config["profile"]; p != "" && p != "full" {
		why = fmt.Sprintf(" (not in the %s profile, or not selected)", p)
	}
	m.note(page, "no %s result at GOMAXPROCS=%d for %s%s", what, procs, strings.Join(names, ", "), why)
}

// handoff is the Handoff benchmark of impl in a mode at a capacity, with
// the headline payload and no work.
func (m *model) handoff(impl, mode string, capacity, procs int) (stats.Key, bool) {
	return m.set.Lookup(stats.Key{Bench: "Handoff", Impl: impl, Mode: mode, Cap: capacity, Payload: payload, Procs: procs})
}

// floorOf is the floor benchmark under impl's benchmark k, if the registry
// names one and the results have it.
func (m *model) floorOf(im impls.Impl, k stats.Key) (stats.Key, string, bool) {
	name := im.RoundtripFloor
	if k.Mode == "stream" {
		name = im.StreamFloor
	}
	if name == "" {
		return stats.Key{}, "", false
	}
	// The floor doing the same exchange, or, for a stream over a plain
	// call (funccall), its roundtrip: a call is a call.
	f := stats.Key{Bench: "Floor", Impl: name, Mode: k.Mode, Cap: k.Cap, Payload: payload, Procs: k.Procs}
	if found, ok := m.set.Lookup(f); ok {
		return found, name, true
	}
	f.Mode, f.Cap = "roundtrip", 0
	found, ok := m.set.Lookup(f)
	return found, name, ok
}

// crossing are the implementations whose handler runs on another
// goroutine: the ones the locked vs lock-free pages compare.
func (m *model) crossing() []impls.Impl {
	var out []impls.Impl
	for _, im := range m.impls {
		if im.CrossesThreads() {
			out = append(out, im)
		}
	}
	return out
}

// maxProcs is the largest GOMAXPROCS measured: where goroutines can run in
// parallel, which the cross-thread comparisons need.
func (m *model) maxProcs() int { return m.procs[len(m.procs)-1] }

// implOf is the registry entry of a name with results, or a bare entry
// for a name the registry lacks.
func (m *model) implOf(name string) impls.Impl {
	if i := slices.IndexFunc(m.impls, func(im impls.Impl) bool { return im.Name == name }); i >= 0 {
		return m.impls[i]
	}
	return impls.Impl{Name: name}
}
