"""python3 tools/smartcrm <command>: what ./smartcrm runs."""
import sys
from pathlib import Path

if not __package__:
    # run as a directory: import the package from tools/, not its modules as top-level ones
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

from smartcrm.cli import main  # noqa: E402

sys.exit(main())
