"""run/cache.walk: the unit files of a folder held compactly (a `Walk`) are the list walk_units
gives — every index, negative index, slice and iteration — and a batch's cache takes it out of
the list the quick table's check hands it in."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ntm_eval.run.cache import BatchCache, Walk, walk, walk_units

NAME = st.text(st.sampled_from("abcxyzđạ-_09"), min_size=1, max_size=6)


@settings(max_examples=60, deadline=None)
@given(folders=st.lists(st.tuples(NAME, st.lists(NAME, max_size=5, unique=True)), max_size=6))
def test_a_walk_is_the_list_of_its_paths(folders):
    w, paths = Walk(), []
    for folder, names in folders:
        files = sorted(n + ".yaml" for n in names)
        w.add("/r/" + folder, files)
        paths += ["/r/" + folder + "/" + f for f in files]
    w.done()
    assert len(w) == len(paths) and list(w) == paths and w == paths
    for k in range(-len(paths), len(paths)):
        assert w[k] == paths[k]
    for a in range(len(paths) + 1):
        assert w[a:a + 3] == paths[a:a + 3]
    assert bool(w) == bool(paths)


def test_walk_is_walk_units_and_the_cache_unwraps_it(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    for p in ("z.yaml", "a/2.yaml", "a/1.yml", "b/x.yaml", "b/.h.yaml", "c.txt"):
        (tmp_path / p).write_text("x", encoding="utf-8")
    got = walk(str(tmp_path))
    assert isinstance(got, Walk) and list(got) == walk_units(str(tmp_path))
    assert list(got) == [str(tmp_path / p) for p in ("z.yaml", "a/1.yml", "a/2.yaml", "b/x.yaml")]
    cache = BatchCache(str(tmp_path), "n")
    cache.walked = [got]
    assert cache.walked is got
    cache.walked = ["one.yaml"]
    assert cache.walked == ["one.yaml"]
