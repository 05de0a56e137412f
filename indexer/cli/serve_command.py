"""``baoku serve``: the web app under waitress, a production WSGI server (never Flask's
development server)."""
from __future__ import annotations

import click

from indexer.settings import load_settings

from .options import index_option, translate_errors


def display_address(host: str, port: int) -> str:
    """The URL to open for a server bound to ``host``:``port``."""
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


@click.command()
@index_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0: every interface).")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0: any free port; the one chosen is printed).")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 256),
              help="Worker threads.")
@translate_errors
def serve(index_dir: str | None, host: str, port: int, threads: int) -> None:
    """Serve the search website for the index, with waitress. Prints the address."""
    from waitress.server import create_server

    from search_web import create_app

    folder = load_settings({"index": index_dir})["index"]
    app = create_app({"index": folder})
    # Refuse to start without a usable index (say so now, not on every page), and load the
    # segmenter and facet columns before the first user comes.
    app.extensions["baoku"].warm_up()
    try:
        server = create_server(app, host=host, port=port, threads=threads)
    except OSError as exc:
        raise click.ClickException(f"cannot listen on {host}:{port}: "
                                   f"{exc.strerror or exc}") from None
    click.echo(f"Baoku is serving the index {folder} at "
               f"{display_address(host, server.effective_port)}  (Ctrl+C stops)")
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
