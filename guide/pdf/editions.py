"""The two editions of the PDF guide, named once for the renderer, the admin, the
downloads and the static site."""

PRINT = "print"
SCREEN = "screen"
EDITIONS = (PRINT, SCREEN)

# What editors read in the admin.
EDITION_LABELS = {PRINT: "Impression (A5, CMJN)", SCREEN: "Écran (RVB, accessible)"}
# The file name a resident's browser saves.
DOWNLOAD_NAMES = {
    SCREEN: "guide-participation-citoyenne-paris.pdf",
    PRINT: "guide-participation-citoyenne-paris-impression.pdf",
}
# The named URL (guide/urls.py) that serves each edition.
URL_NAMES = {SCREEN: "guide:guide_pdf", PRINT: "guide:guide_print_pdf"}
# Each arrondissement's own (screen) edition, beside the Paris-wide ones.
ARRONDISSEMENT_URL_NAME = "guide:arrondissement_pdf"
# The Paris-wide editions residents download (guide.pdf, guide-impression.pdf): kept built
# at all times. An arrondissement's edition is kept built once it has been built once.
DEFAULT_EDITIONS = (PRINT, SCREEN)
