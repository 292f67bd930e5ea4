import os

from cms.core import code_version


def test_the_fingerprint_changes_with_a_template_and_not_with_compiled_files(tmp_path, settings):
    settings.BASE_DIR = tmp_path
    template = tmp_path / "templates" / "guide" / "entry.html"
    template.parent.mkdir(parents=True)
    template.write_text("<h1>{{ entry.title }}</h1>")
    (tmp_path / "cms").mkdir()
    (tmp_path / "cms" / "models.py").write_text("X = 1\n")
    first = code_version.files_fingerprint()
    assert code_version.files_fingerprint() == first

    # Bytecode and databases lying in the folders are not code.
    (tmp_path / "cms" / "__pycache__").mkdir()
    (tmp_path / "cms" / "__pycache__" / "models.cpython-311.pyc").write_bytes(b"\0")
    (tmp_path / "cms" / "db.sqlite3").write_bytes(b"\0")
    assert code_version.files_fingerprint() == first

    # A deployment that rewrites a template (same size, another time) is seen.
    template.write_text("<h2>{{ entry.title }}</h2>")
    stat = template.stat()
    os.utime(template, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    second = code_version.files_fingerprint()
    assert second != first
    # So is a new file, in any of the folders.
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "site.css").write_text("body{}")
    assert code_version.files_fingerprint() not in (first, second)
