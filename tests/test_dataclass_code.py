"""The `lessonpack` command keeps the code `dataclasses` compiles for each class's methods
(`dataclass_code.py`): a command run again compiles none, and the classes behave as Python's own."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import REPO

COUNTING = """
import builtins, json, runpy, sys
texts = []
def counting(real):
    def call(source, *args, **kwargs):
        if isinstance(source, str) and "__create_fn__" in source:
            texts.append(source)
        return real(source, *args, **kwargs)
    return call
builtins.exec, builtins.compile = counting(builtins.exec), counting(builtins.compile)
sys.argv = ["lessonpack", *json.loads(sys.argv[1])]
try:
    runpy.run_module("lessonpack", run_name="__main__", alter_sys=True)
finally:
    sys.__stderr__.write("\\nCOMPILED %d\\n" % len(texts))
"""


def compiled(args: list[str], cache) -> int:
    """How many method texts were compiled (by `exec` or `compile`) by the end of the command."""
    result = subprocess.run([sys.executable, "-c", COUNTING, json.dumps(args)], cwd=REPO, capture_output=True,
                            text=True, timeout=120, env={**os.environ, "LESSONPACK_CACHE_DIR": str(cache)})
    assert result.returncode == 0, result.stderr
    return int(result.stderr.rsplit("COMPILED ", 1)[1])


def test_a_command_run_again_compiles_no_dataclass_method(tmp_path):
    def build(out: str, cache: str) -> int:
        return compiled(["build", str(REPO / "lessons" / "01-soviet-1905.yaml"), "--format", "pdf", "--jobs", "1",
                         "--quiet", "--out", str(tmp_path / out)], tmp_path / cache)

    first = build("a", "cache")
    assert first > 300  # the models, document blocks, writers and the libraries' classes
    assert build("b", "cache") < 10  # only the font metrics', made before the command starts
    assert build("c", "empty") == first  # no cache: as before


BEHAVIOUR = """
import dataclasses, json, sys
from lessonpack import dataclass_code
dataclass_code.install()

@dataclasses.dataclass(frozen=True, slots=True)
class Point:
    x: int
    y: tuple = ()
    label: str = dataclasses.field(default="", compare=False)

a, b = Point(1, (2,), "a"), Point(1, (2,), "b")
try:
    a.x = 3
    frozen = False
except dataclasses.FrozenInstanceError:
    frozen = True
print(json.dumps([repr(a), a == b, hash(a) == hash(b), frozen, repr(dataclasses.replace(a, x=5)),
                  dataclasses.asdict(a)]))
"""


def test_a_dataclass_made_from_kept_code_behaves_as_pythons_own(tmp_path):
    env = {**os.environ, "LESSONPACK_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": os.pathsep.join(sys.path)}
    runs = [subprocess.run([sys.executable, "-c", BEHAVIOUR], capture_output=True, text=True, timeout=60, env=env)
            for _ in range(2)]  # the second from the kept code
    for run in runs:
        assert run.returncode == 0, run.stderr
    assert runs[0].stdout == runs[1].stdout
    assert json.loads(runs[1].stdout) == ["Point(x=1, y=(2,), label='a')", True, True, True,
                                          "Point(x=5, y=(2,), label='a')", {"x": 1, "y": [2], "label": "a"}]
