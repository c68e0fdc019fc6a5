package bench

import (
	"flag"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoffbench/handoff"
	"github.com/handoffbench/handoff/bench/matrix"
	"github.com/handoffbench/handoff/impls/channels"
)

// slowSend is a Conn whose Send takes at least a millisecond: a spinning
// row under load, whose speed testing cannot predict.
type slowSend struct{ handoff.Conn[int, int] }

func (s slowSend) Send(v int) (int, error) {
	time.Sleep(time.Millisecond)
	return s.Conn.Send(v)
}

func withBenchtime(t *testing.T, d string) {
	f := flag.Lookup("test.benchtime")
	old := f.Value.String()
	require.NoError(t, f.Value.Set(d))
	t.Cleanup(func() { f.Value.Set(old) })
}

// TestTimeBox: in a time box, a roundtrip runs for the box, whatever b.N,
// stops at its first look at the clock after the box has passed, and
// reports the ops it did, every one checked. Without one it does b.N ops.
func TestTimeBox(t *testing.T) {
	c := matrix.Case{Bench: matrix.Handoff, Mode: matrix.Roundtrip, Payload: matrix.P8B}
	run := func(box time.Duration, open handoff.OpenFunc[int, int]) testing.BenchmarkResult {
		timeBox = box
		defer func() { timeBox = 0 }()
		return testing.Benchmark(func(b *testing.B) { exchange(b, c, open, intRing()) })
	}
	slow := func(h handoff.Handler[int, int], o handoff.Options) (handoff.Conn[int, int], error) {
		conn, err := channels.Open(h, o)
		return slowSend{conn}, err
	}

	withBenchtime(t, "5ms")
	// 16 ops of at least 1 ms each pass a 5 ms box: the loop stops after
	// the first piece, and testing calls it once.
	boxed := run(5*time.Millisecond, slow)
	assert.Equal(t, boxChunk, boxed.N, "the box did not stop the loop at its first look")
	assert.Contains(t, boxed.Extra, "cpu-ns/op", "a boxed call reports as any other")
	// Fast ops run past b.N, which testing's first call sets to 1.
	assert.Greater(t, run(5*time.Millisecond, channels.Open[int, int]).N, boxChunk)

	withBenchtime(t, "200x")
	assert.Equal(t, 200, run(0, slow).N, "without a box the loop did not do b.N ops")
}

// TestLoadSession: a Load case's load runs from its first call to its
// last, and no further; the last call reports the co-runners' loss.
func TestLoadSession(t *testing.T) {
	c := matrix.Case{Bench: matrix.Load, Impl: matrix.ChanPingPong, Mode: matrix.Roundtrip, Payload: matrix.P8B, Load: matrix.LoadProcs}
	for _, bt := range []string{"50x", "20ms"} {
		t.Run("benchtime="+bt, func(t *testing.T) {
			// Some calls, of which the load lasts across all.
			withBenchtime(t, bt)
			calls := 0
			r := testing.Benchmark(func(b *testing.B) {
				calls++
				if calls > 1 {
					assert.Same(t, b, session.b, "the load did not last from one call to the next")
				}
				RunLoad(b, c)
			})
			require.NotZero(t, r.N, "the case failed")
			if bt == "50x" {
				assert.Equal(t, 2, calls, "testing calls a case twice for a count: once for 1, once for the count")
			} else {
				assert.Equal(t, 1, calls, "a time box is one call")
			}
			assert.Nil(t, session.l, "the load outlived the case's last call")
			assert.Contains(t, r.Extra, "corunner-lost/op")
			assert.Contains(t, r.Extra, "corunner-lost-pct")
		})
	}
}

// TestLoadEndsWhenAnotherBenchmarkStarts: a load its last call left
// running (testing's rule for the last call changed) ends when the next
// benchmark starts its timed loop.
func TestLoadEndsWhenAnotherBenchmarkStarts(t *testing.T) {
	withBenchtime(t, "50x")
	testing.Benchmark(func(b *testing.B) {
		l, err := loadFor(b, matrix.Case{Bench: matrix.Load, Load: matrix.LoadProcs})
		require.NoError(t, err)
		require.Same(t, l, session.l)
	})
	require.NotNil(t, session.l)
	r := testing.Benchmark(func(b *testing.B) {
		exchange(b, matrix.Case{Bench: matrix.Handoff, Mode: matrix.Roundtrip, Payload: matrix.P8B}, channels.Open[int, int], intRing())
	})
	require.NotZero(t, r.N)
	assert.Nil(t, session.l, "the load outlived its case into another benchmark")
}
