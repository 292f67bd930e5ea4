"""What every public page must be, checked on its HTML (the browser tests check the rest)."""

from collections import Counter

import html5lib
from bs4 import BeautifulSoup


def assert_valid_page(html, path=""):
    """Well-formed HTML5, French, one h1, landmarks, a working skip link, unique ids."""
    # html5lib's strict mode raises on any parse error the HTML5 spec defines.
    html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(html)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.html.get("lang") == "fr", path
    assert len(soup.find_all("h1")) == 1, path
    assert soup.title and soup.title.get_text(strip=True), path
    ids = Counter(tag["id"] for tag in soup.find_all(id=True))
    duplicates = [name for name, count in ids.items() if count > 1]
    assert not duplicates, (path, duplicates)
    # Top-level header and footer are the banner and contentinfo landmarks.
    for landmark in ("header", "footer"):
        assert len(soup.body.find_all(landmark, recursive=False)) == 1, (path, landmark)
    assert len(soup.find_all("main")) == 1, path
    assert soup.find("nav", attrs={"aria-label": "Menu principal"}), path
    skip = soup.find("a", class_="skip-link")
    assert skip and soup.find(id=skip["href"].lstrip("#")).name == "main", path
    for field in soup.find_all(["input", "select", "textarea"]):
        if field.get("type") in ("hidden", "submit"):
            continue
        assert soup.find("label", attrs={"for": field.get("id")}), (path, field)
    for image in soup.find_all("img"):
        assert image.has_attr("alt"), (path, image)
    return soup
