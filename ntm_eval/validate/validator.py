"""Former home of the validator, kept while `tests/test_docs.py` (not part of this package's
change) still imports `validate_paths` from here. Use `ntm_eval.validate` instead."""

from ntm_eval.errors import PathsError  # noqa: F401
from ntm_eval.validate import validate_files, validate_paths  # noqa: F401
