"""What a published folder holds, for the publish tests to compare two of them."""

import hashlib


def site_files(out):
    """{file: sha256} of a published folder, without the publish's own records."""
    return {
        str(path.relative_to(out)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(out.rglob("*"))
        if path.is_file() and not path.name.startswith(".publish")
    }
