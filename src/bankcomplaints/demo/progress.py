"""Progress bars for the demo's stages: ``rich`` when it is installed, plain text otherwise.

A :class:`Stages` object shows one bar per stage (simulating, storing, reloading...) and hands out an
``advance(done)`` callback for each; with ``quiet=True`` it shows nothing.

    >>> import io
    >>> from bankcomplaints.demo.progress import Stages
    >>> out = io.StringIO()
    >>> with Stages(out, plain=True) as stages:
    ...     tick = stages.stage("storing", total=4)
    ...     for done in range(1, 5):
    ...         tick(done)
    >>> out.getvalue().splitlines()[-1]
    'storing [########################################] 4/4'
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from types import TracebackType
from typing import Any, TextIO

__all__ = ["Stages"]

_WIDTH = 40


class Stages:
    """One progress bar per stage, on ``out``.

    Args:
        out: where to draw (the terminal, usually ``sys.stderr``).
        plain: draw plain text even if ``rich`` is installed.
        quiet: draw nothing.
    """

    def __init__(self, out: TextIO, *, plain: bool = False, quiet: bool = False) -> None:
        self.out, self.quiet = out, quiet
        self.rich = not plain and not quiet and importlib.util.find_spec("rich") is not None
        self._progress: Any = None

    def __enter__(self) -> Stages:
        if self.rich:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self._progress = Progress(TextColumn("{task.description:<24}"), BarColumn(), MofNCompleteColumn(),
                                      TimeElapsedColumn(), console=Console(file=self.out), transient=False)
            self._progress.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self._progress is not None:
            self._progress.stop()

    def stage(self, label: str, *, total: int) -> Callable[[int], None]:
        """Start a stage of ``total`` steps.

        Args:
            label: what the stage does.
            total: how many steps it has.
        Returns:
            A callback taking the number of steps done so far.
        """
        if self.quiet:
            return lambda done: None
        if self._progress is not None:
            task = self._progress.add_task(label, total=total)
            progress = self._progress
            return lambda done: progress.update(task, completed=done)
        return self._plain(label, total)

    def _plain(self, label: str, total: int) -> Callable[[int], None]:
        every = max(1, total // 20)
        out = self.out

        def draw(done: int) -> None:
            if done % every and done != total:
                return
            filled = _WIDTH * done // max(total, 1)
            end = "\n" if done == total else ""
            out.write(f"\r{label} [{'#' * filled}{'.' * (_WIDTH - filled)}] {done}/{total}{end}")
            out.flush()

        return draw
