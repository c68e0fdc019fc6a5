package runner

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"os/exec"
	"slices"
	"strings"

	"github.com/handoffbench/handoff/resultfmt"
)

// BinaryRows asks the benchmark binary bin which rows it measures, so that
// a results file describes the rows of the binary that measured them and
// no other: the binary's answer to resultfmt.RowsFlag. A third-party row's module is
// given the version that the module in pkgDir, where bin was built, builds
// it with ("@unknown" where go list cannot tell).
func BinaryRows(ctx context.Context, goCmd, pkgDir, bin string) ([]resultfmt.Row, error) {
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, "-"+resultfmt.RowsFlag)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("asking the benchmarks in %s which rows they measure (%s): %v: %s\nits package's TestMain must call bench.Main (README: Measure your own handoff)",
			pkgDir, "-"+resultfmt.RowsFlag, err, tail(strings.TrimSpace(stderr.String()), 5))
	}
	rs, err := resultfmt.Read(bytes.NewReader(out))
	if err != nil {
		return nil, fmt.Errorf("the benchmarks in %s described their rows wrongly (-%s): %w", pkgDir, resultfmt.RowsFlag, err)
	}
	var mods []string
	for _, r := range rs {
		if r.ThirdParty() && !slices.Contains(mods, r.Module) {
			mods = append(mods, r.Module)
		}
	}
	versions := moduleVersions(ctx, goCmd, pkgDir, mods)
	for i, r := range rs {
		if r.ThirdParty() {
			rs[i].Module = cmp.Or(versions[r.Module], r.Module+"@unknown")
		}
	}
	return rs, nil
}

// moduleVersions maps each of mods to path@version, as the module in dir
// builds it; a module go list cannot resolve is left out.
func moduleVersions(ctx context.Context, goCmd, dir string, mods []string) map[string]string {
	vs := map[string]string{}
	for _, m := range mods {
		cmd := exec.CommandContext(ctx, goCmd, "list", "-m", "-f", "{{.Path}}@{{.Version}}", m)
		cmd.Dir = dir
		if out, err := cmd.Output(); err == nil {
			if v := strings.TrimSpace(string(out)); strings.HasPrefix(v, m+"@") && !strings.HasSuffix(v, "@") {
				vs[m] = v
			}
		}
	}
	return vs
}
