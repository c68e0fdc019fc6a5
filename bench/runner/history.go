package runner

import (
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
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

// History lists the results files in a history directory, oldest first.
func History(dir string) ([]string, error) {
	des, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	type entry struct {
		path string
		mod  int64
	}
	var es []entry
	for _, de := range des {
		if de.IsDir() || !strings.HasSuffix(de.Name(), ".txt") {
			continue
		}
		info, err := de.Info()
		if err != nil {
			return nil, err
		}
		es = append(es, entry{filepath.Join(dir, de.Name()), info.ModTime().UnixNano()})
	}
	slices.SortFunc(es, func(a, b entry) int {
		return cmp.Or(cmp.Compare(a.mod, b.mod), strings.Compare(a.path, b.path))
	})
	paths := make([]string, len(es))
	for i, e := range es {
		paths[i] = e.path
	}
	return paths, nil
}
