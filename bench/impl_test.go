package bench_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoffbench/handoff"
	"github.com/handoffbench/handoff/bench"
	"github.com/handoffbench/handoff/impls"
	"github.com/handoffbench/handoff/resultfmt"
)

// TestRegistryRows: the binary's rows are the registry's implementations,
// in order, each classified and with its traits, then its third-party
// floors, then the matrix's floors; their lines are writable.
func TestRegistryRows(t *testing.T) {
	rs := bench.Rows()
	ims := resultfmt.OfKind(rs, resultfmt.Implementation)
	require.Len(t, ims, len(impls.All))
	for i, r := range ims {
		im := impls.All[i]
		assert.Equal(t, im.Name, r.Name)
		assert.Equal(t, im.Traits, *r.Traits, im.Name)
		assert.Equal(t, im.CrossesThreads(), r.CrossesThreads(), im.Name)
		assert.Equal(t, im.ThirdParty(), r.ThirdParty(), im.Name)
		assert.True(t, r.Classified(), im.Name)
		assert.Nil(t, r.Payloads, "%s: the registry's rows take every payload", im.Name)
	}
	for _, f := range impls.Floors {
		r, ok := resultfmt.Find(rs, f.Name)
		require.True(t, ok, f.Name)
		assert.Equal(t, resultfmt.Floor, r.Kind)
		assert.Equal(t, f.Module, r.Module)
	}
	_, err := resultfmt.Lines(rs)
	assert.NoError(t, err)
}

// TestRowFloorsStream: a third-party row's floor hands every item over, in
// order, and Close waits for the last, at one and two Ps alike.
func TestRowFloorsStream(t *testing.T) {
	for _, f := range impls.Floors {
		t.Run(f.Name, func(t *testing.T) {
			var seen []int
			conn, err := f.Open(func(v int) (int, error) { seen = append(seen, v); return v, nil }, handoff.Options{Capacity: 16})
			require.NoError(t, err)
			for i := range 5000 {
				require.NoError(t, conn.Put(i))
			}
			require.NoError(t, conn.Close())
			require.Len(t, seen, 5000)
			for i, v := range seen {
				require.Equal(t, i, v)
			}
		})
	}
}
