"""Serves the built workbench: ``/`` is the app, ``/static/…`` its scripts, styles and maps.

The build (``npm ci && npm run build`` in ``frontend/``) writes into ``static/``; nothing
is fetched from the internet at run time, which the Content-Security-Policy enforces.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

STATIC_DIR = Path(__file__).with_name("static")
_NOT_BUILT = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>corridor</title></head>
<body><h1>corridor</h1><p>The web workbench is not built. Run
<code>npm ci &amp;&amp; npm run build</code> in <code>src/corridor/web/frontend/</code>
(<code>make install</code> does it). The API is at <code>/api/</code>.</p></body></html>"""


def frontend_built() -> bool:
    """Whether the front-end build output is present."""
    return (STATIC_DIR / "index.html").is_file()


def _index() -> Response:
    if frontend_built():
        return FileResponse(STATIC_DIR / "index.html", headers={"Cache-Control": "no-cache"})
    return HTMLResponse(_NOT_BUILT, status_code=503)


def mount_web(app: FastAPI) -> None:
    """Add the workbench's routes to ``app`` (not part of the OpenAPI document)."""
    app.add_api_route("/", _index, include_in_schema=False, methods=["GET"])
    app.mount("/static", StaticFiles(directory=STATIC_DIR, check_dir=False), name="static")
