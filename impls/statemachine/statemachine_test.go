package statemachine_test

import (
	"testing"

	"github.com/handoffbench/handoff/handofftest"
	"github.com/handoffbench/handoff/impls/statemachine"
)

func TestConformance(t *testing.T) {
	handofftest.Run(t, statemachine.Open[int, int], statemachine.Traits)
}
