"""Operating ScoreBridge: metrics (``GET /metrics``), JSON logs with request ids, traces.

``install.install(app, settings, database)`` wires all of it into the API; the worker calls
``install.start_worker``. Domains add gauges read from the database with
``gauges.db_gauge``. See the README's "Operations" section.
"""
