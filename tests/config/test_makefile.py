"""`make demo` and `make test` on a machine without uv: the Makefile installs it and goes on."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def base_python() -> str:
    """A Python with pip (the one `make` found), not this test's venv interpreter."""
    found = (
        os.environ.get("UV_PYTHON")
        or subprocess.run(
            [str(ROOT / ".ci" / "find-python")], capture_output=True, text=True, check=False
        ).stdout.strip()
    )
    return found or sys.executable


def test_make_venv_installs_uv_into_the_project_when_the_path_has_none(tmp_path):
    for name in ("Makefile", "pyproject.toml", "uv.lock"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / ".ci", tmp_path / ".ci")
    python = base_python()
    if subprocess.run([python, "-m", "pip", "--version"], capture_output=True, check=False).returncode:
        pytest.skip(f"{python} has no pip to install uv with")
    # A PATH with make and the shell but no uv (and no pyenv shims, which may hold one).
    env = {"HOME": os.environ.get("HOME", str(tmp_path)), "PATH": "/usr/bin:/bin", "UV_PYTHON": python}
    for passthrough in ("PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "UV_INDEX_URL", "UV_CACHE_DIR"):
        if passthrough in os.environ:
            env[passthrough] = os.environ[passthrough]
    assert shutil.which("uv", path=env["PATH"]) is None

    result = subprocess.run(
        ["make", "venv"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600, check=False
    )

    assert result.returncode == 0, result.stderr[-2000:]
    assert "installing it into .tools/uv" in result.stderr
    assert (tmp_path / ".tools" / "uv" / "bin" / "uv").exists()
    django = subprocess.run(
        [str(tmp_path / ".venv" / "bin" / "python"), "-c", "import django; print(django.VERSION[:2])"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert django.stdout.strip() == "(6, 1)"
