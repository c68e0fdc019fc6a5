package gate

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/handoffbench/handoff/bench/matrix"
)

// TestUndecidedUnits: the benchmarks a look leaves undecided, named as the
// results files name them, select the units the next rounds run.
func TestUndecidedUnits(t *testing.T) {
	a := matrix.Unit{Case: matrix.Case{Bench: matrix.Handoff, Impl: "a", Mode: matrix.Roundtrip, Payload: matrix.P8B}, Procs: 1}
	b := matrix.Unit{Case: matrix.Case{Bench: matrix.Handoff, Impl: "b", Mode: matrix.Roundtrip, Payload: matrix.P8B}, Procs: 2}
	got := undecided([]matrix.Unit{a, b}, []string{"Handoff/impl=b/mode=roundtrip/cap=0/payload=8B/work=0-2"})
	assert.Equal(t, []matrix.Unit{b}, got)
}
