"""The wheel ships its data, an installed CLI works anywhere, and pre-commit runs the hook."""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from ..conftest import FIXTURES, REPO

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(REPO),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return next(out.glob("naftiko_lint-*.whl"))


def test_wheel_ships_schemas_and_rules(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("schemas", "rules"):
        shipped = {n for n in names if n.startswith(f"naftiko_lint/_data/{folder}/")}
        in_repo = {
            f"naftiko_lint/_data/{folder}/{p.relative_to(REPO / folder).as_posix()}"
            for p in (REPO / folder).rglob("*")
            if p.is_file()
        }
        assert in_repo and in_repo <= shipped


def test_installed_wheel_works_from_any_directory(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    # the dependencies come from this test's environment, without the checkout itself
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    ours = [p for p in sys.path if p.endswith("site-packages")]
    Path(site.strip(), "deps.pth").write_text("\n".join(ours) + "\n")
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall", str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(FIXTURES / "input" / "input.pass.yaml", elsewhere / "cap.yaml")
    script = env_dir / "bin" / "naftiko-lint"
    proc = subprocess.run(
        [str(script), "check", "cap.yaml"], cwd=elsewhere, capture_output=True, timeout=60
    )
    assert proc.stderr == b""
    assert b"in 1 file" in proc.stdout
    located = subprocess.run(
        [str(python), "-c", "from naftiko_lint.bundled import schemas_dir; print(schemas_dir())"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "site-packages/naftiko_lint/_data/schemas" in located.stdout


def test_pre_commit_hook(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    pre_commit = Path(sys.executable).with_name("pre-commit")
    if not pre_commit.exists():
        pytest.skip("pre-commit is not installed (pip install '.[test]')")
    work = tmp_path / "work"
    work.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=work, check=True)
    (work / "good.yaml").write_bytes((FIXTURES / "input" / "input.pass.yaml").read_bytes())
    (work / "bad.yaml").write_bytes(
        (FIXTURES / "input" / "yaml-duplicate-key.fail.yaml").read_bytes()
    )
    (work / "compose.yaml").write_text("services:\n  web:\n    image: nginx\n")
    subprocess.run(["git", "add", "."], cwd=work, check=True)
    env = {
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin",
        "HOME": str(tmp_path),
    }
    good = subprocess.run(
        [
            str(pre_commit),
            "try-repo",
            str(REPO),
            "naftiko-lint",
            "--files",
            "good.yaml",
            "compose.yaml",
        ],
        cwd=work,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert good.returncode == 0, good.stdout + good.stderr
    bad = subprocess.run(
        [
            str(pre_commit),
            "try-repo",
            str(REPO),
            "naftiko-lint",
            "--files",
            "good.yaml",
            "bad.yaml",
        ],
        cwd=work,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert bad.returncode == 1
    assert "bad.yaml:5:3: error [yaml-duplicate-key]" in bad.stdout
