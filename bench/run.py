"""Run every benchmark (``bench/bench_*.py``) in turn; each writes ``bench/results/NAME.json``.

Each runs in its own process so one's memory does not inflate the next one's peak. Pass
names to run a subset: ``python bench/run.py store ingest``. A failing benchmark is
reported and the others still run; the exit code says whether all of them finished.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent


def main(argv: list[str]) -> int:
    scripts = sorted(HERE.glob("bench_*.py"))
    if argv:
        scripts = [s for s in scripts if s.stem.removeprefix("bench_") in argv]
    failed = []
    for script in scripts:
        print(f"== {script.stem} ==", flush=True)
        started = time.perf_counter()
        done = subprocess.run([sys.executable, str(script)], check=False)
        print(f"== {script.stem}: exit {done.returncode} in {time.perf_counter() - started:.0f} s ==", flush=True)
        if done.returncode:
            failed.append(script.stem)
    if failed:
        print(f"failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
