"""``python -m policypress``: the same as the ``policypress`` command."""

import sys

from .cli import main

sys.exit(main())
