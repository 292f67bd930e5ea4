"""Writing the published files: a reader sees the old file or the new one, never a part."""

import os
import stat

import pytest

from guide.publish.write import write_atomic


def test_a_file_is_replaced_whole_and_readable_by_the_web_server(tmp_path):
    target = tmp_path / "participez" / "acteurs" / "index.html"
    old_umask = os.umask(0o077)  # a strict umask must not hide the page from the server
    try:
        write_atomic(target, b"<p>avant</p>")
        write_atomic(target, "<p>après</p>".encode())
    finally:
        os.umask(old_umask)
    assert target.read_text() == "<p>après</p>"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert sorted(p.name for p in target.parent.iterdir()) == ["index.html"]


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "index.html"
    write_atomic(target, b"<p>en ligne</p>")
    with pytest.raises(TypeError):
        write_atomic(target, "pas des octets")  # a str, not bytes: refused before any rename
    assert target.read_bytes() == b"<p>en ligne</p>"
    assert [p.name for p in tmp_path.iterdir()] == ["index.html"]


def test_folders_already_made_are_not_asked_for_again(tmp_path, monkeypatch):
    made = []
    real = os.makedirs
    monkeypatch.setattr(os, "makedirs", lambda *a, **k: (made.append(a[0]), real(*a, **k)))
    folders = set()
    for name in ("a", "b", "c"):
        write_atomic(tmp_path / "outils" / name, b"x", folders)
    assert made == [str(tmp_path / "outils")]


def test_a_staged_page_is_renamed_into_place_only_by_write_site(tmp_path):
    from guide.publish.build import SiteBuild
    from guide.publish.write import digest, read_manifest, stage, write_site

    out = tmp_path / "site"
    build = SiteBuild()
    build.staged["participez/index.html"] = stage(out, "participez/index.html", b"v1", {}, set())
    assert not (out / "participez/index.html").exists()  # staged, not published yet
    write_site(build, out)
    assert (out / "participez/index.html").read_bytes() == b"v1"
    assert read_manifest(out)["participez/index.html"] == digest(b"v1")

    # The same bytes again: nothing is written, the file counts as unchanged.
    manifest = read_manifest(out)
    assert stage(out, "participez/index.html", b"v1", manifest, set()) == (None, digest(b"v1"))
    temporary, _digest = stage(out, "participez/index.html", b"v2", manifest, set())
    assert temporary.endswith(".part") and "/.tmp-" in temporary


def test_discard_staged_removes_only_the_staged_pages(tmp_path):
    from guide.publish.write import discard_staged, stage

    out = tmp_path / "site"
    stage(out, "a/index.html", b"new", {}, set())
    stage(out, "b/c/index.html", b"new", {}, set())
    (out / "a" / "keep.html").write_bytes(b"published")
    assert discard_staged(out) == 2
    assert [p.name for p in out.rglob("*") if p.is_file()] == ["keep.html"]


def test_a_state_file_is_parsed_again_when_it_changes_on_disk(tmp_path, monkeypatch):
    """The manifest is kept parsed between reads, but never once the file is another:
    a publish by another process, or a file edited by hand, is read as it is."""
    import json

    from guide.publish import write

    parsed = []
    real_loads = json.loads
    monkeypatch.setattr(write.json, "loads", lambda text: parsed.append(1) or real_loads(text))
    (tmp_path / write.MANIFEST_NAME).write_text('{"a.html": "1"}')
    assert write.read_manifest(tmp_path) == {"a.html": "1"}
    assert write.read_manifest(tmp_path) == {"a.html": "1"}
    assert len(parsed) == 1
    # Same size, written again: another inode or another modification time.
    write_atomic(tmp_path / write.MANIFEST_NAME, b'{"b.html": "2"}')
    assert write.read_manifest(tmp_path) == {"b.html": "2"}
    assert len(parsed) == 2
    (tmp_path / write.MANIFEST_NAME).unlink()
    assert write.read_manifest(tmp_path) == {}


def test_a_state_file_has_the_same_bytes_whether_its_values_were_encoded_before_or_not(
    tmp_path, monkeypatch
):
    """The values written last time are not encoded again (write._parsed): what the
    file holds is still json.dumps(value, sort_keys=True), after any change."""
    import json

    from guide.publish import write

    path = tmp_path / write.ENTRIES_NAME
    kept = {"card": "a", "numbers": [18, 19]}
    changed = {"card": "b", "numbers": []}
    first = {"generation": "g1", "entries": {"2": kept, "10": changed, "3": {"card": "c"}}}
    write._write_state(path, first, levels=2)
    assert path.read_text() == json.dumps(first, sort_keys=True)

    # The same object under the same key and under another key; one replaced, one gone,
    # one new: each is what json.dumps() would write.
    second = {
        "generation": "g2",
        "entries": {"2": kept, "7": kept, "10": {"card": "B", "numbers": [1]}, "11": {}},
    }
    write._write_state(path, second, levels=2)
    assert path.read_text() == json.dumps(second, sort_keys=True)
    assert json.loads(path.read_text()) == second
    # Written again as it is: nothing is encoded again, the bytes are the same.
    encoded = []
    real_dumps = json.dumps
    monkeypatch.setattr(
        write.json, "dumps", lambda *a, **k: encoded.append(1) or real_dumps(*a, **k)
    )
    write._write_state(path, second, levels=2)
    monkeypatch.undo()
    assert encoded == []
    assert path.read_text() == json.dumps(second, sort_keys=True)
    # As for one level, or none.
    write._write_state(path, second["entries"], levels=1)
    assert path.read_text() == json.dumps(second["entries"], sort_keys=True)
    write._write_state(path, {"b.html": "2", "a.html": "1"}, levels=0)
    assert path.read_text() == '{"a.html": "1", "b.html": "2"}'
