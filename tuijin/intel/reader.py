"""One call from a raw page or pasted text to its projects and indicators (no Django).

The command, the paste form, the upload, the watch task, the evaluation and the benchmark all go through
``read``, so they cannot disagree about what an article says.
"""

import datetime as dt
from dataclasses import dataclass

from . import clean as cleaning
from .extract import Extraction, extract


@dataclass
class Reading:
    cleaned: cleaning.Cleaned
    extraction: Extraction

    @property
    def text(self):
        return self.cleaned.text


def read(raw: str, *, is_html: bool | None = None, date: dt.date | None = None,
         today: dt.date | None = None) -> Reading:
    """``date`` (the article's date) wins over the date printed on the page, which wins over ``today``."""
    cleaned = cleaning.clean(raw, is_html=is_html)
    article_date = date or cleaned.date or today or dt.date.today()
    return Reading(cleaned=cleaned, extraction=extract(cleaned.simplified, article_date, original=cleaned.text))


def document(name: str, reading: Reading) -> dict:
    """The JSON shape of one file in ``extract_projects --json`` (documented in docs/intel.md)."""
    data = reading.extraction.as_dict()
    return {"file": name, "date": data["date"], "region": data["region"], "traditional": reading.cleaned.traditional,
            "projects": data["projects"], "indicators": data["indicators"]}
