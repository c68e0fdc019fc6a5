package resultfmt

import (
	"fmt"
	"strings"
)

// Parse reads the rows a results file's configuration records (its
// key: value lines, as a map), in the order of its rows line. A file
// without a rows line records none: Parse returns nil and no error. A
// malformed line is an error that names its key; the caller adds the file.
func Parse(cfg map[string]string) ([]Row, error) {
	list := strings.TrimSpace(cfg["rows"])
	if list == "" {
		return nil, nil
	}
	get := func(name, field string) string { return strings.TrimSpace(cfg[key(name, field)]) }
	var rs []Row
	for _, name := range strings.Split(list, ",") {
		name = strings.TrimSpace(name)
		if err := checkName(name); err != nil {
			return nil, fmt.Errorf("rows: %w", err)
		}
		if _, dup := Find(rs, name); dup {
			return nil, fmt.Errorf("rows: %q is listed twice", name)
		}
		r := Row{
			Name:     name,
			Kind:     get(name, "kind"),
			Summary:  get(name, "summary"),
			Sync:     get(name, "sync"),
			Wait:     get(name, "wait"),
			Beside:   get(name, "beside"),
			Language: get(name, "language"),
			Counts:   get(name, "counts"),
			Module:   strings.TrimSpace(cfg["module-"+name]),
		}
		if r.Kind == "" {
			return nil, fmt.Errorf("%s: missing: the rows line lists %q, but no line says its kind", key(name, "kind"), name)
		}
		if err := checkKind(r.Kind); err != nil {
			return nil, fmt.Errorf("%s: %w", key(name, "kind"), err)
		}
		if v := get(name, "traits"); v != "" {
			t, err := ParseTraits(v)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", key(name, "traits"), err)
			}
			r.Traits = &t
		}
		if v := get(name, "payloads"); v != "" {
			for _, p := range strings.Split(v, ",") {
				if p = strings.TrimSpace(p); p == "" {
					return nil, fmt.Errorf("%s: %q: an empty payload name", key(name, "payloads"), v)
				}
				r.Payloads = append(r.Payloads, p)
			}
		}
		if v := get(name, "floors"); v != "" {
			if err := r.parseFloors(v); err != nil {
				return nil, fmt.Errorf("%s: %w", key(name, "floors"), err)
			}
		}
		rs = append(rs, r)
	}
	return rs, nil
}

// parseFloors reads a floors line's value, roundtrip=…,stream=….
func (r *Row) parseFloors(v string) error {
	for _, part := range strings.Split(v, ",") {
		mode, floor, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok || floor == "" {
			return fmt.Errorf("%q: want mode=floor", part)
		}
		switch mode {
		case "roundtrip":
			r.RoundtripFloor = floor
		case "stream":
			r.StreamFloor = floor
		default:
			return fmt.Errorf("%q: the modes are roundtrip and stream", part)
		}
	}
	return nil
}
