"""`python -m desktop_app [FILE...]` starts the desktop app."""

import sys

from .app import main

sys.exit(main())
