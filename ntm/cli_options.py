"""Command-line options shared by the commands that read workbooks (``score``, ``check``, ``import``).

They say what a file does not: the place, year or criteria set of a form whose title lines lack
them, and which status column of an appraised form counts. Their names are
``ntm.loaders.load_workbook``'s keywords, so ``load_options(args)`` passes straight through.
"""

from __future__ import annotations

import argparse

LOAD_OPTIONS = ("province", "district", "commune", "year", "criteria_set", "status_column")


def add_load_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--province --district --commune --year --set --status-column`` to ``parser``."""
    parser.add_argument("--province",
                        help="tỉnh, khi tiêu đề biểu mẫu không ghi / province, when a form's titles lack it")
    parser.add_argument("--district", help="huyện / district")
    parser.add_argument("--commune", help="xã / commune")
    parser.add_argument("--year", type=int, help="năm đánh giá / assessment year")
    parser.add_argument("--set", dest="criteria_set", metavar="ID",
                        help="bộ tiêu chí của biểu mẫu, tổng hợp / criteria set of forms and summaries")
    parser.add_argument("--status-column", choices=["latest", "self", "district", "province"],
                        help="cột đánh giá được tính: mới nhất, tự đánh giá, huyện thẩm tra, tỉnh thẩm định "
                             "/ which status column of an official form counts (default latest)")


def load_options(args: argparse.Namespace) -> dict:
    """The load options the caller gave (``load_workbook``'s keywords), leaving out those not given."""
    return {name: getattr(args, name) for name in LOAD_OPTIONS if getattr(args, name, None) is not None}
