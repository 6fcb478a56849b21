"""The briefing as PDF through LibreOffice: CJK fonts embedded, and the first page rendered to PNG to look at."""

import shutil
import subprocess
from pathlib import Path

from tuijin.briefings import packs

from .conftest import AS_OF, MARCH

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


def test_the_pdf_embeds_a_chinese_font_and_renders_its_first_page(small_district, tmp_path):
    # When the briefing is made with its PDF
    pack = packs.monthly(MARCH, today=AS_OF)
    pdf = tmp_path / "briefing.pdf"
    pdf.write_bytes(pack.files["pdf"])

    # Then pdffonts lists an embedded CJK font
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    cjk = [line for line in fonts.splitlines() if "CJK" in line]
    assert cjk and all(line.split()[-5] == "yes" for line in cjk), fonts

    # And the first page renders, with the title's text on it
    words = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout
    words = words.replace(" ", "")  # pdftotext spaces digits apart from CJK
    assert "重大项目推进情况通报" in words and "推进办通报〔2026〕3号" in words
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "2", str(pdf), str(tmp_path / "page")],
                   check=True)
    for number in (1, 2):
        shutil.copy(tmp_path / f"page-{number}.png", SCREENSHOTS / f"briefing-pdf-page-{number}.png")
