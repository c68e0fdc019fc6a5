package report

import (
	"fmt"
	"math"
	"slices"

	"github.com/handoffbench/handoff/report/internal/render"
)

// headlineTitle is the title of page 2: every implementation's numbers in
// each headline exchange, a table per GOMAXPROCS value.
const headlineTitle = "Headline"

// headlinePage is page 2: what the headline tables hold, and the tables.
func (m *model) headlinePage() render.Page {
	p := render.Page{
		Title:  headlineTitle,
		Intro:  []string{"Median cost per op with its 95% confidence interval (as benchstat computes it), allocations and process CPU time per op, the ratio to the fastest implementation in the same mode, and the ratio to the implementation's own raw mechanism measured by the same loop (its floor). An int payload, no work in the handler."},
		Tables: m.headlineTables(),
	}
	if m.counted() {
		p.Intro = append(p.Intro, "In the last column, "+countsNote)
	}
	return p
}

// headlineModes are the exchanges the headline compares: a round trip, and
// streams at a small and a large capacity.
var headlineModes = []exchange{{"roundtrip", 0}, {"stream", 16}, {"stream", 256}}

// headlineTables are the tables of page 2, one per GOMAXPROCS value: for each
// implementation and mode, the median ns/op with its 95% interval,
// allocations and CPU time per op, the ratio to the fastest implementation
// in that mode and the ratio to the implementation's own floor.
func (m *model) headlineTables() []render.Table {
	var tables []render.Table
	for _, p := range m.procs {
		t := render.Table{
			Title:  fmt.Sprintf("GOMAXPROCS=%d", p),
			Header: []string{"implementation", "mode", "ns/op (95% CI)", "allocs/op", "cpu-ns/op", "× fastest", "× floor", "floor"},
			Right:  []bool{false, false, true, true, true, true, true, false},
		}
		if m.counted() {
			t.Header, t.Right = append(t.Header, instr), append(t.Right, true)
		}
		for _, hm := range headlineModes {
			fastest := math.Inf(1)
			for _, im := range m.impls {
				if k, ok := m.handoff(im.Name, hm.mode, hm.capacity, p); ok {
					fastest = math.Min(fastest, m.set.Center(k, ns))
				}
			}
			for _, im := range m.impls {
				k, ok := m.handoff(im.Name, hm.mode, hm.capacity, p)
				if !ok {
					continue
				}
				s, _ := m.set.Summary(k, ns)
				row := []string{im.Name, modeLabel(hm.mode, hm.capacity), fmtSummary(s), "–", "–", fmtRatio(s.Center / fastest), "–", ""}
				if a, ok := m.set.Summary(k, "allocs/op"); ok {
					row[3] = fmtCount(a.Center)
				}
				if c, ok := m.set.Summary(k, "cpu-ns/op"); ok {
					row[4] = fmtNS(c.Center)
				}
				if f, name, ok := m.floorOf(im, k); ok {
					row[6] = fmtRatio(s.Center / m.set.Center(f, ns))
					row[7] = name
				} else if name != "" && !(p == 1 && slices.Contains([]string{limitFloor["roundtrip"], limitFloor["stream"]}, name)) { // the spinning floors need two Ps
					m.note(headlineTitle, "no %s floor at GOMAXPROCS=%d for %s's %s", name, p, im.Name, modeLabel(hm.mode, hm.capacity))
				}
				if m.counted() {
					row = append(row, fmtInstr(m.count(k)))
				}
				t.Rows = append(t.Rows, row)
			}
		}
		if len(t.Rows) > 0 {
			tables = append(tables, t)
		}
	}
	return tables
}
