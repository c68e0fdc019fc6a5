package matrix

import "github.com/handoffbench/handoff/internal/rows"

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
}

// FloorRows describes the floors as a results file records them, in the
// order of Floors.
func FloorRows() []rows.Row {
	out := make([]rows.Row, len(Floors))
	for i, f := range Floors {
		out[i] = rows.Row{Name: f, Kind: rows.Floor, Summary: floorSummaries[f]}
	}
	return out
}
