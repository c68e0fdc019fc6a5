package channels_test

import (
	"testing"

	"github.com/handoffbench/handoff/handofftest"
	"github.com/handoffbench/handoff/impls/channels"
)

func TestConformance(t *testing.T) { handofftest.Run(t, channels.Open[int, int], channels.Traits) }
