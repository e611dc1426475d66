"""Web: the workbench single-page app, built from npm packages and served by the node."""

from corridor.web._routes import STATIC_DIR, frontend_built, mount_web

__all__ = ["STATIC_DIR", "frontend_built", "mount_web"]
