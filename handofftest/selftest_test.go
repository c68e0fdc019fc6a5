package handofftest_test

import (
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoffbench/handoff/handofftest"
	"github.com/handoffbench/handoff/handofftest/internal/broken"
)

// brokenEnv names the fault TestBrokenConformance runs the suite on.
const brokenEnv = "HANDOFFTEST_BROKEN"

// TestUnbrokenRingPasses is the control of TestBrokenImplementationsFail:
// the ring that the broken implementations share keeps every rule.
func TestUnbrokenRingPasses(t *testing.T) {
	open, err := broken.Open[int, int](broken.None)
	require.NoError(t, err)
	handofftest.Run(t, open, broken.Traits)
}

// TestBrokenImplementationsFail runs the suite on each broken
// implementation, in a process of its own (a test cannot expect its own
// subtests to fail), and requires it to fail there, caught by the property
// meant for the fault. Only that property runs, which keeps it quick: the
// lost wake-up, for one, hangs every property that meets it, and all but
// LostWakeup wait for the watchdog.
//
// LostWakeup hunts longer here than in make test, and catches the lost
// wake-up every time under the race detector, whose instrumentation widens
// the window it hunts for. Without it, the window is a few nanoseconds, hit
// only while both sides truly run at once: on a busy machine a hunt of
// seconds can miss it, so that case needs -race.
func TestBrokenImplementationsFail(t *testing.T) {
	if os.Getenv(brokenEnv) != "" {
		t.Skip("inside TestBrokenConformance's process")
	}
	cases := []struct {
		fault    broken.Fault
		property string
		want     *regexp.Regexp // in the output of the failing run
	}{
		{broken.DropsPut, "Order", regexp.MustCompile(`--- FAIL: TestBrokenConformance/Order .*\n.*item \d+ handled is \d+, want \d+`)},
		{broken.Reorders, "Order", regexp.MustCompile(`--- FAIL: TestBrokenConformance/Order .*\n.*item \d+ handled is \d+, want \d+`)},
		{broken.SwallowsPanic, "HandlerPanic", regexp.MustCompile(`--- FAIL: TestBrokenConformance/HandlerPanic .*\n.*want it to re-raise panic`)},
		{broken.GivesUp, "ZeroAlloc", regexp.MustCompile(`--- FAIL: TestBrokenConformance/ZeroAlloc .*\n.*gave up after 3000 calls`)},
		{broken.AllocatesRarely, "ZeroAlloc", regexp.MustCompile(`--- FAIL: TestBrokenConformance/ZeroAlloc .*\n.*every window of \d+ calls of .* allocated: \[[1-9]\d* [1-9]\d* [1-9]\d*\] allocations, want 0`)},
		{broken.LostWakeup, "LostWakeup", regexp.MustCompile(`handofftest: TestBrokenConformance/LostWakeup no progress in .*: a lost wake-up of the (consumer|producer)`)},
	}
	require.Len(t, cases, len(broken.Faults), "a case for every fault")
	for _, tc := range cases {
		t.Run(string(tc.fault), func(t *testing.T) {
			if tc.fault == broken.LostWakeup && !raceDetector {
				t.Skip("caught in only some runs without the race detector; go test -race runs it")
			}
			t.Parallel()
			cmd := exec.Command(os.Args[0], "-test.run=^TestBrokenConformance$/^"+tc.property+"$", "-test.timeout=2m",
				"-handofftest.watchdog=9s", "-handofftest.hunt=5s")
			cmd.Env = append(os.Environ(), brokenEnv+"="+string(tc.fault))
			out, err := cmd.CombinedOutput()
			var exit *exec.ExitError
			require.ErrorAs(t, err, &exit, "%s passed the ring broken by %s:\n%s", tc.property, tc.fault, out)
			assert.Regexp(t, tc.want, string(out), "%s failed the ring broken by %s, but not as expected", tc.property, tc.fault)
			assert.NotContains(t, string(out), "MemProfileRate")
		})
	}
}

// TestBrokenConformance is the suite on the broken implementation that
// $HANDOFFTEST_BROKEN names; TestBrokenImplementationsFail runs it. It
// also checks that the suite, failing, leaves the runtime's settings as it
// found them.
func TestBrokenConformance(t *testing.T) {
	f := os.Getenv(brokenEnv)
	if f == "" {
		t.Skipf("run by TestBrokenImplementationsFail, with $%s set", brokenEnv)
	}
	open, err := broken.Open[int, int](broken.Fault(f))
	require.NoError(t, err)
	rate := runtime.MemProfileRate
	handofftest.Run(t, open, broken.Traits)
	if runtime.MemProfileRate != rate {
		t.Errorf("the suite left runtime.MemProfileRate at %d; it was %d", runtime.MemProfileRate, rate)
	}
}
