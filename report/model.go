package report

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/handoffbench/handoff/resultfmt"
	"github.com/handoffbench/handoff/stats"
)

// The configuration every page reads its headline numbers at: an int
// payload, no work.
const (
	payload = "8B"
	ns      = "ns/op"
)

// An exchange is what a Handoff benchmark measures: a roundtrip (capacity
// 0), or a stream with room for capacity items.
type exchange struct {
	mode     string
	capacity int
}

// twoExchanges are what the pages that compare across factors, machines
// and runs read of each row: a roundtrip, and a stream with room to batch.
var twoExchanges = []exchange{{"roundtrip", 0}, {"stream", 256}}

// notRecorded stands where a file does not say what a row is: a file
// from before results files described their rows, or a row it does not
// describe.
const notRecorded = "not recorded"

// alpha is the significance level of every "significant" in the report, as
// benchstat's default: p ≤ alpha, each test alone, with no correction across
// the findings (the page says so).
const alpha = 0.05

// limitFloor names, by mode, the floor that is the machine's own limit:
// two goroutines spinning on their own cache lines. The locked vs lock-free
// pages draw it; the headline and the machines pages say where it is not
// measured.
var limitFloor = map[string]string{"roundtrip": "atomic-spin-pingpong", "stream": "atomic-spin-stream"}

// A model is a results set seen through the rows it records: which
// implementations it has, in the file's order, what each is and its
// floors, and the notes each page collects about data it lacks. Nothing
// about a row comes from elsewhere than the file.
type model struct {
	set      *stats.Set
	recorded []resultfmt.Row // every row the file describes, in its order; nil in a file from before
	impls    []resultfmt.Row // the implementations with results: the described, then the others by name
	refs     []resultfmt.Row // reference rows with results: the seed's systems, measured outside Go
	procs    []int           // GOMAXPROCS values measured, ascending
	notes    map[string][]string
	warn     io.Writer
	ratios   map[ratioOf]ratioWas // Set.Ratio's answers, which several pages ask for again
	spread   *[]spreadGroup       // spreadGroups, once worked out
}

type ratioOf struct {
	a, b stats.Key
	unit string
}

type ratioWas struct {
	r  stats.Ratio
	ok bool
}

// ratio is m.set.Ratio(a, b, unit), worked out once a report: the pages
// read the same ratios (a Pipeline run's to its floors, its break-even)
// for their charts, tables and findings alike, and a paired ratio's
// interval resamples its rounds. Set.Ratio is deterministic, so the
// report is the same.
func (m *model) ratio(a, b stats.Key, unit string) (stats.Ratio, bool) {
	k := ratioOf{a, b, unit}
	w, done := m.ratios[k]
	if !done {
		w.r, w.ok = m.set.Ratio(a, b, unit)
		m.ratios[k] = w
	}
	return w.r, w.ok
}

func newModel(set *stats.Set, warn io.Writer) (*model, error) {
	m := &model{set: set, notes: map[string][]string{}, warn: warn, ratios: map[ratioOf]ratioWas{}}
	var err error
	if m.recorded, err = resultfmt.Parse(set.Config); err != nil {
		return nil, fmt.Errorf("%s: %w", set.Path, err)
	}
	names := set.Impls()
	has := func(r resultfmt.Row) bool { return slices.Contains(names, r.Name) }
	for _, r := range m.recorded {
		switch {
		case !has(r):
		case set.Reference(r.Name):
			m.refs = append(m.refs, r)
		case r.Kind == resultfmt.Implementation:
			m.impls = append(m.impls, r)
		}
	}
	for _, n := range names { // the rows the file does not describe
		if _, ok := resultfmt.Find(slices.Concat(m.impls, m.refs), n); ok {
			continue
		}
		if set.Reference(n) {
			m.refs = append(m.refs, resultfmt.Row{Name: n, Kind: resultfmt.Reference})
		} else {
			m.impls = append(m.impls, resultfmt.Row{Name: n, Kind: resultfmt.Implementation})
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
	if m.recorded == nil {
		m.note(answerTitle, "%s does not describe its rows (it was written before results files did): each row's description, traits, synchronisation and waiting, and floors are %s, and the pages that need them say so", set.Path, notRecorded)
	}
	return m, nil
}

// inputWarnings says what reading the results files found wrong with them
// (stats.Set.Warnings: a cut last line, uneven rounds, several runs pooled
// as one): on stderr now, and in a note at the foot of page 1, whose answer
// they put in doubt.
// A nil set is skipped.
func (m *model) inputWarnings(sets ...*stats.Set) {
	for _, s := range sets {
		if s == nil {
			continue
		}
		for _, w := range s.Warnings() {
			m.notes[answerTitle] = append(m.notes[answerTitle], w)
			fmt.Fprintf(m.warn, "report: warning: %s\n", w)
		}
	}
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
	if p := m.set.Config[resultfmt.KeyProfile]; p != "" && p != "full" {
		why = fmt.Sprintf(" (not in the %s profile, or not selected)", p)
	}
	m.note(page, "no %s result at GOMAXPROCS=%d for %s%s", what, procs, strings.Join(names, ", "), why)
}

// handoff is the Handoff benchmark of impl in a mode at a capacity, with
// the headline payload and no work.
func (m *model) handoff(impl, mode string, capacity, procs int) (stats.Key, bool) {
	return m.set.Lookup(stats.Key{Bench: "Handoff", Impl: impl, Mode: mode, Cap: capacity, Payload: payload, Procs: procs})
}

// floorOf is the floor benchmark under impl's benchmark k, if the file
// records one and has its results.
func (m *model) floorOf(im resultfmt.Row, k stats.Key) (stats.Key, string, bool) {
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

// capacities are the stream capacities measured with the headline payload.
func (m *model) capacities(procs int) []int {
	var caps []int
	for _, k := range m.set.Find(stats.Key{Bench: "Handoff", Mode: "stream", Payload: payload, Procs: procs}) {
		if k.Work == 0 && !slices.Contains(caps, k.Cap) {
			caps = append(caps, k.Cap)
		}
	}
	slices.Sort(caps)
	return caps
}

// idleKey is the Idle benchmark of impl at procs.
func (m *model) idleKey(impl string, procs int) (stats.Key, bool) {
	ks := m.set.Find(stats.Key{Bench: "Idle", Impl: impl, Procs: procs})
	if len(ks) == 0 {
		return stats.Key{}, false
	}
	return ks[0], true
}

// contentionKeys are the Contention benchmarks of impl ("" for any) in
// mode at procs, with n producers (0 for any). The stream's names carry no
// mode key (they predate the roundtrip's), so a key without one is a stream.
func (m *model) contentionKeys(impl, mode string, n, procs int) []stats.Key {
	var ks []stats.Key
	for _, k := range m.set.Find(stats.Key{Bench: "Contention", Impl: impl, Producers: n, Procs: procs}) {
		if cmp.Or(k.Mode, "stream") == mode {
			ks = append(ks, k)
		}
	}
	return ks
}

// contention is impl's Contention benchmark in mode with n producers.
func (m *model) contention(impl, mode string, n, procs int) (stats.Key, bool) {
	ks := m.contentionKeys(impl, mode, n, procs)
	if len(ks) == 0 {
		return stats.Key{}, false
	}
	return ks[0], true
}

// mostProducers is the most producers a Contention benchmark in mode ran
// with at procs, 0 if none ran.
func (m *model) mostProducers(mode string, procs int) int {
	n := 0
	for _, k := range m.contentionKeys("", mode, 0, procs) {
		n = max(n, k.Producers)
	}
	return n
}

// crossing are the implementations whose handler runs on another
// goroutine: the ones the locked vs lock-free pages compare.
func (m *model) crossing() []resultfmt.Row {
	var out []resultfmt.Row
	for _, im := range m.impls {
		if im.CrossesThreads() {
			out = append(out, im)
		}
	}
	return out
}

// untraited says whether some implementation's traits are not recorded,
// so that which ones cross goroutines is not known of every row.
func (m *model) untraited() bool {
	return slices.ContainsFunc(m.impls, func(im resultfmt.Row) bool { return im.Traits == nil })
}

// maxProcs is the largest GOMAXPROCS measured: where goroutines can run in
// parallel, which the cross-thread comparisons need.
func (m *model) maxProcs() int { return m.procs[len(m.procs)-1] }

// implOf is the row of an implementation with results, or a bare row for
// a name the file does not describe.
func (m *model) implOf(name string) resultfmt.Row {
	if r, ok := resultfmt.Find(m.impls, name); ok {
		return r
	}
	return resultfmt.Row{Name: name, Kind: resultfmt.Implementation}
}

func names(ims []resultfmt.Row) []string {
	out := make([]string, len(ims))
	for i, im := range ims {
		out[i] = im.Name
	}
	return out
}

// summary is a row's description, or "not recorded".
func summary(r resultfmt.Row) string {
	if r.Summary == "" {
		return notRecorded
	}
	return r.Summary
}

// language names who ran a reference row, or says it is not recorded.
func language(r resultfmt.Row) string {
	if r.Language == "" {
		return "language " + notRecorded
	}
	return r.Language
}

// significant says whether a ratio is shown to differ from 1.
func significant(r stats.Ratio) bool {
	if r.P > alpha {
		return false
	}
	return math.IsNaN(r.Lo) || r.Lo > 1 || r.Hi < 1
}
