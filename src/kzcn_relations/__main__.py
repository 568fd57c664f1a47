"""``python -m kzcn_relations``: the command line."""

import sys

from kzcn_relations.cli import main

sys.exit(main())
