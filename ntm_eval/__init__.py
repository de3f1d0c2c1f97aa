"""ntm-eval: evaluate units against Vietnam's New Rural Development (NTM) criteria sets.

Kept import-free so that `ntm-eval --version` stays fast.
"""

__version__ = "0.1.0"
