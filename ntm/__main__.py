"""``python -m ntm``: the command line (see ``ntm.cli``)."""

import sys

from ntm.cli import main

sys.exit(main())
