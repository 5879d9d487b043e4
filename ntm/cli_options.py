"""What the command-line modules share (``ntm.cli``, ``ntm.store.cli``, ``ntm.auth.cli``, ``ntm.units.cli``).

The load options say what a file does not: the place, year or criteria set of a form whose title
lines lack them, and which status column of an appraised form counts. Their names are
``ntm.loaders.load_workbook``'s keywords, so ``load_options(args)`` passes straight through.
``standalone_main`` runs one module's commands on their own (``python -m ntm.store.cli …``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from ntm.errors import NtmError

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


def run_command(args: argparse.Namespace, error_status: int) -> int:
    """Run parsed command ``args``; the project's errors are printed in ``args.lang`` and give
    ``error_status``."""
    try:
        return args.func(args)
    except NtmError as error:
        print(error.message(args.lang), file=sys.stderr)
        return error_status


def standalone_main(prog: str, register: Callable[[argparse._SubParsersAction], None],
                    argv: list[str] | None, error_status: int) -> int:
    """Parse ``argv`` with only the commands ``register`` adds (and ``--lang``), and run one."""
    parser = argparse.ArgumentParser(prog=prog)
    parser.add_argument("--lang", choices=["vi", "en"], default="vi")
    register(parser.add_subparsers(dest="command", required=True))
    return run_command(parser.parse_args(argv), error_status)
