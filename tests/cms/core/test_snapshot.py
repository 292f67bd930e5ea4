"""The content snapshot: what a build computes once (cms.core.snapshot)."""

from cms.core.snapshot import content_snapshot, memo, memo_each


def test_memo_each_computes_each_key_once_per_snapshot_as_memo_does():
    keys = [("carte", 0), ("carte", 1), ("carte", 0)]
    computed = []

    def compute(position):
        computed.append(position)
        return f"carte {keys[position][1]}"

    with content_snapshot():
        assert memo(("carte", 1), lambda: "déjà là") == "déjà là"
        assert memo_each(keys, compute) == ["carte 0", "déjà là", "carte 0"]
        # The first ("carte", 0) only: the second is the same key.
        assert computed == [0]
        assert memo(("carte", 0), lambda: "autre") == "carte 0"
    with content_snapshot():
        assert memo_each(keys, compute) == ["carte 0", "carte 1", "carte 0"]
    assert computed == [0, 0, 1]


def test_outside_a_snapshot_memo_each_computes_every_time():
    assert memo_each(["a", "a"], lambda position: position) == [0, 1]
