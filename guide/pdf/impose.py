"""2-up saddle-stitch imposition on A4 landscape: an office printer's proof of the booklet.

Printed double-sided (flip on short edge), folded and stapled, the sheets give the pages
in reading order. Each page is placed by its TrimBox, clipped, bleed and marks dropped.
"""

A4_LANDSCAPE = (842, 595)


def booklet_order(page_count):
    """Pairs (left, right) of 0-based page indexes, sheet by sheet, front then back."""
    if page_count % 4:
        raise ValueError("A saddle-stitched booklet needs a multiple of four pages.")
    pairs = []
    for sheet in range(page_count // 4):
        first, last = 2 * sheet, page_count - 1 - 2 * sheet
        pairs.append((last, first))
        pairs.append((first + 1, last - 1))
    return pairs


def impose_saddle_stitch(source, target):
    # Imported here: pypdf weighs 7 MB in every `build_pdf` run, and only --impose uses it.
    from pypdf import PageObject, PdfReader, PdfWriter, Transformation

    reader = PdfReader(source)
    writer = PdfWriter()
    sheet_width, sheet_height = A4_LANDSCAPE
    half = sheet_width / 2
    for left, right in booklet_order(len(reader.pages)):
        sheet = PageObject.create_blank_page(width=sheet_width, height=sheet_height)
        for slot, index in enumerate((left, right)):
            page = reader.pages[index]
            trim = page.trimbox
            # Clip to the trim: the bleed of one page must not cover its neighbour.
            page.mediabox = trim
            page.cropbox = trim
            scale = min(half / float(trim.width), sheet_height / float(trim.height))
            x = slot * half + (half - float(trim.width) * scale) / 2
            y = (sheet_height - float(trim.height) * scale) / 2
            transformation = (
                Transformation()
                .translate(-float(trim.left), -float(trim.bottom))
                .scale(scale)
                .translate(x, y)
            )
            sheet.merge_transformed_page(page, transformation)
        writer.add_page(sheet)
    # Each sheet otherwise carries its own copy of the fonts and the colour profile.
    writer.compress_identical_objects()
    with open(target, "wb") as handle:
        writer.write(handle)
    return target
