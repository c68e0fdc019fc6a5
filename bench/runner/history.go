package runner

import (
	"bufio"
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Keep copies the results file at path into the history directory, keyed by
// its name (<UTC date>-<commit>), and removes the oldest entries beyond
// keep, so the history stays bounded. keep 0 keeps nothing.
func Keep(history, path string, keep int) error {
	if keep <= 0 {
		return nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(history, 0o755); err != nil {
		return err
	}
	dst := filepath.Join(history, filepath.Base(path))
	tmp := dst + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp, dst); err != nil {
		return err
	}
	entries, err := History(history)
	if err != nil {
		return err
	}
	for len(entries) > keep {
		if err := os.Remove(entries[0]); err != nil {
			return fmt.Errorf("pruning the history: %w", err)
		}
		entries = entries[1:]
	}
	return nil
}

// History lists the results files in a history directory, oldest first by
// when each run started: the time its date configuration line records (as
// Write puts it above the results), else the UTC date its name begins with
// (<date>-<commit>.txt, as NewPath names it), at midnight. A file with
// neither sorts first; ties go by name. Modification times play no part:
// copying, restoring or touching a file changes them, not when it ran.
func History(dir string) ([]string, error) {
	des, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	type entry struct {
		path string
		when time.Time
	}
	var es []entry
	for _, de := range des {
		if de.IsDir() || !strings.HasSuffix(de.Name(), ".txt") {
			continue
		}
		path := filepath.Join(dir, de.Name())
		when, err := started(path)
		if err != nil {
			return nil, err
		}
		es = append(es, entry{path, when})
	}
	slices.SortFunc(es, func(a, b entry) int {
		return cmp.Or(a.when.Compare(b.when), strings.Compare(a.path, b.path))
	})
	paths := make([]string, len(es))
	for i, e := range es {
		paths[i] = e.path
	}
	return paths, nil
}

// started is when the run that wrote the results file at path began: its
// date configuration line, which comes before the first result, if it
// holds an RFC 3339 time; else the date its name begins with; else the zero
// time. Only a file it cannot read is an error.
func started(path string) (time.Time, error) {
	f, err := os.Open(path)
	if err != nil {
		return time.Time{}, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "Benchmark") {
			break // configuration lines above the results are done
		}
		if v, ok := strings.CutPrefix(line, "date:"); ok {
			if when, err := time.Parse(time.RFC3339, strings.TrimSpace(v)); err == nil {
				return when, nil
			}
			break // not a date Write wrote: the name's, then
		}
	}
	if err := sc.Err(); err != nil {
		return time.Time{}, fmt.Errorf("%s: %w", path, err)
	}
	name := filepath.Base(path)
	if len(name) >= len(time.DateOnly) {
		if when, err := time.Parse(time.DateOnly, name[:len(time.DateOnly)]); err == nil {
			return when, nil
		}
	}
	return time.Time{}, nil
}
