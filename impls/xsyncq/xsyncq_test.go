package xsyncq_test

import (
	"testing"

	"github.com/handoffbench/handoff/handofftest"
	"github.com/handoffbench/handoff/impls/xsyncq"
)

func TestConformanceSPSC(t *testing.T) {
	handofftest.Run(t, xsyncq.OpenSPSC[int, int], xsyncq.SPSCTraits)
}

func TestConformanceMPMC(t *testing.T) {
	handofftest.Run(t, xsyncq.OpenMPMC[int, int], xsyncq.MPMCTraits)
}
