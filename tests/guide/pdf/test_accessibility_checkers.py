"""The screen edition through two PDF/UA checkers from PyPI (no JVM): no error."""

import pytest


def test_outloud_finds_no_error(built_guide):
    outloud = pytest.importorskip("outloud")
    result = outloud.check(str(built_guide.screen_pdf))
    assert result.error is None
    errors = [
        f"{finding.rule} p.{finding.page}: {finding.message}"
        for finding in result.findings
        if finding.severity == "error"
    ]
    assert result.errors == 0, errors


def test_pdfua_finds_no_error(built_guide):
    pdfua = pytest.importorskip("pdfua")
    report = pdfua.validate(str(built_guide.screen_pdf))
    errors = [
        f"{finding.rule_id}: {finding.message}"
        for finding in report.findings
        if finding.severity.name == "ERROR"
    ]
    assert errors == []
