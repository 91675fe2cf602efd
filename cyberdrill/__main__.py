"""`python -m cyberdrill` is the `cyberdrill` command."""

import sys

from cyberdrill.cli import main

sys.exit(main())
