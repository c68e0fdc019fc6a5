package adapt

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeProducer drives an adapter as publish does, on a clock that moves
// by the cost of each call in the current way of waiting.
type fakeProducer struct {
	t      *testing.T
	a      *Adapter
	clock  time.Time
	calls  uint64
	lookAt uint64
	parkNS time.Duration // what a call costs while parking
	spinNS time.Duration // and while spinning
}

func newFakeProducer(t *testing.T, park, spin time.Duration) *fakeProducer {
	p := &fakeProducer{t: t, clock: time.Unix(0, 0), parkNS: park, spinNS: spin, lookAt: 1}
	p.a = New(func() time.Time { return p.clock })
	return p
}

// call is one producer call: it costs parkNS or spinNS, as the adapter
// says to wait now.
func (p *fakeProducer) call() {
	if p.a.spin.Load() {
		p.clock = p.clock.Add(p.spinNS)
	} else {
		p.clock = p.clock.Add(p.parkNS)
	}
	p.calls++
	if p.calls >= p.lookAt {
		p.lookAt = p.a.Step(p.calls)
	}
}

// run makes calls for d of the fake clock.
func (p *fakeProducer) run(d time.Duration) {
	end := p.clock.Add(d)
	for p.clock.Before(end) {
		p.call()
	}
}

// settle runs until the adapter holds a choice, and returns it.
func (p *fakeProducer) settle() bool {
	for range 10_000_000 {
		if p.a.phase == holding {
			return p.a.chose
		}
		p.call()
	}
	p.t.Fatal("the adapter never chose")
	return false
}

func TestAdapterChoosesTheFasterWay(t *testing.T) {
	for _, tc := range []struct {
		name       string
		park, spin time.Duration
		spins      bool
	}{
		{"spinning twice as fast", 600 * time.Nanosecond, 300 * time.Nanosecond, true},
		{"parking twice as fast", 300 * time.Nanosecond, 600 * time.Nanosecond, false},
		{"spinning 5% faster: a tie, which parking takes", 600 * time.Nanosecond, 570 * time.Nanosecond, false},
		{"spinning 15% faster", 600 * time.Nanosecond, 510 * time.Nanosecond, true},
		{"a stream, spinning faster", 30 * time.Nanosecond, 20 * time.Nanosecond, true},
		{"under load: a spin takes a time slice", 600 * time.Nanosecond, 3 * time.Millisecond, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := newFakeProducer(t, tc.park, tc.spin)
			assert.False(t, p.a.spin.Load(), "a new Conn measures parking first")
			assert.Equal(t, tc.spins, p.settle())
			assert.Equal(t, tc.spins, p.a.spin.Load())
		})
	}
}

func TestAdapterSampleCost(t *testing.T) {
	// A measurement lasts its warm-ups and samples, whatever a call costs:
	// under load, where a spinning call takes a millisecond, it stops once
	// a sample's time is up, after a few calls, not a count of them.
	p := newFakeProducer(t, 600*time.Nanosecond, time.Millisecond)
	start := p.clock
	require.False(t, p.settle())
	assert.Less(t, p.clock.Sub(start), 2*(warmFor+sampleFor)+20*time.Millisecond)
}

func TestAdapterHold(t *testing.T) {
	p := newFakeProducer(t, 600*time.Nanosecond, 300*time.Nanosecond)
	require.True(t, p.settle())
	assert.Equal(t, minHold, p.a.hold)

	// The choice holds for its hold, then the adapter measures again, and
	// a confirmed choice holds twice as long, up to maxHold.
	for want := 2 * minHold; want <= maxHold; want = min(2*want, maxHold) {
		p.run(p.a.hold - time.Millisecond)
		require.Equal(t, holding, p.a.phase, "measured again before the hold was over")
		p.run(2 * time.Millisecond)
		require.NotEqual(t, holding, p.a.phase, "the hold did not end")
		require.True(t, p.settle())
		require.Equal(t, want, p.a.hold)
		if want == maxHold {
			break
		}
	}

	// A change of the machine makes a change of choice, held for minHold.
	p.spinNS = 2 * time.Microsecond
	p.run(maxHold + time.Millisecond)
	require.False(t, p.settle())
	assert.Equal(t, minHold, p.a.hold)
}

func TestAdapterMisses(t *testing.T) {
	t.Run("a spinning sample with more misses than allowed is lost", func(t *testing.T) {
		p := newFakeProducer(t, 600*time.Nanosecond, 300*time.Nanosecond)
		for p.a.phase != sampleSpun {
			p.call()
		}
		for range missesAllowed {
			p.a.Missed(p.calls)
			require.Equal(t, sampleSpun, p.a.phase, "lost after fewer misses than allowed")
		}
		p.a.Missed(p.calls)
		assert.Equal(t, holding, p.a.phase)
		assert.False(t, p.a.spin.Load())
	})
	t.Run("a miss ends a stretch of spinning", func(t *testing.T) {
		p := newFakeProducer(t, 600*time.Nanosecond, 300*time.Nanosecond)
		require.True(t, p.settle())
		p.run(maxHold) // a long stretch, confirmed several times
		require.True(t, p.settle())
		require.Greater(t, p.a.hold, minHold)
		p.a.Missed(p.calls)
		assert.False(t, p.a.spin.Load())
		assert.Equal(t, holding, p.a.phase)
		assert.Equal(t, minHold, p.a.hold, "parking after a miss holds the shortest time")
		p.run(minHold + time.Millisecond)
		assert.True(t, p.settle(), "the machine still spins faster: the adapter goes back to it")
	})
	t.Run("a miss while parking changes nothing", func(t *testing.T) {
		p := newFakeProducer(t, 300*time.Nanosecond, 600*time.Nanosecond)
		require.False(t, p.settle())
		hold := p.a.hold
		p.a.Missed(p.calls)
		assert.Equal(t, holding, p.a.phase)
		assert.Equal(t, hold, p.a.hold)
	})
}
