package stats

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/perf/benchfmt"

	"github.com/handoffbench/handoff/resultfmt"
)

// A Run is one run of handoff bench within a results file, as the
// configuration lines it wrote above its results say. benchfmt scopes each
// configuration line to the results after it, so where date, commit or
// order-seed change, another run's results begin: two files concatenated
// (cat a.txt b.txt) hold two runs.
type Run struct {
	Date, Commit, Seed string // as the file writes them; "" where it does not
	Rounds             int    // the rounds the run recorded (rounds:); 0 if none
	Line               int    // the line of its first result
}

// String is the run's date, commit, seed and first line.
func (r Run) String() string {
	or := func(s string) string { return cmp.Or(s, "unknown") }
	return fmt.Sprintf("%s (commit %s, seed %s, from line %d)", or(r.Date), or(r.Commit), or(r.Seed), r.Line)
}

func (r Run) same(o Run) bool { return r.Date == o.Date && r.Commit == o.Commit && r.Seed == o.Seed }

// Runs are the runs whose results the file holds, in file order: one for a
// file bench wrote (or one with no such configuration lines), several for
// files concatenated. The set pools their results: Values, Summary and
// Compare see one sample per benchmark, Config is the first run's, and
// Warnings says that the file holds several runs.
func (s *Set) Runs() []Run { return s.runs }

// Rounds is how many results benchmark k has: its rounds, summed over the
// runs.
func (s *Set) Rounds(k Key) int { return s.rounds[k] }

// Warnings are what reading found wrong with the file short of refusing
// it, each naming the file, and the line where there is one: a last line
// cut short (left out of the set), benchmarks with uneven rounds or with
// other than the rounds the file records, several runs in one file.
// A file bench wrote whole has none.
func (s *Set) Warnings() []string { return s.warnings }

// track counts result r of benchmark k, and starts a run where r's run
// configuration differs from the result's before it.
func (s *Set) track(k Key, r *benchfmt.Result) {
	if s.rounds == nil {
		s.rounds = map[Key]int{}
	}
	s.rounds[k]++
	_, s.lastLine = r.Pos()
	run := Run{Date: r.GetConfig(resultfmt.KeyDate), Commit: r.GetConfig(resultfmt.KeyCommit), Seed: r.GetConfig(resultfmt.KeyOrderSeed), Line: s.lastLine}
	run.Rounds, _ = strconv.Atoi(r.GetConfig(resultfmt.KeyRounds))
	if n := len(s.runs); n == 0 || !s.runs[n-1].same(run) {
		s.runs = append(s.runs, run)
	}
}

// A roundGroup is the benchmarks that have n rounds.
type roundGroup struct {
	n    int
	keys []Key
}

// roundGroups groups the timed benchmarks by their rounds, the largest
// group first.
func (s *Set) roundGroups() []roundGroup {
	var gs []roundGroup
	for _, k := range s.keys {
		if s.rounds[k] == 0 {
			continue // counted, not timed
		}
		i := slices.IndexFunc(gs, func(g roundGroup) bool { return g.n == s.rounds[k] })
		if i < 0 {
			gs, i = append(gs, roundGroup{n: s.rounds[k]}), len(gs)
		}
		gs[i].keys = append(gs[i].keys, k)
	}
	slices.SortStableFunc(gs, func(a, b roundGroup) int { return cmp.Or(cmp.Compare(len(b.keys), len(a.keys)), cmp.Compare(b.n, a.n)) })
	return gs
}

// RoundsSummary says how many rounds the timed benchmarks have: "10 rounds
// of every benchmark", or where they differ, "uneven rounds: 10 of 27
// benchmarks, 4 of Handoff/impl=channels/…".
func (s *Set) RoundsSummary() string {
	gs := s.roundGroups()
	switch len(gs) {
	case 0:
		return "instruction counts alone, no timed rounds"
	case 1:
		return plural(gs[0].n, "round") + " of every benchmark"
	}
	parts := make([]string, len(gs))
	for i, g := range gs {
		what := plural(len(g.keys), "benchmark")
		if len(g.keys) <= 2 {
			names := make([]string, len(g.keys))
			for j, k := range g.keys {
				names[j] = k.Name
			}
			what = strings.Join(names, " and ")
		}
		parts[i] = fmt.Sprintf("%d of %s", g.n, what)
	}
	return "uneven rounds: " + strings.Join(parts, ", ")
}

// recorded is the rounds the file's runs recorded, summed, or 0 if a run
// did not record them.
func (s *Set) recorded() int {
	total := 0
	for _, r := range s.runs {
		if r.Rounds <= 0 {
			return 0
		}
		total += r.Rounds
	}
	return total
}

// runWarnings are the warnings about the file's runs and rounds.
func (s *Set) runWarnings() []string {
	var ws []string
	if len(s.runs) > 1 {
		runs := make([]string, len(s.runs))
		for i, r := range s.runs {
			runs[i] = r.String()
		}
		ws = append(ws, fmt.Sprintf("%s holds %d runs, pooled here as one: %s", s.Path, len(s.runs), strings.Join(runs, "; ")))
	}
	want := s.recorded()
	records := ""
	switch {
	case want > 0 && len(s.runs) == 1:
		records = fmt.Sprintf("; the run recorded %s", plural(want, "round"))
	case want > 0:
		records = fmt.Sprintf("; its %d runs recorded %s in all", len(s.runs), plural(want, "round"))
	}
	gs := s.roundGroups()
	switch {
	case len(gs) == 0: // counts alone
	case s.Config[resultfmt.KeySequential] == "true":
		// A sequential run stops each benchmark when it is decided: its
		// counts differ by design, and a cut shows only in the last line.
	case len(gs) > 1 || want > 0 && gs[0].n < want:
		ws = append(ws, fmt.Sprintf("%s: %s%s: the file may have been cut (its last result is at line %d) or edited", s.Path, s.RoundsSummary(), records, s.lastLine))
	case want > 0 && gs[0].n > want:
		ws = append(ws, fmt.Sprintf("%s: %s%s: the file may hold a run twice, or have been edited", s.Path, s.RoundsSummary(), records))
	}
	return ws
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
