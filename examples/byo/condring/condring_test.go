package condring_test

import (
	"testing"

	"github.com/handoffbench/handoff/examples/byo/condring"
	"github.com/handoffbench/handoff/handofftest"
)

func TestConformance(t *testing.T) { handofftest.Run(t, condring.Open[int, int], condring.Traits) }

func FuzzModel(f *testing.F) { handofftest.Fuzz(f, condring.Open[int, int], condring.Traits) }
