package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/handoffbench/handoff/gate/proof"
)

// runProof is gate-proof (package proof): the regression gate measured on
// real runs of regress against commits that slow channels' Send.
func runProof(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	fs := newFlags("gate-proof", stderr, "[flags]")
	runs := fs.Int("runs", 20, "regress runs per commit")
	levels := fs.String("levels", "0,5,10,20", "slowdowns of channels' Send to prove, in percent of its roundtrip (0: an unchanged A/A commit)")
	budget := fs.Duration("budget", 10*time.Minute, "each regress run's -budget")
	run := fs.String("run", "mode=roundtrip", "each regress run's -run")
	extra := fs.String("regress-flags", "", "more flags for each regress run, space-separated")
	withCounts := fs.Bool("counts", false, "prove the gate on instruction counts: levels lengthen statemachine's Send by a share of its own count, and each regress run counts both builds (default levels 0,1,2)")
	keep := fs.String("keep", filepath.Join("results", "gate-proof", time.Now().UTC().Format("2006-01-02T1504")), "directory for each regress run's JSON verdict (.json) and log (.log)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *withCounts && !given(fs, "levels") {
		*levels = "0,1,2"
	}
	levelList, err := proof.ParseLevels(*levels)
	if err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	p := proof.Proof{Runs: *runs, Levels: levelList, Budget: *budget, Run: *run, Extra: strings.Fields(*extra), Keep: *keep, Repo: ".", Self: self, Counts: *withCounts}
	return p.Prove(ctx, stdout, stderr)
}
