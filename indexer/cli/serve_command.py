"""``baoku serve``: the web app under gunicorn, a production WSGI server (never Flask's
development server), in one or several worker processes behind one port."""
from __future__ import annotations

import os

import click

from indexer.cores import usable_cores
from indexer.settings import load_settings

from .options import index_option, translate_errors


def display_address(host: str, port: int) -> str:
    """The URL to open for a server bound to ``host``:``port``."""
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


@click.command()
@index_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0: every interface).")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0: any free port; the one chosen is printed).")
@click.option("--workers", type=click.IntRange(1, 64), default=None, metavar="N",
              help="Worker processes answering on the one port (default: one per CPU "
                   "core).")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 256),
              help="Threads per worker process.")
@click.option("--access-log", is_flag=True,
              help="Print a line per request on stdout, led by the pid of the worker that "
                   "answered it.")
@translate_errors
def serve(index_dir: str | None, host: str, port: int, workers: int | None, threads: int,
          access_log: bool) -> None:
    """Serve the search website for the index, with gunicorn. Prints the address; Ctrl+C
    or SIGTERM stops every worker."""
    from search_web.serving import WebServer, check_archive, listen

    folder = load_settings({"index": index_dir})["index"]
    workers = workers or usable_cores()  # one worker process per core
    # Refuse to start without a usable index (say so now, not on every page); each worker
    # loads the segmenter and facet columns before it takes its first request.
    check_archive(folder)
    try:
        sock = listen(host, port)
    except OSError as exc:
        reason = os.strerror(exc.errno) if exc.errno else str(exc)
        raise click.ClickException(f"cannot listen on {host}:{port}: {reason}") from None
    address = display_address(host, sock.getsockname()[1])

    def ready() -> None:
        click.echo(f"Baoku is serving the index {folder} at {address} with "
                   f"{plural(workers, 'worker')} of {plural(threads, 'thread')}  "
                   "(Ctrl+C stops)")

    WebServer(folder, sock, workers=workers, threads=threads, access_log=access_log,
              on_ready=ready).run()
