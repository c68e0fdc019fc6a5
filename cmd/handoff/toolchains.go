package main

import (
	"fmt"
	"slices"
	"strings"
)

// parseToolchains reads -toolchains: two or more Go releases, none twice.
func parseToolchains(s string) ([]string, error) {
	names := strings.Split(s, ",")
	if len(names) < 2 {
		return nil, fmt.Errorf("-toolchains %q: want two or more Go releases, comma-separated, such as go1.26.8,go1.27.3", s)
	}
	for i, n := range names {
		if !strings.HasPrefix(n, "go1.") {
			return nil, fmt.Errorf("-toolchains: %q is not a Go release such as go1.27.3", n)
		}
		if slices.Contains(names[:i], n) {
			return nil, fmt.Errorf("-toolchains: %s is named twice", n)
		}
	}
	return names, nil
}
