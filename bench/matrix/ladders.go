package matrix

// A Ladder is the cost of one in-thread implementation taken apart: steps
// from a bare call up to the implementation itself, each the step below
// plus one thing, all measured in the same run, so that the difference
// between two steps is what the thing costs. A step that costs nothing
// (within the noise) says the mechanism it adds is free.
type Ladder struct {
	Impl  string // the implementation at the top
	Steps []Step
}

// A Step is a case of the matrix and what it adds to the step below.
type Step struct {
	Case
	Adds string
}

func floorStep(name, adds string) Step {
	return Step{Case{Bench: Floor, Impl: name, Mode: Roundtrip, Payload: P8B}, adds}
}

// Ladders are the statemachine's and iterpull's, in the order they are
// drawn. Every step is an int payload with no work in the handler.
var Ladders = []Ladder{
	{"statemachine", []Step{
		floorStep(LadderSMDirect, "the loop and the handler's body, inlined"),
		floorStep(LadderSMFuncValue, "a call through a func value"),
		floorStep(FuncCall, "through the Conn interface"),
		floorStep(LadderSMDict, "a generic method's dictionary"),
		floorStep(LadderSMRecover, "the deferred recover"),
		floorStep(LadderSMSwitch, "the state switch"),
		{Case{Bench: Handoff, Impl: "statemachine", Mode: Roundtrip, Payload: P8B}, "the full implementation"},
	}},
	{"iterpull", []Step{
		floorStep(LadderIPNext, "iter.Pull's next and yield"),
		floorStep(IterPullRoundtrip, "the reply passed by yield"),
		floorStep(LadderIPChecks, "the contract's checks"),
		{Case{Bench: Handoff, Impl: "iterpull", Mode: Roundtrip, Payload: P8B}, "the full implementation"},
		{Case{Bench: Handoff, Impl: "iterpull", Mode: Stream, Cap: 256, Payload: P8B}, "Put, batched 257 items a switch"},
	}},
}
