package handofftest

import (
	"testing"

	"go.uber.org/goleak"

	"github.com/handoffbench/handoff"
	"github.com/handoffbench/handoff/impls"
)

// FuzzModel runs one script, decoded from the fuzz input, on every
// registered implementation and checks it against the reference model: Fuzz
// over the whole registry at once.
//
//	go test -fuzz=FuzzModel ./handofftest
func FuzzModel(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		ignore := goleak.IgnoreCurrent()
		for _, im := range impls.All {
			open := func(h handoff.Handler[int, int], o handoff.Options) (handoff.Conn[int, int], error) {
				return impls.Open(im.Name, h, o)
			}
			fuzzOne(t, im.Name, b, open, im.Traits, ignore)
		}
	})
}
