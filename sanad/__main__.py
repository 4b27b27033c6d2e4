"""``python -m sanad``: the same as the ``sanad`` console script."""

import sys

from sanad.cli import main

sys.exit(main())
