package mutexqueue_test

import (
	"testing"

	"github.com/handoffbench/handoff/handofftest"
	"github.com/handoffbench/handoff/impls/mutexqueue"
)

func TestConformance(t *testing.T) { handofftest.Run(t, mutexqueue.Open[int, int], mutexqueue.Traits) }

func TestConformanceSpin(t *testing.T) {
	handofftest.Run(t, mutexqueue.OpenSpin[int, int], mutexqueue.Traits)
}
