package admission_test

import (
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoffbench/handoff"
	"github.com/handoffbench/handoff/internal/admission"
)

// TestCloseWaitsForProducersInside: Close returns only once every producer
// admitted before it has left, and admits nobody after.
func TestCloseWaitsForProducersInside(t *testing.T) {
	var g admission.Gate
	g.Init()
	require.True(t, g.Enter())
	require.True(t, g.Enter())
	closed := make(chan bool)
	go func() { closed <- g.Close() }()
	for range 2 {
		select {
		case <-closed:
			t.Fatal("Close returned with a producer inside")
		case <-time.After(10 * time.Millisecond):
		}
		g.Leave()
	}
	assert.True(t, <-closed, "the first Close says so")
	assert.False(t, g.Enter(), "a producer was admitted after Close")
	assert.False(t, g.Close(), "a second Close says it is not the first")
}

// TestOpenCountsNobody: a Conn of one producer at a time asks Open, which
// counts nobody, so Close never waits; after Close it is shut.
func TestOpenCountsNobody(t *testing.T) {
	var g admission.Gate
	g.Init()
	require.True(t, g.Open())
	require.True(t, g.EnterAs(true))
	assert.True(t, g.Close(), "nobody counted: Close does not wait")
	assert.False(t, g.Open())
	assert.False(t, g.EnterAs(true))
	assert.False(t, g.Enter())
}

// TestPanicReraisedOnce: after End with a panic, exactly one of many
// refused calls re-raises it, with its value; the rest get ErrClosed. An
// error's End re-raises nothing.
func TestPanicReraisedOnce(t *testing.T) {
	var g admission.Gate
	g.Init()
	g.End(handoff.NewPanicError("boom"))
	require.False(t, g.Enter())
	var wg sync.WaitGroup
	var mu sync.Mutex
	var raised []any
	var closed int
	for range 8 {
		wg.Go(func() {
			defer func() {
				if r := recover(); r != nil {
					mu.Lock()
					raised = append(raised, r)
					mu.Unlock()
				}
			}()
			if errors.Is(g.Refuse(), handoff.ErrClosed) {
				mu.Lock()
				closed++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	assert.Equal(t, []any{"boom"}, raised)
	assert.Equal(t, 7, closed)
	assert.NotPanics(t, g.Reraise, "a second re-raise")

	var e admission.Gate
	e.Init()
	e.End(nil)
	assert.NotPanics(t, func() { assert.ErrorIs(t, e.Refuse(), handoff.ErrClosed) })
}

// TestDrain: after a failure the consumer takes every item up to the end
// marker, refusing those that wait for a reply and counting the others.
func TestDrain(t *testing.T) {
	items := []int{1, -2, 3, 4, 0, 5} // negative: waits for a reply; 0: the marker
	var refused []int
	i := 0
	err := errors.New("handler failed")
	got := admission.Drain(err, func() (int, bool) { it := items[i]; i++; return it, it == 0 }, func(it int) bool {
		if it < 0 {
			refused = append(refused, it)
		}
		return it < 0
	})
	assert.Equal(t, &handoff.ConsumerError{Err: err, Unhandled: 3}, got)
	assert.Equal(t, []int{-2}, refused)
	assert.Equal(t, 5, i, "nothing taken past the marker")
}
