package report

import (
	"image/color"
	"io"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/handoffbench/handoff/report/internal/plotters"
	"github.com/handoffbench/handoff/report/internal/render"
)

// TestBarsPastANarrowAxis: bars, steps and strips whose values lie far
// past an axis of a denormal's width draw, and in a moment: their
// transforms were ±Inf, and the rasteriser looped on them for ever (found
// by FuzzReport).
func TestBarsPastANarrowAxis(t *testing.T) {
	s := newSeries("a", 2)
	s.vals = []float64{5e-324, -1e9}
	s.lo, s.hi = []float64{-1e9, -1e9}, []float64{1e300, 1e300}
	p := groupedBars("narrow", "ns", []string{"x", "y"}, []*series{s}, false)
	p.Add(&plotters.Steps{Vals: []float64{-1e9, 1e9}, Lo: []float64{-1e9, 0}, Hi: []float64{1e9, 1e9}, Own: []bool{false, false}, Width: 10, Base: stepBase, Up: stepUp, Down: stepDown})
	p.Add(&plotters.Strip{X: 0, Vals: []float64{-1e9}, Center: -1e9, Lo: -1e9, Hi: 1e9, Band: 0.1, Color: color.Black})
	p.Y.Min, p.Y.Max = 0, 5e-324
	done := make(chan error, 1)
	go func() {
		done <- render.Chart{Stem: "narrow", Title: "narrow", Plot: p}.Write(io.Discard, "png", 300, 200)
	}()
	select {
	case err := <-done:
		assert.NoError(t, err)
	case <-time.After(20 * time.Second):
		t.Fatal("the chart has not drawn in 20 s")
	}
}
