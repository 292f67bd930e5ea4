"""The fixed answer scales of the consultation questions, shared by blocks, forms, results and exports."""

AGE_BRACKETS = [
    ("moins-de-18", "Moins de 18 ans"),
    ("18-24", "18 à 24 ans"),
    ("25-34", "25 à 34 ans"),
    ("35-49", "35 à 49 ans"),
    ("50-64", "50 à 64 ans"),
    ("65-plus", "65 ans et plus"),
]
AGE_BRACKET_LABELS = dict(AGE_BRACKETS)

SCALE_VALUES = [1, 2, 3, 4, 5]
