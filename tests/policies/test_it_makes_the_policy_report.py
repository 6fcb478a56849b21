"""One click makes the enterprise's policy report as Word and PDF, in a CJK font; the .docx opens in
LibreOffice (converted headless to PDF, rendered to PNG and read back)."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from PIL import Image

from tuijin.accounts.models import Role

from .conftest import ABOVE_SCALE, HIGH_TECH, YEAR, figures, qualify

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "reports"


@pytest.fixture
def report_of(client, users, policy_library, enterprise):
    figures(enterprise, revenue="5000.00", rd_spend="120.00", equipment_investment="1260.00")
    qualify(enterprise, ABOVE_SCALE)
    qualify(enterprise, HIGH_TECH)
    client.force_login(users[Role.ENTERPRISE])

    def fetch(fmt):
        response = client.get(reverse("policy_report", args=[enterprise.pk, fmt]), {"year": YEAR})
        assert response.status_code == 200
        return response
    return fetch


def pdf_text(path):
    """The PDF's text with whitespace removed: a title may wrap anywhere between two characters."""
    out = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    return "".join(out.split())


def test_the_docx_opens_in_libreoffice(report_of, tmp_path):
    response = report_of("docx")
    assert "attachment" in response["Content-Disposition"]
    source = tmp_path / "report.docx"
    source.write_bytes(response.content)

    # When LibreOffice converts it headless (its own profile, so parallel runs never share one)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=180)
    converted = tmp_path / "report.pdf"
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(converted), str(tmp_path / "page")],
                   check=True, capture_output=True)

    # Then page one renders with ink on it, and its text has the enterprise and a clause by name
    png = next(tmp_path.glob("page*.png"))
    with Image.open(png) as image:
        grey = image.convert("L")
        dark = sum(grey.histogram()[:128])
        assert dark > 2000, "the rendered page is blank"
    words = pdf_text(converted)
    assert "成都锦程新材料有限公司政策匹配报告" in words
    assert "设备投资补助" in words and "差0.6个百分点" in words
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(png, ARTIFACTS / "policy-report-docx-libreoffice.png")


def test_the_pdf_has_the_same_content_in_a_cjk_font(report_of, tmp_path):
    response = report_of("pdf")
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "report.pdf"
    path.write_bytes(response.content)

    words = pdf_text(path)
    fonts = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout

    assert "成都锦程新材料有限公司政策匹配报告" in words
    assert "智能化改造奖励" in words and "63.00万元" in words
    assert "NotoSansCJK" in fonts.replace(" ", "").replace("-", "")
