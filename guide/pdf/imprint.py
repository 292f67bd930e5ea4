"""What a print run needs before the file goes to the printer, said in French where the
PDFs are built (the `build_pdf` command, the admin's "Éditions PDF du guide" screen, the
worker's log).

The legal imprint (loi du 29 juillet 1881, art. 2: the printer's name and address) is the
communications department's to enter for each print run: the guide never prints a
placeholder in its place, it leaves the line out and says so here.
"""

from cms.entries.published import guide_frame

WHERE = "Guide → Cadre du guide → Identité et mentions légales de l'édition imprimée"


def imprint_warnings(frame=None):
    """French sentences, one per missing legal mention of the print edition; empty when
    the back cover is complete."""
    frame = frame if frame is not None else guide_frame()
    if frame is None:
        return []
    warnings = []
    if not frame.printer_imprint.strip():
        warnings.append(
            "Imprimeur non renseigné : l'édition imprimée ne porte pas le nom et l'adresse "
            "de l'imprimeur, obligatoires sur tout imprimé diffusé (loi du 29 juillet 1881, "
            f"art. 2). Renseignez-les ({WHERE}) avant d'envoyer le fichier à l'imprimeur."
        )
    if not frame.legal_deposit.strip():
        warnings.append(f"Dépôt légal non renseigné ({WHERE}).")
    if frame.edition_date is None:
        warnings.append(f"Date de l'édition non renseignée ({WHERE}).")
    return warnings
