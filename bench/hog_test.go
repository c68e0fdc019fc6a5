//go:build unix

package bench

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hogParentEnv turns this test binary into a parent that starts a hog,
// prints its pid and waits to be killed: TestHogEndsWithItsParent.
const hogParentEnv = "HANDOFF_BENCH_HOG_PARENT"

func init() {
	if os.Getenv(hogParentEnv) != "1" {
		return
	}
	os.Unsetenv(hogParentEnv) // the hog is this binary too
	h, err := startHog()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	fmt.Println(h.Pid())
	select {}
}

// TestHogEndsWithItsParent: a load=host hog never outlives the benchmark
// that started it, however that ends — Ctrl-C, a kill, a kill -9 — since it
// exits when its stdin, held only by the parent, reaches end of file.
func TestHogEndsWithItsParent(t *testing.T) {
	exe, err := os.Executable()
	require.NoError(t, err)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGKILL} {
		t.Run(sig.String(), func(t *testing.T) {
			parent := exec.Command(exe, "-test.run=^$")
			parent.Env = append(os.Environ(), hogParentEnv+"=1")
			parent.Stderr = os.Stderr
			out, err := parent.StdoutPipe()
			require.NoError(t, err)
			require.NoError(t, parent.Start())
			line, err := bufio.NewReader(out).ReadString('\n')
			if err != nil {
				parent.Process.Kill()
				parent.Wait()
				t.Fatalf("the parent printed %q, not the hog's pid: %v", line, err)
			}
			pid, err := strconv.Atoi(strings.TrimSpace(line))
			require.NoError(t, err)
			require.True(t, alive(pid), "the hog %d is not running before its parent ends", pid)

			require.NoError(t, parent.Process.Signal(sig))
			assert.Error(t, parent.Wait(), "the parent survived %v", sig)
			deadline := time.Now().Add(10 * time.Second)
			for alive(pid) && time.Now().Before(deadline) {
				time.Sleep(10 * time.Millisecond)
			}
			if alive(pid) {
				syscall.Kill(pid, syscall.SIGKILL)
				t.Fatalf("the hog %d still runs 10 s after its parent ended by %v", pid, sig)
			}
		})
	}
}

// alive says whether pid is a running process: neither gone nor a zombie
// that nobody has reaped (a container's init may never reap it).
func alive(pid int) bool {
	if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
		return false
	}
	if runtime.GOOS != "linux" {
		return true
	}
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	// pid (comm) state ...: comm may hold spaces, so read after the last ')'.
	s := string(stat)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	return len(f) > 0 && f[0] != "Z" && f[0] != "X"
}
