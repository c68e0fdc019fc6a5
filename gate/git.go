package gate

import (
	"context"
	"fmt"
	"os/exec"
	"strings"
)

// Git runs git with args in dir and returns its output, trimmed; its error
// quotes the command and what git said.
func Git(ctx context.Context, dir string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(string(out)))
	}
	return strings.TrimSpace(string(out)), nil
}

// Worktree checks rev out, detached, at dir, as a new worktree of repo.
// remove takes it away again, and is run whatever became of ctx, so that
// an interrupted run leaves no worktree behind.
func Worktree(ctx context.Context, repo, rev, dir string) (remove func(), err error) {
	if _, err := Git(ctx, repo, "worktree", "add", "--detach", "--quiet", dir, rev); err != nil {
		return nil, err
	}
	return func() {
		Git(context.Background(), repo, "worktree", "remove", "--force", dir)
		Git(context.Background(), repo, "worktree", "prune")
	}, nil
}
