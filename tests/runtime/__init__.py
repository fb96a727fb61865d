"""Runtime tests: the generated reseller client, imported from generated/, is their subject."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "generated" / "ingram_micro_reseller"))
