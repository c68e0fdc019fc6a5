package bench

import (
	"fmt"
	"os"
	"strconv"

	"github.com/handoffbench/handoff"
)

// WarmupEnv names the environment variable that sets how many Sends warm a
// Conn up before its timed loop: 0 or unset for none, the default. It is
// the noise study's knob; docs/noise.md says what it changed.
const WarmupEnv = "HANDOFF_WARMUP"

// warmUp sends the WarmupEnv count of items through conn, checks every
// reply, and leaves the tally as it found it, so that the timed loop's
// checks count only its own items. The last Send's reply orders every
// warm-up item's handling before the tally is reset.
func warmUp[T any](conn handoff.Conn[T, T], t *tally, ring []T) error {
	env := os.Getenv(WarmupEnv)
	if env == "" {
		return nil
	}
	n, err := strconv.Atoi(env)
	if err != nil || n < 0 {
		return fmt.Errorf("%s=%q: want a count of Sends, 0 or more", WarmupEnv, env)
	}
	saved := *t
	for i := range n {
		v := ring[i&(ringSize-1)]
		r, err := conn.Send(v)
		if err != nil {
			return fmt.Errorf("warm-up Send #%d: %v", i, err)
		}
		if key(r) != key(v) {
			return fmt.Errorf("warm-up Send #%d: reply %d, want %d", i, key(r), key(v))
		}
	}
	*t = saved
	return nil
}
