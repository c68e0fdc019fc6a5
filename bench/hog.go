package bench

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// HogEnv names the environment variable that turns a binary importing
// this package into the load=host hog: with HogEnv=1 it never reaches main,
// but keeps one busy thread per CPU it may run on until its stdin reaches
// end of file, and then exits. The parent holds the other end of that pipe,
// so the hog ends when the parent does, however the parent ends: Ctrl-C,
// a kill, a crash or a normal stop.
const HogEnv = "HANDOFF_BENCH_HOG"

func init() {
	if os.Getenv(HogEnv) == "1" {
		runHog()
	}
}

// runHog is the hog's whole life: the busy threads, "ready" on stdout
// once each runs, and the exit at the end of stdin.
func runHog() {
	n := runtime.NumCPU() // the CPUs of its affinity mask: a confined parent confines the hog
	runtime.GOMAXPROCS(n)
	var started sync.WaitGroup
	started.Add(n)
	for i := range n {
		go func() {
			runtime.LockOSThread()
			started.Done()
			x := uint64(i)
			for {
				x = spin(x, 1<<16)
				hogSink.Store(x)
			}
		}()
	}
	started.Wait()
	fmt.Fprintln(os.Stdout, "ready")
	io.Copy(io.Discard, os.Stdin)
	os.Exit(0)
}

var hogSink atomic.Uint64

// hogGrace is how long a hog may take to exit once its stdin ends: it
// needs a few milliseconds.
const hogGrace = 3 * time.Second

// A hog is a running hog process, seen from its parent.
type hog struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
}

// startHog starts this binary again as a hog and waits until its threads
// are busy.
func startHog() (*hog, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("load=host: finding this binary to run as the hog: %w", err)
	}
	// The arguments select nothing, should the binary ever start without
	// seeing HogEnv.
	cmd := exec.Command(exe, "-test.run=^$", "-test.bench=^$")
	// A binary built with -race sleeps atexit_sleep_ms (1 s) before it
	// exits, to catch races at exit; the hog has none to catch.
	gorace := strings.TrimSpace(os.Getenv("GORACE") + " atexit_sleep_ms=0")
	cmd.Env = append(os.Environ(), HogEnv+"=1", "GORACE="+gorace)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, fmt.Errorf("load=host: %w", err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("load=host: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("load=host: starting the hog %s: %w", exe, err)
	}
	h := &hog{cmd: cmd, stdin: stdin}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || line != "ready\n" {
		h.stop()
		return nil, fmt.Errorf("load=host: the hog %s said %q, not ready: %v", exe, line, err)
	}
	return h, nil
}

// Pid is the hog's process ID.
func (h *hog) Pid() int { return h.cmd.Process.Pid }

// stop ends the hog's stdin and waits for it to exit; one that has not
// exited hogGrace later is killed.
func (h *hog) stop() error {
	h.stdin.Close()
	done := make(chan error, 1)
	go func() { done <- h.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			return fmt.Errorf("load=host: the hog: %w", err)
		}
		return nil
	case <-time.After(hogGrace):
		h.cmd.Process.Kill()
		<-done
		return fmt.Errorf("load=host: the hog did not exit within %v of its stdin's end, and was killed", hogGrace)
	}
}
