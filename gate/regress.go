package gate

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/handoffbench/handoff/bench/matrix"
	"github.com/handoffbench/handoff/bench/runner"
)

// A Regression run compares two commits on one machine in one sitting: the
// benchmark binary built at Base (in a temporary git worktree) and at the
// working tree, run interleaved so that drift hits both alike. Numbers from
// another machine or another day are never the baseline.
type Regression struct {
	Repo      string // the checkout whose working tree is "new"
	Base      string // a git ref for "old"
	Pkg       string // the benchmark package, relative to the module root
	Go        string // the go command
	Units     []matrix.Unit
	Rounds    int
	Benchtime string
	Seed      uint64
	Env       runner.Env // the new side's environment, for the results files
	OutDir    string     // where old.txt and new.txt are written
	Progress  *runner.Progress
}

// Run builds both sides, runs them and writes OutDir/old.txt and
// OutDir/new.txt, returning their paths. The worktree is removed whatever
// happens.
func (r Regression) Run(ctx context.Context) (oldPath, newPath string, err error) {
	sha, err := ResolveBase(ctx, r.Repo, r.Base)
	if err != nil {
		return "", "", err
	}
	tmp, err := os.MkdirTemp("", "handoff-regress-")
	if err != nil {
		return "", "", err
	}
	defer os.RemoveAll(tmp)
	tree := filepath.Join(tmp, "base")
	if _, err := git(ctx, r.Repo, "worktree", "add", "--detach", "--quiet", tree, sha); err != nil {
		return "", "", fmt.Errorf("checking out BASE %s: %w", r.Base, err)
	}
	defer func() {
		// Not ctx: the worktree goes even if the run was interrupted.
		git(context.Background(), r.Repo, "worktree", "remove", "--force", tree)
		git(context.Background(), r.Repo, "worktree", "prune")
	}()

	for _, d := range []string{"old", "new"} {
		if err := os.Mkdir(filepath.Join(tmp, d), 0o755); err != nil {
			return "", "", err
		}
	}
	oldBin, err := runner.Build(ctx, r.Go, tree, r.Pkg, filepath.Join(tmp, "old"))
	if err != nil {
		return "", "", fmt.Errorf("the benchmarks do not build at BASE %s (%s): %w", r.Base, short(sha), err)
	}
	newBin, err := runner.Build(ctx, r.Go, r.Repo, r.Pkg, filepath.Join(tmp, "new"))
	if err != nil {
		return "", "", fmt.Errorf("the benchmarks do not build in the working tree: %w", err)
	}
	plan := runner.Plan{
		Units:     r.Units,
		Arms:      []runner.Arm{{Label: "old", Binary: oldBin, Partial: true}, {Label: "new", Binary: newBin}},
		Rounds:    r.Rounds,
		Benchtime: r.Benchtime,
		Seed:      r.Seed,
	}
	results, err := runner.Run(ctx, plan, r.Progress)
	if err != nil {
		return "", "", err
	}
	if len(results["old"]) == 0 {
		return "", "", fmt.Errorf("BASE %s has none of the benchmarks selected", r.Base)
	}
	if err := os.MkdirAll(r.OutDir, 0o755); err != nil {
		return "", "", err
	}
	oldEnv := r.Env
	oldEnv.Commit, oldEnv.Dirty = short(sha), "false"
	oldPath, newPath = filepath.Join(r.OutDir, "old.txt"), filepath.Join(r.OutDir, "new.txt")
	if err := runner.WriteFile(oldPath, oldEnv, results["old"]); err != nil {
		return "", "", err
	}
	if err := runner.WriteFile(newPath, r.Env, results["new"]); err != nil {
		return "", "", err
	}
	return oldPath, newPath, nil
}

// ResolveBase is the commit a BASE ref names in repo, or an error that says
// it names none.
func ResolveBase(ctx context.Context, repo, base string) (string, error) {
	sha, err := git(ctx, repo, "rev-parse", "--verify", "--quiet", base+"^{commit}")
	if err != nil {
		where, _ := filepath.Abs(repo)
		return "", fmt.Errorf("BASE %q is not a commit of the repository in %s", base, where)
	}
	return sha, nil
}

func git(ctx context.Context, dir string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(string(out)))
	}
	return strings.TrimSpace(string(out)), nil
}

func short(sha string) string { return sha[:min(len(sha), 7)] }
