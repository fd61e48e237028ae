"""lessonpack installed as a teacher installs it: a wheel, in a virtual environment of its own,
outside the repository, used from another folder. What the wheel lacks shows up only there."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO / "src" / "lessonpack"


def setuptools_config() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def package_folder(package: str, config: dict) -> Path:
    """Where setuptools reads a package from, by the longest package-dir entry that leads to it."""
    dirs = config["package-dir"]
    prefix = max((p for p in dirs if p and (package == p or package.startswith(p + "."))), key=len, default="")
    rest = package[len(prefix):].lstrip(".").split(".") if package != prefix else []
    return REPO.joinpath(dirs[prefix], *[part for part in rest if part])


def test_every_module_and_data_file_is_in_a_listed_package():
    """setuptools ships only the packages pyproject.toml lists (discovery cannot reach templates/);
    a folder of code, or a data file no package-data pattern takes, would be missing from the wheel."""
    config = setuptools_config()
    listed = set(config["packages"])
    with_code = {".".join(p.parent.relative_to(SOURCE.parent).parts) for p in SOURCE.rglob("*.py")}
    assert with_code - listed == set()
    shipped = set()
    for package in listed:
        folder = package_folder(package, config)
        shipped |= {p.resolve() for p in folder.glob("*.py")}
        for pattern in config["package-data"].get(package, []):
            shipped |= {p.resolve() for p in folder.glob(pattern) if p.is_file()}
    files = {p.resolve() for p in SOURCE.rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    files |= {p.resolve() for p in (REPO / "templates").rglob("*.j2")}
    assert sorted(str(p.relative_to(REPO)) for p in files - shipped) == []


def _run(*args, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, f"{args}: {result.stdout}\n{result.stderr}"
    return result


@pytest.mark.slow
def test_a_wheel_installed_in_a_fresh_environment_starts_and_builds_a_course(tmp_path):
    """From a copy of the sources (a stale build/ folder in the clone cannot add files to the
    wheel); dependencies pinned by requirements.lock, downloaded from PyPI as a teacher's would be."""
    from pypdf import PdfReader

    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    sources = tmp_path / "sources"
    shutil.copytree(REPO / "src", sources / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    shutil.copytree(REPO / "templates", sources / "templates")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, sources / name)
    wheels = tmp_path / "wheels"
    _run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", sources, "-w", wheels, cwd=tmp_path, env=env)
    (wheel,) = wheels.glob("lessonpack-*.whl")

    home = tmp_path / "env"
    venv.create(home, with_pip=True)
    python = home / "bin" / "python"
    _run(python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", wheel,
         "-c", REPO / "requirements.lock", cwd=tmp_path, env=env)
    lessonpack = home / "bin" / "lessonpack"
    where = _run(python, "-c", "import lessonpack; print(lessonpack.__file__)", cwd=tmp_path, env=env).stdout
    assert Path(where.strip()).is_relative_to(home)

    teacher = tmp_path / "teacher"
    teacher.mkdir()
    _run(lessonpack, "init", "course", cwd=teacher, env=env)
    course = teacher / "course"
    _run(lessonpack, "validate", cwd=course, env=env)
    _run(lessonpack, "build", "--format", "pdf,docx,html", cwd=course, env=env)
    out = course / "out" / "01-first-railway"
    text = " ".join(" ".join((page.extract_text() or "").split())
                    for page in PdfReader(str(out / "01-first-railway_student-worksheet.pdf")).pages)
    assert "Who drove Locomotion No. 1 on the opening day?" in text
    assert "Coal went to the port of Stockton by packhorse and cart" in text
    assert (out / "01-first-railway_student-worksheet.docx").stat().st_size > 0
    page = (out / "01-first-railway_student-worksheet.html").read_text(encoding="utf-8")
    assert "Who drove Locomotion No. 1 on the opening day?" in page
