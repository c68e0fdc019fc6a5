package resultfmt

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/handoffbench/handoff"
)

// maxCapacity is the traits line's word for Traits.MaxCapacity.
const maxCapacity = "max-capacity"

// flags are the traits line's words for handoff.Traits' flags, in the
// order the line writes them.
func flags(t *handoff.Traits) []struct {
	word string
	on   *bool
} {
	return []struct {
		word string
		on   *bool
	}{
		{"concurrent-producers", &t.ConcurrentProducers},
		{"detects-reentry", &t.DetectsReentry},
		{"synchronous", &t.Synchronous},
		{"on-producer-goroutine", &t.OnProducerGoroutine},
		{"allocates", &t.Allocates},
	}
}

// FormatTraits writes traits as the traits line does: the words of the
// flags that are true, then max-capacity=N, comma-separated.
func FormatTraits(t handoff.Traits) string {
	var words []string
	for _, f := range flags(&t) {
		if *f.on {
			words = append(words, f.word)
		}
	}
	return strings.Join(append(words, maxCapacity+"="+strconv.Itoa(t.MaxCapacity)), ",")
}

// ParseTraits reads a traits line's value: a flag left out is false. A
// word it does not know is an error that names it.
func ParseTraits(s string) (handoff.Traits, error) {
	var t handoff.Traits
	fs := flags(&t)
	for _, w := range strings.Split(s, ",") {
		w = strings.TrimSpace(w)
		if n, ok := strings.CutPrefix(w, maxCapacity+"="); ok {
			c, err := strconv.Atoi(n)
			if err != nil || c < 0 {
				return t, fmt.Errorf("%s=%q: want a count", maxCapacity, n)
			}
			t.MaxCapacity = c
			continue
		}
		known := false
		for _, f := range fs {
			if f.word == w {
				*f.on, known = true, true
			}
		}
		if !known {
			words := []string{maxCapacity + "=N"}
			for _, f := range fs {
				words = append(words, f.word)
			}
			return t, fmt.Errorf("unknown trait %q (known: %s)", w, strings.Join(words, ", "))
		}
	}
	return t, nil
}
