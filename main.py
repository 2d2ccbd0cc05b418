"""Open the Supply Room desktop app: `python main.py [--db PATH_OR_URL]`."""

import sys

from inventory_app.launch import main

if __name__ == "__main__":
    sys.exit(main())
