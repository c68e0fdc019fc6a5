package report

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/handoffbench/handoff/report/internal/render"
	"github.com/handoffbench/handoff/resultfmt"
)

// appendixTitle is the last page's title: the environment and the method.
const appendixTitle = "Appendix: environment and method"

// appendixPage is the last page: the environment, the implementations and
// the method, which the answer on page 1 rests on.
func (m *model) appendixPage() render.Page {
	cfg := m.set.Config
	get := func(k string) string {
		if v := strings.TrimSpace(cfg[k]); v != "" {
			return v
		}
		return "unknown"
	}
	commit := get(resultfmt.KeyCommit)
	if cfg[resultfmt.KeyDirty] == "true" {
		commit += " (with uncommitted changes)"
	}
	env := render.Table{
		Title:  "Environment",
		Header: []string{"", ""},
		Rows: [][]string{
			{"cpu", get("cpu")},
			{"goos/goarch", get("goos") + "/" + get("goarch")},
			{"Go", get(resultfmt.KeyGo)},
			{"GOMAXPROCS", get(resultfmt.KeyGOMAXPROCS)},
			{"commit", commit},
			{"date", m.runDates()},
			{"profile", fmt.Sprintf("%s: %s, each run for %s, in an order shuffled per round (%s)", get(resultfmt.KeyProfile), m.set.RoundsSummary(), get(resultfmt.KeyBenchtime), m.runSeeds())},
			{"results", m.set.Path},
		},
	}
	var im render.Table
	im.Title = "Implementations"
	im.Header = []string{"name", "how an item crosses", "producers", "the handler runs on", "reentry"}
	for _, i := range m.impls {
		if i.Traits == nil {
			im.Rows = append(im.Rows, []string{i.Name, summary(i), notRecorded, notRecorded, notRecorded})
			continue
		}
		t := i.Traits
		// A handler calling its own Conn: a single-producer ring races with
		// the producer (rule 7); the others wait for themselves.
		producers, reentry := "one", "races with the producer"
		if t.ConcurrentProducers {
			producers, reentry = "many", "deadlocks"
		}
		if t.DetectsReentry {
			reentry = "detected"
		}
		runs := "a goroutine of the Conn"
		switch {
		case t.OnProducerGoroutine:
			runs = "the producer's goroutine"
		case t.Synchronous:
			runs = "its own, while the producer waits"
		}
		im.Rows = append(im.Rows, []string{i.Name, summary(i), producers, runs, reentry})
	}
	var counts render.Table
	if m.counted() {
		counts = render.Table{Title: "Instruction counts", Header: []string{"row", "what was counted, and why not the rest"}}
		for _, r := range m.recorded {
			if r.Counts != "" {
				counts.Rows = append(counts.Rows, []string{r.Name, r.Counts})
			}
		}
	}
	p := render.Page{
		Title: appendixTitle,
		Intro: []string{
			"Each implementation of one producer–consumer contract (the Python generator protocol of the project's seed: prime, send and get a reply, close) is measured doing the same exchange, beside the raw mechanism it is built on. Every run is validated — every item handled once, replies matched — and reports CPU time, mutex waits and scheduling delay beside wall time. Values are medians over the rounds with 95% confidence intervals; differences are called significant at p of 0.05 or less (Mann–Whitney U), each finding tested alone and not corrected for the two dozen in a report, so about one in twenty differences called significant may be chance.",
			fmt.Sprintf("Reproduce: make bench PROFILE=%s (or go run ./cmd/handoff bench -profile=%s -seed=%s for the same order), then make report RESULTS=<results file>.", get(resultfmt.KeyProfile), get(resultfmt.KeyProfile), get(resultfmt.KeyOrderSeed)),
		},
		Tables: slices.DeleteFunc([]render.Table{env, im, counts}, func(t render.Table) bool { return len(t.Rows) == 0 }),
	}
	if m.counted() {
		p.Intro = append(p.Intro, "Instruction counts (make bench COUNTS=1): "+cfg[resultfmt.KeyCounts]+".")
	}
	return p
}

// runDates is the environment table's date: the run's, or each run's where
// the file holds several.
func (m *model) runDates() string {
	runs := m.set.Runs()
	if len(runs) < 2 {
		return cmp.Or(strings.TrimSpace(m.set.Config[resultfmt.KeyDate]), "unknown")
	}
	dates := make([]string, len(runs))
	for i, r := range runs {
		dates[i] = cmp.Or(r.Date, "unknown")
	}
	return fmt.Sprintf("%s: %d runs in one file, pooled as one", strings.Join(dates, " and "), len(runs))
}

// runSeeds is the order seed of the run, or of each run.
func (m *model) runSeeds() string {
	runs := m.set.Runs()
	if len(runs) < 2 {
		return "seed " + cmp.Or(strings.TrimSpace(m.set.Config[resultfmt.KeyOrderSeed]), "unknown")
	}
	seeds := make([]string, len(runs))
	for i, r := range runs {
		seeds[i] = cmp.Or(r.Seed, "unknown")
	}
	return "seeds " + strings.Join(seeds, " and ")
}
