"""entry._import_yaml: PyYAML's own import-time patterns are compiled on first use, with the same
results as the patterns PyYAML compiles itself (checked in a fresh interpreter)."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = r'''
import re, sys
from ntm_eval import entry
entry._import_yaml()
import yaml
lazy = [p for ps in yaml.resolver.Resolver.yaml_implicit_resolvers.values() for _t, p in ps]
lazy.append(yaml.constructor.SafeConstructor.timestamp_regexp)
assert all(isinstance(p, entry._LazyPattern) for p in lazy), lazy
samples = ["yes", "No", "1.10", "-0b101", "0x1F", "1_000", ".inf", "~", "null", "2024-01-31",
           "2001-12-14t21:59:43.10-05:00", "<<", "=", "abc", "12:30:00", "+.5e3", ""]
for p in lazy:
    real = re.compile(p.pattern, p.flags)
    for s in samples:
        a, b = p.match(s), real.match(s)
        assert (a and a.groupdict()) == (b and b.groupdict()) and bool(a) == bool(b), (p.pattern, s)
print(yaml.safe_load("a: 2024-01-31\nb: 1.5\nc: yes\nd: ~\ne: 0x10\n"))
'''


def test_lazy_patterns_match_as_compiled():
    out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "{'a': datetime.date(2024, 1, 31), 'b': 1.5, 'c': True, 'd': None, 'e': 16}"
