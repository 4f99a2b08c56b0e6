"""Command line: a thin shell over ``check()`` and ``score_lines()``.

Exit codes: 0 ok; 1 some batch lines failed; 2 bad input; 3 a URL could not be
fetched; 4 a model file is missing or broken; 5 internal error; 130 interrupted.
"""

from __future__ import annotations

import sys
from contextlib import AbstractContextManager, nullcontext
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TextIO

import typer

from .errors import StorycheckError

app = typer.Typer(
    add_completion=False,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    help="Check a news article sentence by sentence against other reports of the same event.",
)


class Format(StrEnum):
    text = "text"
    json = "json"
    html = "html"


def _fail(exc: BaseException, debug: bool) -> None:
    if debug:
        raise exc
    if isinstance(exc, StorycheckError):
        code, msg = exc.exit_code, str(exc)
    elif isinstance(exc, OSError):
        code, msg = 2, f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": ")
    else:
        code, msg = 5, f"internal error ({type(exc).__name__}: {exc}); rerun with --debug for details"
    typer.echo(f"storycheck: error: {msg}", err=True)
    raise typer.Exit(code)


def _read(arg: str):  # -> Document
    from .read import is_url, read_path, read_url

    return read_url(arg) if is_url(arg) else read_path(arg)


def _emit(report, format: Format, output: Path | None, stdout: TextIO | None = None) -> None:
    """Write a check or events report in the chosen format to ``output`` or ``stdout``."""
    stdout = stdout or sys.stdout
    if format is Format.json:
        out = report.to_json() + "\n"
    elif format is Format.html:
        out = report.to_html()
    else:
        import shutil

        colour = output is None and stdout.isatty()
        out = report.to_text(width=shutil.get_terminal_size((100, 24)).columns, color=colour)
    if output:
        output.write_text(out, encoding="utf-8")
        typer.echo(f"wrote {output}", err=True)
    else:
        stdout.write(out)


def _stdout(ray: bool) -> AbstractContextManager[TextIO]:
    """The stream a command's output goes to. With Ray, stdout carries that output only:
    whatever Ray prints meanwhile goes to stderr (see ``distributed.output_stream``)."""
    if not ray:
        return nullcontext(sys.stdout)
    from .events.distributed import output_stream

    return output_stream()


@app.command()
def check(
    article: Annotated[str, typer.Argument(help="Article: a file, '-' for stdin, or an http(s) URL.")],
    against: Annotated[
        list[str], typer.Option("--against", "-a", help="A reference report (repeatable): file or URL.")
    ] = [],  # noqa: B006 - typer needs a literal default
    format: Annotated[Format, typer.Option("--format", "-f", help="Report format.")] = Format.text,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report here.")] = None,
    allow_non_english: Annotated[
        bool, typer.Option(help="Check text that is not English anyway (results are unreliable).")
    ] = False,
    debug: Annotated[bool, typer.Option(help="Show tracebacks.")] = False,
) -> None:
    """Check ARTICLE against one or more references."""
    from .pipeline import Options
    from .pipeline import check as run_check

    try:
        art = _read(article)
        refs = [_read(r) for r in against]
        report = run_check(art, refs, options=Options(allow_non_english=allow_non_english))
    except (StorycheckError, OSError) as exc:
        _fail(exc, debug)
    except KeyboardInterrupt:
        raise typer.Exit(130) from None
    for w in report.warnings:
        typer.echo(f"storycheck: warning: {w}", err=True)
    _emit(report, format, output)


class EngineKind(StrEnum):
    local = "local"
    ray = "ray"


@app.command()
def score(
    pairs: Annotated[Path, typer.Argument(help="JSONL: {id, document, claim} per line; '-' for stdin.")],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Output JSONL (default stdout), or Parquet if it ends in .parquet."
        ),
    ] = None,
    resume: Annotated[bool, typer.Option(help="Continue an interrupted run from --output.")] = False,
    engine_kind: Annotated[
        EngineKind,
        typer.Option("--engine", help="local, or ray: read with ray.data and score in Ray actors."),
    ] = EngineKind.local,
    address: Annotated[
        str | None,
        typer.Option(help="--engine ray: the cluster (ray://host:10001); default: start Ray here."),
    ] = None,
    actors: Annotated[
        int, typer.Option(min=1, help="--engine ray: scoring actors (each loads the models once).")
    ] = 1,
    debug: Annotated[bool, typer.Option(help="Show tracebacks.")] = False,
) -> None:
    """Score (document, claim) pairs: one JSON line out per line in, same order."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from .pipeline import Engine
    from .score import completed_lines, score_lines, write_record

    if resume and output is None:
        _fail(StorycheckError("--resume needs --output"), debug)
    ray = engine_kind is EngineKind.ray
    if ray and (resume or str(pairs) == "-"):
        _fail(StorycheckError("--engine ray reads a file (not stdin) and does not --resume"), debug)
    parquet = output is not None and output.suffix.lower() == ".parquet"
    if parquet and resume:
        _fail(StorycheckError("--resume works on JSONL output, not Parquet"), debug)
    with _stdout(ray) as stdout:
        try:
            if str(pairs) == "-":
                src = sys.stdin
                total = None
            else:
                if not pairs.is_file():
                    raise FileNotFoundError(f"{pairs}: no such file")
                with pairs.open("rb") as fh:
                    total = sum(1 for line in fh if line.strip())
                src = pairs.open(encoding="utf-8", errors="replace")
            skip = completed_lines(output) if resume and output else 0
            if ray:
                from .events import distributed

                distributed.init(address, actors=actors)
            else:
                engine = Engine.default()
        except (StorycheckError, OSError) as exc:
            _fail(exc, debug)
            return
        lines = (line for line in src if line.strip())
        for _ in range(skip):
            next(lines, None)
        if parquet:
            from .score import ParquetRecords

            out = ParquetRecords(output)
        else:
            out = output.open("a" if resume else "w", encoding="utf-8") if output else stdout
        failed = 0
        progress = Progress(
            TextColumn("scoring"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
            console=__import__("rich.console").console.Console(stderr=True), transient=False,
        )  # fmt: skip
        try:
            with progress:
                task = progress.add_task("score", total=total, completed=skip)
                records = distributed.score_records(pairs, actors) if ray else score_lines(lines, engine)
                for rec in records:
                    failed += "error" in rec
                    if parquet:
                        out.write(rec)
                    else:
                        write_record(out, rec, sync=output is not None)
                    progress.advance(task)
        except KeyboardInterrupt:
            typer.echo("storycheck: interrupted; continue with --resume", err=True)
            raise typer.Exit(130) from None
        finally:
            if output:
                out.close()
        if failed:
            typer.echo(f'storycheck: {failed} line(s) failed; see their "error" field', err=True)
            raise typer.Exit(1)


@app.command()
def events(
    paths: Annotated[
        list[str],
        typer.Argument(help="Folders (.txt/.md/.html files), files, URLs, or .jsonl/.parquet record files."),
    ],
    format: Annotated[Format, typer.Option("--format", "-f", help="Report format.")] = Format.text,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report here.")] = None,
    compare: Annotated[
        bool, typer.Option("--compare/--no-compare", help="Check articles within each event (or group only).")
    ] = True,
    state: Annotated[
        Path | None,
        typer.Option(help="Events state file: new articles join the events saved there (written back)."),
    ] = None,
    references: Annotated[
        int, typer.Option(min=1, max=20, help="Other articles each article is checked against.")
    ] = 3,
    threshold: Annotated[
        float | None, typer.Option(help="Grouping distance threshold (default: the tuned one).")
    ] = None,
    window_days: Annotated[
        float | None, typer.Option(help="Articles further apart in time are never one event (default 3).")
    ] = None,
    allow_non_english: Annotated[
        bool, typer.Option(help="Read text that is not English anyway (results are unreliable).")
    ] = False,
    engine: Annotated[
        EngineKind, typer.Option(help="local, or ray: read, embed and check in Ray actors.")
    ] = EngineKind.local,
    address: Annotated[
        str | None,
        typer.Option(help="--engine ray: the cluster (ray://host:10001); default: start Ray here."),
    ] = None,
    actors: Annotated[
        int, typer.Option(min=1, help="--engine ray: actors per stage (each loads the models once).")
    ] = 1,
    debug: Annotated[bool, typer.Option(help="Show tracebacks.")] = False,
) -> None:
    """Group a pile of articles into events and compare each event's coverage.

    Exit code 1 when some input was skipped (listed in the report's "skipped")."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from .events import events as run_events

    progress = Progress(TextColumn("checking"), BarColumn(), MofNCompleteColumn(),
                        console=Console(stderr=True), transient=True)  # fmt: skip
    task = None

    def on_progress(stage: str, done: int, total: int) -> None:
        nonlocal task
        if task is None:
            progress.start()
            task = progress.add_task(stage, total=total)
        progress.update(task, completed=done)

    with _stdout(engine is EngineKind.ray) as stdout:
        try:
            report = run_events(paths, compare=compare, state=state, references=references,
                                threshold=threshold, window_days=window_days,
                                allow_non_english=allow_non_english, on_progress=on_progress,
                                backend=engine.value, address=address, actors=actors)  # fmt: skip
        except (StorycheckError, OSError) as exc:
            _fail(exc, debug)
            return
        except KeyboardInterrupt:
            raise typer.Exit(130) from None
        finally:
            progress.stop()
        _emit(report, format, output, stdout)
    if report.skipped:
        typer.echo(f'storycheck: {len(report.skipped)} input(s) skipped; see "skipped"', err=True)
        raise typer.Exit(1)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    db: Annotated[
        Path | None,
        typer.Option(
            help="SQLite file for saved reports [env STORYCHECK_DB; default ./storycheck-reports.sqlite3]."
        ),
    ] = None,
    allow_private_urls: Annotated[
        bool, typer.Option(help="Let the server fetch URLs on loopback/private addresses.")
    ] = False,
    max_body_mb: Annotated[
        float, typer.Option(help="Largest request body accepted, in MB (uploads are up to 10 MB a file).")
    ] = 32.0,
) -> None:
    """Start the web page and JSON API (FastAPI + uvicorn)."""
    from .server import run

    run(
        host=host,
        port=port,
        db=db,
        allow_private_urls=allow_private_urls,
        max_body=int(max_body_mb * 1_000_000),
    )


def main() -> None:
    app()


if __name__ == "__main__":
    main()
