"""`python -m inventory_app` runs the command line."""

import sys

from inventory_app.cli import main

sys.exit(main())
