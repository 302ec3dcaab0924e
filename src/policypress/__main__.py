"""``python -m policypress``: the same as the ``policypress`` command."""

import sys

from policypress.cli import main

if __name__ == "__main__":  # (imported, e.g. by the set-up's import check, it does nothing)
    sys.exit(main())
