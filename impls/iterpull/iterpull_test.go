package iterpull_test

import (
	"testing"

	"github.com/handoffbench/handoff/handofftest"
	"github.com/handoffbench/handoff/impls/iterpull"
)

func TestConformance(t *testing.T) { handofftest.Run(t, iterpull.Open[int, int], iterpull.Traits) }
