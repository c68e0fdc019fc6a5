package resultfmt

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

// History lists the results files in a history directory, oldest first by
// when each run started: the time its KeyDate configuration line records
// above the results, else the UTC date its name begins with
// (<date>-<commit>.txt, as the runner names it), at midnight. A file with
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
		if v, ok := strings.CutPrefix(line, KeyDate+":"); ok {
			if when, err := time.Parse(time.RFC3339, strings.TrimSpace(v)); err == nil {
				return when, nil
			}
			break // not a date the runner wrote: the name's, then
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
