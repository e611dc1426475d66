"""The app factory: one FastAPI app per node, built from explicit settings.

Route modules are ``corridor.api._routes_*``, each exposing ``router``; they are included
in name order, so a capability adds its endpoints without editing this file. The web
UI's routes (``corridor.web``) come last, so the API's paths win.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI

import corridor.api as package
from corridor.access import Node
from corridor.api._auth import AuthState
from corridor.api._errors import HANDLERS
from corridor.api._index import Indexes
from corridor.api._security import BodyLimit, SecurityHeaders
from corridor.core import Settings
from corridor.store import POOL_CONNECTIONS
from corridor.web import mount_web

SETTINGS_ENV = "CORRIDOR_SERVE_SETTINGS"
"""Where ``corridor serve --workers N`` hands its settings to the worker processes (JSON)."""
REQUEST_THREADS = POOL_CONNECTIONS // 2
"""Requests one worker process runs at once (see ``corridor.store.POOL_CONNECTIONS``)."""
APP_FACTORY = "corridor.api:app_from_environment"
"""The import string uvicorn's worker processes build their app from."""


def app_from_environment() -> FastAPI:
    """The app of one worker process of ``corridor serve --workers N``.

    uvicorn starts its workers from an import string, so the settings the command was
    given travel in ``SETTINGS_ENV``. Each worker opens the store itself; SQLite in WAL
    mode and PostgreSQL both take several processes, and the audit chain and the search
    index serialise their writers in the database, not in the process.
    """
    return create_app(Settings.model_validate_json(os.environ[SETTINGS_ENV]))


def create_app(settings: Settings, *, node: Node | None = None) -> FastAPI:
    """Build the API (and web UI) of the node that ``settings`` describe."""
    owned = node is None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        opened = node if node is not None else Node.open(settings)
        # Requests run in worker threads, each holding database connections while it works.
        # With more threads than the pool serves, the surplus waited for a connection and
        # after the pool's timeout answered 500 (the load test at the large scenario: 39 of
        # 125 requests). With at most half the pool's connections in threads, surplus
        # requests queue in the event loop instead: slower under overload, never failed.
        anyio.to_thread.current_default_thread_limiter().total_tokens = REQUEST_THREADS
        app.state.node = opened
        app.state.indexes = Indexes(opened)
        app.state.auth = AuthState.build(settings)
        if owned:
            # Served for real: bring the search index up to date before the first search.
            threading.Thread(target=app.state.indexes.ensure_fresh, name="corridor-index", daemon=True).start()
        try:
            yield
        finally:
            if owned:
                opened.close()

    app = FastAPI(
        title="corridor",
        version="1",
        description=(
            "The API of a corridor node: every response filtered by the one door, every read audited. "
            "Authenticate with a session cookie from `POST /api/login` (send its CSRF token in "
            "`X-CSRF-Token` on state-changing requests) or a bearer token from `POST /api/tokens`. "
            "Every error has the shape `{error, message, errors?}`."
        ),
        lifespan=lifespan,
        # Swagger UI and ReDoc load their scripts from a CDN, which an air-gapped node must
        # not do; /openapi.json stays.
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.add_middleware(BodyLimit)
    app.add_middleware(SecurityHeaders)
    for exc_class, handler in HANDLERS.items():
        app.add_exception_handler(exc_class, handler)
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if info.name.startswith("_routes_"):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            app.include_router(module.router)
    mount_web(app)
    return app
