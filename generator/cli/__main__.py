"""``python -m generator.cli``: the ``timeline`` command."""

import sys

from generator.cli.main import main

sys.exit(main())
