"""The core layer: what every feature stands on and none of them owns — configuration, the
database gate, extensions, errors, languages, security headers, the input gate, rendering,
rate limits, the audit log, caching, the API toolkit and the documented extension points.
Nothing here imports a feature (import-linter checks it, see pyproject.toml)."""
