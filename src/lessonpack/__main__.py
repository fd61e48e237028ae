"""Run lessonpack as `python -m lessonpack`."""

from .cli import main

main()
