"""`python -m pipeline` runs the command line."""

import sys

try:
    from .cli import main
except KeyboardInterrupt:  # Ctrl-C while Python was still starting
    print("thai-ocr-reconcile: interrupted", file=sys.stderr)
    sys.exit(130)

sys.exit(main())
