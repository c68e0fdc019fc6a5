package bench

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/handoffbench/handoff/impls"
	"github.com/handoffbench/handoff/resultfmt"
)

// TestUseRefuses: Main stops, naming the row, before it measures rows it
// could not describe: none at all, one without Open, one named as a floor,
// or one classed outside resultfmt's Sync and Wait constants.
func TestUseRefuses(t *testing.T) {
	saved := measured
	t.Cleanup(func() { measured = saved })
	open := Registry()[0].Open
	for _, tc := range []struct {
		ims  []Impl
		want string
	}{
		{nil, "no rows to measure"},
		{[]Impl{{Name: "mine"}}, `row "mine": no Open`},
		{[]Impl{{Name: "funccall", Open: open}}, `row "funccall": the name of a floor`},
		{[]Impl{{Name: "mine", Sync: "mutx", Wait: resultfmt.WaitPark, Traits: impls.All[0].Traits, Open: open}}, `row "mine": sync "mutx": want one of mutex,`},
	} {
		assert.ErrorContains(t, use(tc.ims), tc.want)
	}
	assert.NoError(t, use([]Impl{{Name: "mine", Sync: resultfmt.SyncMutex, Wait: resultfmt.WaitPark, Traits: impls.All[0].Traits, Open: open}}))
}
