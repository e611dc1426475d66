"""corridor: intelligence fusion for the Western Balkan route."""
