"""The two commands: `python3 tasks.py app` opens the app, `python3 tasks.py test` runs every test.

Both create .venv and install the pinned requirements when needed (again only when a
requirements file changes), so they are safe to run any number of times.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
REQUIREMENTS = {"app": ["requirements.txt"], "test": ["requirements.txt", "requirements-dev.txt"]}


def ensure_environment(files: list[str]) -> None:
    """Create .venv if missing; pip-install the files unless their hash matches the last install."""
    if not PYTHON.exists():
        print("Creating .venv …", flush=True)
        try:
            venv.EnvBuilder(with_pip=True).create(VENV)
        except Exception as err:  # Debian's python3 without ensurepip
            sys.exit(f"Could not create .venv ({err}). On Debian/Ubuntu: sudo apt-get install -y python3-venv")
    digest = hashlib.sha256(b"".join((ROOT / f).read_bytes() for f in files)).hexdigest()
    stamp = VENV / f".installed-{'-'.join(Path(f).stem for f in files)}"
    if stamp.exists() and stamp.read_text() == digest:
        return
    print(f"Installing {', '.join(files)} into .venv (first time only) …", flush=True)
    args = [str(PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    for f in files:
        args += ["-r", str(ROOT / f)]
    subprocess.run(args, check=True)
    stamp.write_text(digest)


def main() -> int:
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command not in REQUIREMENTS:
        print(__doc__)
        return 2
    ensure_environment(REQUIREMENTS[command])
    if command == "app":
        cmd = [str(PYTHON), "-m", "streamlit", "run", "app.py", "--server.port", "8501", *sys.argv[2:]]
    else:
        cmd = [str(PYTHON), "-m", "pytest", *sys.argv[2:]]
    return subprocess.call(cmd, cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main())
