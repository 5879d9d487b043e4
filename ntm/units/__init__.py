"""Official administrative units across the 1 July 2025 reorganisation: resolution and lineage.

* ``dataset``: both maps (63 provinces with districts before 1 July 2025, 34 provinces after)
  and the 2025 conversion, read offline from the ``vietnamadminunits`` package's data files;
  why that dataset was chosen is in its docstring.
* ``registry``: the units and successions with look-ups by code and name (``default_registry``).
* ``resolve``: a reported commune name (+ district, province, year, code) → an official unit, or
  a problem with suggestions; never a silent guess.
* ``corrections``: a workbook that corrects or extends the lineage, and its empty template.
* ``history``: official unit columns for a scores frame, and history "on today's map".
* ``cli``: ``python -m ntm units resolve|lineage|template``.

Nothing is read on import; the dataset is read on first use (under a second; the name indexes
about as much again on first resolution).
"""

from ntm.units.dataset import MAP_LABELS, MAPS, NEW, OLD, REORGANISATION, Succession, Unit
from ntm.units.registry import Registry, default_registry, map_for_year, normalize_unit_code
from ntm.units.resolve import Resolution, resolve_commune

__all__ = [
    "MAPS", "MAP_LABELS", "NEW", "OLD", "REORGANISATION", "Registry", "Resolution", "Succession", "Unit",
    "default_registry", "map_for_year", "normalize_unit_code", "resolve_commune",
]
