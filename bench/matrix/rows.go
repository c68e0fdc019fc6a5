package matrix

import (
	"slices"

	"github.com/handoffbench/handoff/resultfmt"
)

// floorSummaries say what each floor measures, in one line: what a results
// file records of it (FloorRows).
var floorSummaries = map[string]string{
	FuncCall:           "an indirect call through a func value, on the producer's thread",
	ChanPingPong:       "a request and a reply over two unbuffered channels between two goroutines",
	ChanStream:         "sends on a buffered channel to a goroutine ranging over it",
	MutexCondPingPong:  "a slot under a sync.Mutex, two sync.Conds to wait",
	IterPullRoundtrip:  "set a variable, call iter.Pull's next, read the yielded reply",
	AtomicSpinPingPong: "the machine's cross-core limit: two goroutines each spinning on its own cache-line-padded atomic, one roundtrip per op",
	AtomicSpinStream:   "the machine's cross-core limit one way: a ring whose indices are published in batches, both sides spinning",
	LadderSMDirect:     "statemachine's ladder: the loop calls the handler's body, inlined",
	LadderSMFuncValue:  "statemachine's ladder: the loop calls the handler through a func value",
	LadderSMDict:       "statemachine's ladder: funccall with Send a generic method out of line, through its dictionary",
	LadderSMRecover:    "statemachine's ladder: the dictionary step plus the deferred recover",
	LadderSMSwitch:     "statemachine's ladder: the recover step plus the switch on the state field",
	LadderIPNext:       "iterpull's ladder: iter.Pull's next alone, item and reply in fields",
	LadderIPChecks:     "iterpull's ladder: iterpull-roundtrip plus the contract's checks on both sides",
	Serial:             "the pipeline's serial time: the producer's work and the handler's, one after the other in one goroutine, no handoff",
	OverlapLimit:       "the pipeline's overlap limit: the larger side's work alone, what a handoff that hid the other side entirely would cost",
}

// FloorRows describes the floors as a results file records them, in the
// order of Floors and then PipelineFloors.
func FloorRows() []resultfmt.Row {
	var out []resultfmt.Row
	for _, f := range slices.Concat(Floors, PipelineFloors) {
		out = append(out, resultfmt.Row{Name: f, Kind: resultfmt.Floor, Summary: floorSummaries[f]})
	}
	return out
}
