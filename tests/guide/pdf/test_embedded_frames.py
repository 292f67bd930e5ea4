"""Entry HTML imported from the old site may hold embedded frames (a video, a map): the
PDF has nothing to show for them and must still be built."""

import pytest

from cms.entries.loading import load_guide
from cms.entries.models import Entry
from guide.pdf import PdfOptions, render_pdf

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

FRAMES = (
    '<p>Avant la vidéo.</p><iframe src="https://www.youtube.com/embed/xyz" width="560" '
    'height="315"></iframe><iframe srcdoc="&lt;p&gt;x&lt;/p&gt;"></iframe>'
    '<object data="https://example.invalid/carte"></object><embed src="/carte.swf">'
    "<p>Après la vidéo.</p>"
)


def test_an_iframe_in_entry_html_does_not_break_the_pdf(tmp_path):
    load_guide()
    entry = Entry.objects.filter(live=True).first()
    entry.how = FRAMES
    entry.save_revision().publish()
    target = tmp_path / "guide.pdf"
    render_pdf(PdfOptions(edition="screen"), target)
    assert target.read_bytes().startswith(b"%PDF")
