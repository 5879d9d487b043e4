"""The benchmark suite (issue #6): how fast a file turns into a picture, measured honestly.

Run it with ``python -m bench`` (see ``bench/__main__.py`` for the options). Every figure is a
ratio against a baseline run in the same process on the same data, with min/median/max of
repeated runs; nothing here is a timing assertion, and CI only checks that the suite runs.

Modules: ``data`` (deterministic synthetic data at sizes S, M, L, XL), ``measure`` (timing and
memory helpers, the records every measurement produces), ``scorers`` (the per-group loop and
DuckDB SQL baselines), one module per measurement group (``load``, ``scoring``, ``memory``,
``store``, ``pages``), ``profiles`` (where the time goes) and ``report`` (RESULTS.md).
"""
