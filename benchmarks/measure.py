"""Timing a command as a whole process tree, and describing the machine it ran on.

A linter is judged by how long its command takes and how much memory it holds, worker
processes included, so each run is a fresh child process timed from spawn to exit while a
thread samples the resident memory of the child and all its descendants from /proc (no
psutil: /proc is enough on Linux). Children run the real executables beside sys.executable
(never pyenv's shell shims) with PYTHONDONTWRITEBYTECODE removed, so imports use .pyc files.
"""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")
POLL_SECONDS = 0.005


@dataclass(frozen=True)
class Timing:
    """Seconds of several runs of one command, and the largest tree RSS and PSS seen in
    any."""

    median: float
    minimum: float
    peak_rss: int
    peak_pss: int = 0


def executable(name: str) -> str:
    """`name` installed beside the running interpreter (the real one, not a shim), else the
    one on PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else shutil.which(name) or str(beside)


def child_env() -> dict[str, str]:
    """This environment without PYTHONDONTWRITEBYTECODE (which doubles Python start-up)."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


class TreeMemory:
    """Samples the summed RSS and PSS of a process and its descendants, reading each new
    pid's parent once, so a sample costs a /proc listing and two reads per tree member.

    RSS counts a page in every process that maps it: forked workers share the parent's
    pages (modules, plans) until they write them, so summed RSS counts those once per
    process. PSS (proportional set size, /proc/PID/smaps_rollup) divides each shared page
    among the processes sharing it: the tree's summed PSS is the memory it really holds."""

    def __init__(self, root: int, before: set[str]) -> None:
        self.root = root
        self.seen = set(before)  # pids that existed before the root: never its descendants
        self.parent: dict[int, int] = {}
        self.peak = 0
        self.peak_pss = 0

    def sample(self) -> None:
        for name in os.listdir("/proc"):
            if name.isdigit() and name not in self.seen:
                self.seen.add(name)
                try:
                    stat = Path(f"/proc/{name}/stat").read_bytes()
                except OSError:
                    continue
                self.parent[int(name)] = int(stat.rsplit(b")", 1)[1].split()[1])
        tree, todo = {self.root}, [self.root]
        children: dict[int, list[int]] = {}
        for pid, ppid in self.parent.items():
            children.setdefault(ppid, []).append(pid)
        while todo:
            for child in children.get(todo.pop(), []):
                if child not in tree:
                    tree.add(child)
                    todo.append(child)
        total = proportional = 0
        for pid in tree:
            try:
                total += int(Path(f"/proc/{pid}/statm").read_bytes().split()[1]) * PAGE
                proportional += _pss(pid)
            except (OSError, IndexError, ValueError):
                continue
        self.peak = max(self.peak, total)
        self.peak_pss = max(self.peak_pss, proportional)


def _pss(pid: int) -> int:
    """The process's proportional set size in bytes (0 where the kernel does not say)."""
    for line in Path(f"/proc/{pid}/smaps_rollup").read_bytes().splitlines():
        if line.startswith(b"Pss:"):
            return int(line.split()[1]) * 1024
    return 0


def run_once(cmd: Sequence[str], cwd: Path | None = None) -> tuple[float, int, int, int]:
    """(seconds, peak tree RSS and PSS in bytes, exit code) of one run; output is
    discarded."""
    before = {n for n in os.listdir("/proc") if n.isdigit()}
    stop = threading.Event()
    start = time.perf_counter()
    proc = subprocess.Popen(
        list(cmd), cwd=cwd, env=child_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    memory = TreeMemory(proc.pid, before)

    def poll() -> None:
        while not stop.is_set():
            memory.sample()
            stop.wait(POLL_SECONDS)

    sampler = threading.Thread(target=poll, daemon=True)
    sampler.start()
    code = proc.wait()
    elapsed = time.perf_counter() - start
    stop.set()
    sampler.join()
    return elapsed, memory.peak, memory.peak_pss, code


def timed(cmd: Sequence[str], runs: int, cwd: Path | None = None, warmup: bool = True) -> Timing:
    """Median and minimum of `runs` runs (after one warm-up run unless told otherwise)."""
    if warmup:
        run_once(cmd, cwd)
    results = [run_once(cmd, cwd) for _ in range(max(1, runs))]
    for *_, code in results:
        if code not in (0, 1):
            raise RuntimeError(f"{' '.join(cmd)} exited with {code}")
    seconds = [r[0] for r in results]
    return Timing(
        statistics.median(seconds),
        min(seconds),
        max(r[1] for r in results),
        max(r[2] for r in results),
    )


def in_process(files: list[bytes], fn: Callable[[bytes], object], runs: int) -> float:
    """Median seconds of `fn` over every file, in this process (a floor: no start-up)."""
    seconds = []
    for _ in range(max(1, runs)):
        start = time.perf_counter()
        for raw in files:
            fn(raw)
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds)


def _output(cmd: Sequence[str]) -> str:
    try:
        proc = subprocess.run(list(cmd), capture_output=True, text=True, env=child_env())
    except OSError:
        return "?"
    return (proc.stdout or proc.stderr).strip() or "?"


def machine(naftiko_lint: str, spectral: str | None) -> list[tuple[str, str]]:
    """What the numbers depend on: CPU, cores, memory, interpreter, tool versions, commit."""
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = next(
        (line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if "model name" in line),
        platform.processor() or "?",
    )
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    kb = next((int(line.split()[1]) for line in meminfo.splitlines() if "MemTotal" in line), 0)
    repo = Path(__file__).resolve().parent.parent
    commit = _output(["git", "-C", str(repo), "describe", "--always", "--dirty"])
    return [
        ("CPU", model),
        ("cores", str(os.cpu_count())),
        ("RAM", f"{kb / 1024 / 1024:.1f} GiB"),
        ("OS", f"{platform.system()} {platform.release()}"),
        ("Python", f"{platform.python_implementation()} {platform.python_version()}"),
        ("naftiko-lint", _output([naftiko_lint, "--version"]) + f" (commit {commit})"),
        ("Spectral", _output([spectral, "--version"]) if spectral else "not run"),
        ("date", datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")),
    ]
