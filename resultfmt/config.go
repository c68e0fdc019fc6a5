package resultfmt

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// A Line is one configuration line: key: value.
type Line struct{ Key, Value string }

// Lines are the configuration lines that record rs, in the key scheme of
// the package comment: the rows line first, then each row's lines in
// order. A value that is empty is left out. It is an error for a name to
// be unfit for a key or to appear twice, for a kind to be unknown, or for
// a value to hold a line break, which would end the line.
func Lines(rs []Row) ([]Line, error) {
	if len(rs) == 0 {
		return nil, nil
	}
	names := make([]string, len(rs))
	for i, r := range rs {
		if err := checkName(r.Name); err != nil {
			return nil, err
		}
		if slices.Contains(names[:i], r.Name) {
			return nil, fmt.Errorf("row %q: described twice", r.Name)
		}
		if err := checkKind(r.Kind); err != nil {
			return nil, fmt.Errorf("row %q: %w", r.Name, err)
		}
		if err := checkClass(r.Sync, r.Wait); err != nil {
			return nil, fmt.Errorf("row %q: %w", r.Name, err)
		}
		names[i] = r.Name
	}
	lines := []Line{{"rows", strings.Join(names, ",")}}
	for _, r := range rs {
		kv := []Line{
			{key(r.Name, "kind"), r.Kind},
			{key(r.Name, "summary"), r.Summary},
			{key(r.Name, "sync"), r.Sync},
			{key(r.Name, "wait"), r.Wait},
		}
		if r.Traits != nil {
			kv = append(kv, Line{key(r.Name, "traits"), FormatTraits(*r.Traits)})
		}
		kv = append(kv,
			Line{key(r.Name, "floors"), r.floors()},
			Line{key(r.Name, "payloads"), strings.Join(r.Payloads, ",")},
			Line{key(r.Name, "beside"), r.Beside},
			Line{key(r.Name, "language"), r.Language},
			Line{key(r.Name, "counts"), r.Counts},
			Line{"module-" + r.Name, r.Module})
		for _, l := range kv {
			l.Value = strings.TrimSpace(l.Value)
			if l.Value == "" {
				continue
			}
			if strings.ContainsAny(l.Value, "\r\n") {
				return nil, fmt.Errorf("%s: %q holds a line break, which would end the configuration line", l.Key, l.Value)
			}
			lines = append(lines, l)
		}
	}
	return lines, nil
}

// Write writes the configuration lines that record rs to w, one
// "key: value" a line, as a results file holds them: what a benchmark
// binary answers its -handoff.rows flag with.
func Write(w io.Writer, rs []Row) error {
	lines, err := Lines(rs)
	if err != nil {
		return err
	}
	for _, l := range lines {
		if _, err := fmt.Fprintf(w, "%s: %s\n", l.Key, l.Value); err != nil {
			return err
		}
	}
	return nil
}

// Read reads the rows that Write wrote. A line that is not "key: value",
// or a key given twice, is an error that names the line.
func Read(r io.Reader) ([]Row, error) {
	cfg := map[string]string{}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" {
			continue
		}
		k, v, ok := strings.Cut(line, ":")
		if !ok || k == "" || strings.ContainsAny(k, " \t") {
			return nil, fmt.Errorf("line %d: %q is not a key: value line", n, line)
		}
		if _, dup := cfg[k]; dup {
			return nil, fmt.Errorf("line %d: %s given twice", n, k)
		}
		cfg[k] = strings.TrimSpace(v)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if cfg["rows"] == "" {
		return nil, errors.New("no rows line")
	}
	return Parse(cfg)
}
