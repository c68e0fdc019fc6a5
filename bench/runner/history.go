package runner

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/handoffbench/handoff/resultfmt"
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
	entries, err := resultfmt.History(history)
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
