"""What the hardening tests share: running `baoku` as a user does, and the one JSON error
shape of the web API."""
from __future__ import annotations

from typing import Any

from click.testing import CliRunner

from indexer.cli import main

# Seconds within which a refusal comes, on a loaded machine (before the bounds, these
# requests took 15 to 80 seconds).
AT_ONCE = 2.0


def baoku(*args: str) -> tuple[int, str, str]:
    """Exit status, stdout and stderr of the `baoku` command with ``args``."""
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def api_error(message: str, position: int | None = None, type_: str = "invalid_request"
              ) -> dict[str, Any]:
    """The JSON body of a 400 from the API."""
    return {"error": {"status": 400, "type": type_, "message": message,
                      "position": position}}
