package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/handoffbench/handoff/bench/matrix"
	"github.com/handoffbench/handoff/bench/noise"
	"github.com/handoffbench/handoff/bench/runner"
	"github.com/handoffbench/handoff/resultfmt"
)

// runNoise is the noise study (package noise, docs/noise.md).
func runNoise(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	fs := newFlags("noise", stderr, "[flags]")
	rf := addRunFlags(fs, "default", 20, 6, "rounds: each runs every benchmark once per variant", "directory under which noise/<date>/ keeps each variant's results file and the table")
	variantList := fs.String("variants", noise.VariantNames(), "variants to run side by side: "+noise.VariantDocs())
	if err := parse(fs, args); err != nil {
		return err
	}
	if rf.given("pin") || rf.given("ramp") {
		return errors.New("noise: -pin and -ramp are not flags here; the variants pinned and fixedn are what they change, beside base (unconfined, ramped)")
	}
	if *rf.impls == "" && *rf.run == "" {
		*rf.impls = "channels,mutexqueue,statemachine,funccall,atomic-spin-pingpong"
		*rf.run = "mode=roundtrip/cap=0/payload=8B/work=0"
	}
	profile, err := rf.resolve()
	if err != nil {
		return err
	}
	benchtime, err := time.ParseDuration(*rf.benchtime)
	if err != nil || benchtime <= 0 {
		return fmt.Errorf("-benchtime %q: the noise study wants a duration, such as 60ms", *rf.benchtime)
	}
	variants, err := noise.ParseVariants(*variantList)
	if err != nil {
		return fmt.Errorf("-variants: %w", err)
	}
	dir := filepath.Join(*rf.out, "noise", time.Now().UTC().Format("2006-01-02T150405"))
	table, err := noise.Study{Pkg: *rf.pkg, Go: *rf.goCmd, Select: func(rs []resultfmt.Row) ([]matrix.Unit, error) { return rf.units(profile, rs) },
		Variants: variants, Rounds: *rf.rounds, Benchtime: benchtime, Seed: *rf.seed, Env: rf.env(ctx, io.Discard, "noise", profile), Dir: dir,
		Progress: runner.NewProgress(stderr), Log: stderr}.Run(ctx)
	if errors.Is(err, runner.ErrNothingSelected) {
		return fmt.Errorf("no benchmark matches -impls=%q -run=%q", *rf.impls, *rf.run)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "noise: each variant's results file, and the table, are in %s\n", dir)
	_, err = stdout.Write(table)
	return err
}
