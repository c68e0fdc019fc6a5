package runner

import (
	"fmt"
	"slices"
	"strings"
)

// ParseToolchains reads a comma-separated list of Go releases for
// Session.Toolchains: two or more, each as GOTOOLCHAIN takes it, none
// twice; "" is none.
func ParseToolchains(s string) ([]string, error) {
	if s == "" {
		return nil, nil
	}
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
