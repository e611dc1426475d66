"""The app factory: one FastAPI app per node, built from explicit settings.

Route modules are ``corridor.api._routes_*`` (and the web UI's routes in ``corridor.web``),
each exposing ``router``; they are included in name order, so a capability adds its
endpoints without editing this file.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

import corridor.api as package
from corridor.access import Node
from corridor.api._errors import HANDLERS
from corridor.core import Settings


def create_app(settings: Settings, *, node: Node | None = None) -> FastAPI:
    """Build the API (and web UI) of the node that ``settings`` describe."""
    owned = node is None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.node = node if node is not None else Node.open(settings)
        try:
            yield
        finally:
            if owned:
                app.state.node.close()

    app = FastAPI(
        title="corridor",
        version="1",
        description="The API of a corridor node: every response filtered by the one door, every read audited.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    for exc_class, handler in HANDLERS.items():
        app.add_exception_handler(exc_class, handler)
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if info.name.startswith("_routes_"):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            app.include_router(module.router)
    return app
