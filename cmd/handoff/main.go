// Command handoff runs the suite's stages: bench (run the benchmarks into a
// results file), report (turn a results file into a PDF, charts and
// Markdown), compare (the regression gate between two results files),
// regress (build two commits, run them interleaved, compare), noise (where
// a benchmark's variance comes from) and gate-proof (the gate's catch and
// false-alarm rates on real runs).
//
// The Makefile's targets call it; run it with no arguments for usage.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/handoffbench/handoff/gate"
)

func main() {
	err := run(os.Stdout, os.Stderr, os.Args[1:])
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "handoff:", err)
	}
	os.Exit(exitCode(err))
}

// exitCode is 0 on success, 2 when the gate could not decide, and 1 on a
// regression or any other error.
func exitCode(err error) int {
	switch {
	case err == nil:
		return 0
	case errors.Is(err, gate.ErrUndecided):
		return 2
	}
	return 1
}

// A command is one subcommand: its name, what it does, and its body.
type command struct {
	name, summary string
	run           func(ctx context.Context, stdout, stderr io.Writer, args []string) error
}

func commands() []command {
	return []command{
		{"bench", "run the benchmarks in shuffled rounds and write results/<date>-<commit>.txt", runBench},
		{"report", "turn a results file into a PDF, charts and a Markdown summary", runReport},
		{"compare", "the regression gate between two results files: exit 1 on a regression, 2 if undecided", runCompare},
		{"regress", "build a git ref and the working tree, run them interleaved look by look, and gate: exit 0, 1 or 2", runRegress},
		{"noise", "the noise study: where a benchmark's variance comes from, and what warm-up, a fixed b.N, GC, pinning and benchtime change", runNoise},
		{"gate-proof", "measure the gate on real runs: catch and false-alarm rates of regress on slowed and unchanged commits", runProof},
	}
}

func run(stdout, stderr io.Writer, args []string) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" {
		usage(stderr)
		if len(args) == 0 {
			return errors.New("no command given")
		}
		return nil
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, stdout, stderr, args[1:])
		}
	}
	usage(stderr)
	return fmt.Errorf("no command %q", args[0])
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: handoff <command> [flags]\n\ncommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nhandoff <command> -h lists a command's flags.")
}

// newFlags makes a command's flag set: errors and usage go to stderr, and
// a bad flag is returned as an error rather than exiting.
func newFlags(name string, stderr io.Writer, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: handoff %s %s\n\nflags:\n", name, usage)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags and refuses stray arguments.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("%s: unexpected argument %q", fs.Name(), fs.Arg(0))
	}
	return nil
}

// given says whether the command line set flag name of fs.
func given(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(fl *flag.Flag) { set = set || fl.Name == name })
	return set
}
