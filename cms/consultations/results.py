"""Counting the answers of a consultation, online and paper kept apart, and drawing the
counts as SVG bar charts that come with their data table (the table is the accessible
version; the chart repeats it for sighted readers)."""

from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join

from cms.core.arrondissements import ARRONDISSEMENT_CHOICES

from .blocks import AGE_BRACKETS, SCALE_VALUES
from .models import AnswerSource

COUNTED_TYPES = {"single_choice", "multiple_choice", "scale", "arrondissement", "age_bracket"}
TEXT_TYPES = {"short_text", "long_text"}


def _pct(part, whole):
    return round(100 * part / whole, 1) if whole else 0.0


@dataclass
class OptionRow:
    label: str
    online: int = 0
    paper: int = 0

    @property
    def total(self):
        return self.online + self.paper


@dataclass
class QuestionResult:
    id: str
    label: str
    type: str
    options: list = field(default_factory=list)
    answered_online: int = 0
    answered_paper: int = 0

    @property
    def answered(self):
        return self.answered_online + self.answered_paper

    @property
    def counted(self):
        return self.type in COUNTED_TYPES

    @property
    def is_multiple(self):
        return self.type == "multiple_choice"

    def rows(self):
        return [
            {
                "label": row.label,
                "online": row.online,
                "online_pct": _pct(row.online, self.answered_online),
                "paper": row.paper,
                "paper_pct": _pct(row.paper, self.answered_paper),
                "total": row.total,
                "total_pct": _pct(row.total, self.answered),
            }
            for row in self.options
        ]

    def chart(self):
        return bar_chart(self.label, self.rows(), f"chart-{self.id}")


def _options(block_type, value):
    """(stored value, label) of every possible answer to a counted question."""
    if block_type in ("single_choice", "multiple_choice"):
        return [(c, c) for c in value["choices"]]
    if block_type == "scale":
        return [(n, str(n)) for n in SCALE_VALUES]
    if block_type == "arrondissement":
        return list(ARRONDISSEMENT_CHOICES)
    if block_type == "age_bracket":
        return list(AGE_BRACKETS)
    return []


@dataclass
class Results:
    questions: list
    online: int
    paper: int

    @property
    def total(self):
        return self.online + self.paper


def compute_results(consultation, answers):
    """Counts per question over `answers` (a queryset), online and paper apart."""
    questions = []
    index = {}
    for question_id, block_type, value in consultation.question_list():
        if block_type == "email":
            continue
        result = QuestionResult(id=question_id, label=value["label"], type=block_type)
        options = _options(block_type, value)
        result.options = [OptionRow(label=label) for _v, label in options]
        index[question_id] = (result, {v: i for i, (v, _label) in enumerate(options)})
        questions.append(result)

    online = paper = 0
    for data, source in answers.values_list("data", "source").iterator(chunk_size=2000):
        is_paper = source == AnswerSource.PAPER
        if is_paper:
            paper += 1
        else:
            online += 1
        for question_id, value in (data or {}).items():
            if question_id not in index:
                continue
            result, positions = index[question_id]
            if is_paper:
                result.answered_paper += 1
            else:
                result.answered_online += 1
            if not result.counted:
                continue
            for item in value if isinstance(value, list) else [value]:
                position = positions.get(item)
                if position is None:
                    continue  # a choice an editor has since renamed or removed
                row = result.options[position]
                if is_paper:
                    row.paper += 1
                else:
                    row.online += 1
    return Results(questions=questions, online=online, paper=paper)


def public_results(consultation):
    """What residents may see: counted questions, and free text only from answers an editor
    marked publishable. Never an email address."""
    results = compute_results(consultation, consultation.answers.counted())
    text_questions = {
        question_id: value["label"]
        for question_id, block_type, value in consultation.question_list()
        if block_type in TEXT_TYPES
    }
    quotes = []
    for data in (
        consultation.answers.counted().filter(publishable=True).values_list("data", flat=True)
    ):
        for question_id, label in text_questions.items():
            text = (data or {}).get(question_id)
            if text:
                quotes.append({"question": label, "text": text})
    return {
        "questions": [q for q in results.questions if q.counted],
        "online": results.online,
        "paper": results.paper,
        "total": results.total,
        "quotes": quotes,
    }


# --- SVG ---

BAR_HEIGHT = 22
GAP = 10
LABEL_WIDTH = 260
CHART_WIDTH = 640
BAR_AREA = CHART_WIDTH - LABEL_WIDTH - 70


def _truncate(text, length=40):
    return text if len(text) <= length else text[: length - 1] + "…"


def bar_chart(title, rows, chart_id):
    """Horizontal bars, online (solid) and paper (hatched) stacked; the data table next to it
    says the same in text, so the SVG is labelled as an image with a summary."""
    largest = max([row["total"] for row in rows] or [0]) or 1
    height = len(rows) * (BAR_HEIGHT + GAP) + GAP + 24
    bars = []
    for i, row in enumerate(rows):
        y = GAP + i * (BAR_HEIGHT + GAP)
        online_w = round(BAR_AREA * row["online"] / largest, 1)
        paper_w = round(BAR_AREA * row["paper"] / largest, 1)
        bars.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" font-size="13" font-family="sans-serif" fill="#1b1b1b">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="#1f4e9c"/>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="url(#{}-hatch)" stroke="#1f4e9c"/>'
                '<text x="{}" y="{}" font-size="13" font-family="sans-serif" fill="#1b1b1b">{}</text>',
                LABEL_WIDTH - 8,
                y + BAR_HEIGHT - 6,
                _truncate(row["label"]),
                LABEL_WIDTH,
                y,
                online_w,
                BAR_HEIGHT,
                LABEL_WIDTH + online_w,
                y,
                paper_w,
                BAR_HEIGHT,
                chart_id,
                LABEL_WIDTH + online_w + paper_w + 6,
                y + BAR_HEIGHT - 6,
                row["total"],
            )
        )
    legend_y = height - 8
    summary = ", ".join(f"{row['label']} : {row['total']}" for row in rows)
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{id}-title {id}-desc" '
        'viewBox="0 0 {w} {h}" width="{w}" height="{h}" class="c-chart">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{summary}</desc>'
        '<defs><pattern id="{id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#d9e4f5"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#1f4e9c" stroke-width="2"/></pattern></defs>'
        "{bars}"
        '<rect x="{lx}" y="{ly}" width="12" height="12" fill="#1f4e9c"/>'
        '<text x="{lx2}" y="{lt}" font-size="12" font-family="sans-serif" fill="#1b1b1b">En ligne</text>'
        '<rect x="{px}" y="{ly}" width="12" height="12" fill="url(#{id}-hatch)"/>'
        '<text x="{px2}" y="{lt}" font-size="12" font-family="sans-serif" fill="#1b1b1b">Papier</text>'
        "</svg>",
        id=chart_id,
        w=CHART_WIDTH,
        h=height,
        title=title,
        summary=summary,
        bars=format_html_join("", "{}", ((bar,) for bar in bars)),
        lx=LABEL_WIDTH,
        ly=legend_y - 11,
        lx2=LABEL_WIDTH + 18,
        lt=legend_y,
        px=LABEL_WIDTH + 100,
        px2=LABEL_WIDTH + 118,
    )
