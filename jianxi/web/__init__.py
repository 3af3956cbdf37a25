"""The HTTP shell, and nothing of the domain: htmx, error pages, CSRF, response headers, the
request log, templating, assets, URL converters, shared form helpers and spreadsheet downloads."""
