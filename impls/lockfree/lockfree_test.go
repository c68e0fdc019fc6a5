package lockfree_test

import (
	"testing"

	"github.com/handoffbench/handoff"
	"github.com/handoffbench/handoff/handofftest"
	"github.com/handoffbench/handoff/impls/lockfree"
)

func TestConformance(t *testing.T) { handofftest.Run(t, lockfree.Open[int, int], lockfree.Traits) }

func TestConformancePark(t *testing.T) {
	handofftest.Run(t, func(h handoff.Handler[int, int], o handoff.Options) (handoff.Conn[int, int], error) {
		return lockfree.OpenWait(h, o, lockfree.Park)
	}, lockfree.Traits)
}

func TestConformanceSpin(t *testing.T) {
	handofftest.Run(t, func(h handoff.Handler[int, int], o handoff.Options) (handoff.Conn[int, int], error) {
		return lockfree.OpenWait(h, o, lockfree.Spin)
	}, lockfree.Traits)
}

func TestConformanceAdaptive(t *testing.T) {
	handofftest.Run(t, func(h handoff.Handler[int, int], o handoff.Options) (handoff.Conn[int, int], error) {
		return lockfree.OpenWait(h, o, lockfree.Adaptive)
	}, lockfree.Traits)
}
