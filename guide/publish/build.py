"""What one publish produces before anything is written."""

from dataclasses import dataclass, field


class PublishError(Exception):
    pass


@dataclass
class SiteBuild:
    """The files of one publish, by path relative to the output folder.

    `kept`: files of the previous publish to leave in place (a PDF that failed to build).
    """

    files: dict = field(default_factory=dict)
    warnings: list = field(default_factory=list)
    kept: set = field(default_factory=set)
    # /static/ and /media/ paths the pages reference, copied by assets.add_assets().
    assets: set = field(default_factory=set)
    # Files of the previous publish whose key is unchanged: left as they are, not rendered.
    reused: set = field(default_factory=set)
    # {file: {"key": ..., "assets": [...]}} of every page, kept for the next publish.
    pages: dict = field(default_factory=dict)
    # The addresses actually rendered by this publish.
    rendered: list = field(default_factory=list)
    # The entries' versions under their stamps (dependencies.ContentIndex.state), kept
    # for the next publish.
    entry_cache: dict = field(default_factory=dict)
    # Pages already written beside their place by the process that rendered them
    # (write.stage): {file: (temporary path, or None when the bytes are the ones already
    # published; sha256)}. write_site() renames them into place.
    staged: dict = field(default_factory=dict)
