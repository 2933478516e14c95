"""What git ignores, for walking folders: a generated or vendored capability that git does
not track is not linted either (`--no-respect-gitignore` walks everything).

Git's rules (gitignore(5)), applied as `git status` does:

- Only inside a git work tree (a folder with a `.git` folder or file, up from the walked
  folder); elsewhere a `.gitignore` means nothing, as to git.
- Each folder's `.gitignore` holds patterns relative to that folder; a deeper file's
  match overrides a shallower one's, and `$GIT_DIR/info/exclude` comes last. Within one
  file the last matching pattern wins, and `!pattern` re-includes.
- A pattern with a `/` at its start or middle is anchored to its file's folder; a trailing
  `/` matches folders only. A folder that is ignored is not entered, so nothing under it
  can be re-included (the walk prunes it).

The pattern syntax itself is pathspec's `GitIgnoreSpec` (the library that reproduces git's
wildmatch, edge cases included); it is imported only when an ignore file exists. The
user's global `core.excludesFile` is not read: what a run checks depends on the
repository, not on who runs it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from naftiko_lint.reading import ReadError, read_file

_MAX_BYTES = 4 * 1024 * 1024  # an ignore file larger than this is not one


def _read_lines(path: Path) -> list[str] | None:
    try:
        content = read_file(path, _MAX_BYTES)
    except ReadError:
        return None
    return content.data.decode("utf-8", "replace").splitlines()


def _git_dir(work_tree: Path) -> Path | None:
    """`.git`, or the folder a `.git` file (a worktree, a submodule) points to."""
    dot_git = work_tree / ".git"
    if dot_git.is_dir():
        return dot_git
    lines = _read_lines(dot_git) or []
    for line in lines:
        if line.startswith("gitdir:"):
            target = Path(line[len("gitdir:") :].strip())
            return target if target.is_absolute() else work_tree / target
    return None


def work_tree_of(folder: Path) -> Path | None:
    """The git work tree holding `folder`, if any."""
    start = folder.resolve()
    for candidate in (start, *start.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


class GitIgnore:
    """The ignore rules of one work tree; each folder's `.gitignore` is read once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._specs: dict[Path, Any] = {}
        git_dir = _git_dir(root)
        self._exclude = None if git_dir is None else _spec(git_dir / "info" / "exclude")

    @classmethod
    def for_folder(cls, folder: Path) -> GitIgnore | None:
        root = work_tree_of(folder)
        return None if root is None else cls(root)

    def _spec_of(self, folder: Path) -> Any:
        if folder not in self._specs:
            self._specs[folder] = _spec(folder / ".gitignore")
        return self._specs[folder]

    def ignored(self, path: Path, is_dir: bool) -> bool:
        """Whether git ignores `path` (a file, or a folder when `is_dir`)."""
        try:
            # the entry's own name, not its symlink target's, as git sees it
            relative = (path.parent.resolve() / path.name).relative_to(self.root)
        except ValueError:  # outside the work tree (through a symlink): not git's
            return False
        suffix = "/" if is_dir else ""
        parts = relative.parts
        for depth in range(len(parts) - 1, -1, -1):  # the deepest .gitignore first
            spec = self._spec_of(self.root.joinpath(*parts[:depth]))
            if spec is not None:
                verdict = spec.check_file("/".join(parts[depth:]) + suffix).include
                if verdict is not None:
                    return bool(verdict)
        if self._exclude is not None:
            return bool(self._exclude.check_file(relative.as_posix() + suffix).include)
        return False


def _spec(path: Path) -> Any:
    """The compiled patterns of one ignore file; None when there is none (or it is empty)."""
    if not path.is_file():
        return None
    lines = _read_lines(path)
    if not lines:
        return None
    from pathspec import GitIgnoreSpec

    return GitIgnoreSpec.from_lines(lines)
