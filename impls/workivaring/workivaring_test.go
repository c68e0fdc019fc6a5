package workivaring_test

import (
	"testing"

	"github.com/handoffbench/handoff/handofftest"
	"github.com/handoffbench/handoff/impls/workivaring"
)

func TestConformance(t *testing.T) {
	handofftest.Run(t, workivaring.Open[int, int], workivaring.Traits)
}
