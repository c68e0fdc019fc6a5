package report

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/handoffbench/handoff/resultfmt"
	"github.com/handoffbench/handoff/stats"
)

// appendixPage is the last page's title: the environment and the method.
const appendixPage = "Appendix: environment and method"

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
			m.notes[answerPage] = append(m.notes[answerPage], w)
			fmt.Fprintf(m.warn, "report: warning: %s\n", w)
		}
	}
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
