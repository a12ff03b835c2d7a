"""upskill-lms: an open learning platform for plastics production line operators."""

from pathlib import Path

__version__ = "0.1.0"

#: The checkout (or install) root: defaults for the curriculum, translations and data live here.
PROJECT_ROOT = Path(__file__).resolve().parent.parent
