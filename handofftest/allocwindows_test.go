package handofftest

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAllocWindows is ZeroAlloc's verdict on made-up counts: a clean window
// after allocating ones passes, and only a run of allocating windows fails.
func TestAllocWindows(t *testing.T) {
	for _, tc := range []struct {
		name      string
		counts    []int64 // what each window measures, in turn
		want      []int64
		wantClean bool
	}{
		{"clean at once", []int64{0, 5, 5}, []int64{0}, true},
		{"one allocating, then clean", []int64{1, 0, 7}, []int64{1, 0}, true},
		{"clean last", []int64{1, 1, 0}, []int64{1, 1, 0}, true},
		{"every window allocating", []int64{1, 1, 1}, []int64{1, 1, 1}, false},
		{"every window allocating much", []int64{5000, 4999, 5001}, []int64{5000, 4999, 5001}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			i := 0
			counts, clean, err := allocWindows(3, func() (int64, error) { i++; return tc.counts[i-1], nil })
			require.NoError(t, err)
			assert.Equal(t, tc.want, counts)
			assert.Equal(t, tc.wantClean, clean)
		})
	}
	t.Run("error", func(t *testing.T) {
		boom := errors.New("boom")
		_, clean, err := allocWindows(3, func() (int64, error) { return 0, boom })
		assert.ErrorIs(t, err, boom)
		assert.False(t, clean)
	})
}

// TestRuntimeOwn tells the runtime refilling its caches from the code that
// called it allocating.
func TestRuntimeOwn(t *testing.T) {
	for _, tc := range []struct {
		frames []string
		want   bool
	}{
		{[]string{"runtime.mallocgc", "runtime.newobject", "runtime.acquireSudog", "sync.runtime_notifyListWait", "sync.(*Cond).Wait", "example.com/q.(*conn).wait"}, true},
		{[]string{"runtime.mallocgc", "runtime.newobject", "runtime.(*timers).addHeap", "time.Sleep"}, true},
		{[]string{"runtime.mallocgc", "runtime.newobject", "example.com/q.(*conn[...]).Send"}, false},
		{[]string{"runtime.mallocgcSmallScanNoHeader", "runtime.mallocgc", "runtime.growslice", "example.com/q.(*conn).Put"}, false},
		{[]string{"runtime.mallocgc", "runtime.newarray", "internal/runtime/maps.newarray", "internal/runtime/maps.newTable", "runtime.mapassign_fast64", "example.com/q.(*conn).Put"}, false},
		{[]string{"runtime.mallocgc", "runtime.makechan", "example.com/q.(*conn).Send"}, false},
		{nil, false},
	} {
		assert.Equal(t, tc.want, runtimeOwn(tc.frames), "%v", tc.frames)
	}
}
