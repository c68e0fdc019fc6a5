package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/handoffbench/handoff/bench/noise"
	"github.com/handoffbench/handoff/bench/runner"
)

// runNoise is the noise study (package noise, docs/noise.md).
func runNoise(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	fs := newFlags("noise", stderr, "[flags]")
	rf := addRunFlags(fs, "default", 20, 6, "rounds: each runs every benchmark once per variant", "directory under which noise/<date>/ keeps each variant's results file and the table")
	var names, docs []string
	for _, v := range noise.Variants {
		names, docs = append(names, v.Name), append(docs, v.Name+" ("+v.Doc+")")
	}
	variantList := fs.String("variants", strings.Join(names, ","), "variants to run side by side: "+strings.Join(docs, "; "))
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
	var variants []noise.Variant
	for _, name := range strings.Split(*variantList, ",") {
		v, err := noise.Lookup(strings.TrimSpace(name))
		if err != nil {
			return fmt.Errorf("-variants: %w", err)
		}
		variants = append(variants, v)
	}
	// The study's directory is made before the rounds, so that a bad -out
	// fails at once rather than after them.
	dir := filepath.Join(*rf.out, "noise", time.Now().UTC().Format("2006-01-02T150405"))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("-out: %w", err)
	}
	tmp, err := os.MkdirTemp("", "handoff-noise-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	bin, binRows, err := rf.build(ctx, stderr, "noise", tmp)
	if err != nil {
		return err
	}
	units, err := rf.units(profile, binRows)
	if err != nil {
		return err
	}
	if len(units) == 0 {
		return fmt.Errorf("no benchmark matches -impls=%q -run=%q", *rf.impls, *rf.run)
	}
	fmt.Fprintf(stderr, "noise: %d benchmarks x %d variants, %d rounds, benchtime %v, seed %d\n", len(units), len(variants), *rf.rounds, benchtime, *rf.seed)
	env := rf.env(ctx, profile)
	env.Rows = binRows
	table, err := noise.Study{Bin: bin, Units: units, Variants: variants, Rounds: *rf.rounds, Benchtime: benchtime, Seed: *rf.seed,
		Env: env, Dir: dir, Progress: runner.NewProgress(stderr)}.Run(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "noise: each variant's results file, and the table, are in %s\n", dir)
	_, err = stdout.Write(table)
	return err
}
