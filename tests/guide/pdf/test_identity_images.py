"""The City's images in the guide frame: an editor's RGB photo or PNG logo reaches the print
edition in CMYK (converted with the output condition's profile) instead of failing the
preflight; the screen edition shows the identity too."""

import io

from django.core.files.images import ImageFile

from wagtail.images import get_image_model

import pikepdf
import pytest
from PIL import Image

from cms.entries.models import EntryKind, GuideFrame, Section
from guide.pdf import PdfOptions, render_pdf
from guide.pdf.images import print_ready

from .preflight import rgb_uses

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def rgb_jpeg(colour=(200, 30, 40), size=(600, 400)):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def rgba_png(size=(300, 100)):
    buffer = io.BytesIO()
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    image.paste((20, 60, 180, 255), (0, 0, size[0] // 2, size[1]))
    image.save(buffer, "PNG")
    return buffer.getvalue()


def editor_image(title, data, name):
    return get_image_model().objects.create(
        title=title, file=ImageFile(io.BytesIO(data), name=name)
    )


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_an_rgb_jpeg_becomes_a_cmyk_copy_once(media, tmp_path):
    source = tmp_path / "photo.jpg"
    source.write_bytes(rgb_jpeg())
    copy = print_ready(source)
    assert copy != source and copy.suffix == ".jpg"
    with Image.open(copy) as image:
        assert image.mode == "CMYK"
        cyan, magenta, yellow, black = image.getpixel((10, 10))
        assert magenta > cyan and yellow > cyan, "a red stays a red"
    assert print_ready(source) == copy
    assert len(list(copy.parent.iterdir())) == 1


def test_a_transparent_png_is_printed_on_white(media, tmp_path):
    source = tmp_path / "logo.png"
    source.write_bytes(rgba_png())
    with Image.open(print_ready(source)) as image:
        assert image.mode == "CMYK"
        assert image.getpixel((299, 50))[:3] == pytest.approx((0, 0, 0), abs=8)


def test_svg_and_cmyk_images_are_left_as_they_are(media, tmp_path):
    svg = tmp_path / "logo.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>')
    assert print_ready(svg) == svg
    cmyk = tmp_path / "cmyk.jpg"
    Image.new("CMYK", (4, 4), (0, 100, 100, 0)).save(cmyk, "JPEG")
    assert print_ready(cmyk) == cmyk


def test_editor_rgb_images_pass_the_print_preflight(media, tmp_path):
    GuideFrame.objects.create(
        title="Participation citoyenne",
        publisher_name="Mairie de Paris",
        live=True,
        cover_image=editor_image("Couverture", rgb_jpeg(size=(1800, 900)), "couverture.jpg"),
        logo=editor_image("Logo", rgba_png(), "logo.png"),
    )
    Section.objects.create(
        kind=EntryKind.TOOL,
        number=2,
        title="Les outils",
        live=True,
        pictogram=editor_image("Pictogramme", rgb_jpeg((20, 120, 60), (200, 200)), "picto.jpg"),
    )
    from cms.entries.factories import EntryFactory

    EntryFactory(kind=EntryKind.TOOL, title="La Carte citoyenne")
    out = tmp_path / "guide.pdf"
    render_pdf(PdfOptions(edition="print"), out)

    assert rgb_uses(out) == []
    with pikepdf.open(out) as pdf:
        spaces = [
            str(xobject.get("/ColorSpace"))
            for page in pdf.pages
            for xobject in page.get_images().values()
        ]
    # The photo, the pictogram and the logo, each in CMYK.
    assert spaces.count("/DeviceCMYK") >= 3, spaces


def test_the_screen_edition_shows_the_identity_as_decoration(media):
    from bs4 import BeautifulSoup

    from guide.pdf.render import render_html

    GuideFrame.objects.create(title="Participation citoyenne", publisher_name="Ville", live=True)
    Section.objects.create(kind=EntryKind.TOOL, number=2, title="Les outils", live=True)
    from cms.entries.factories import EntryFactory

    EntryFactory(kind=EntryKind.TOOL, title="La Carte citoyenne")
    html = BeautifulSoup(render_html(PdfOptions(edition="screen")), "html.parser")
    # Backgrounds, not figures: a tagged PDF reads them as decoration.
    assert not html.select("img")
    styles = " ".join(div["style"] for div in html.select(".identity-background"))
    for artwork in ("logo.svg", "cover.svg", "part-2.svg"):
        assert artwork in styles
