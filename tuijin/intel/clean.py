"""From a copied web page (HTML or pasted text) to the article's own text, and traditional → simplified.

Promotion staff paste whole pages: site navigation, forum headers (查看/回复 counters, 本帖最后由…编辑),
image file names, 相关推荐/热门文章 lists, comment boxes and copyright lines surround the article, and a
figure in a comment ("据说二期还要再投50亿元") must never become a fact. trafilatura finds the main block of a
news page but keeps most of a Discuz forum's furniture, so its output (or the pasted text) goes through our own
line rules. No Django here: the command, the page, the watch task and the evaluation call the same functions.

Facts keep character spans on the text the reviewer sees (the cleaned text, in its original script).
Extraction runs on a simplified copy of exactly the same length: OpenCC t2s is 1:1 per character for almost
everything, and where a phrase conversion changes the length we convert that stretch character by character.
"""

import datetime as dt
import re
from dataclasses import dataclass

import opencc

_T2S = opencc.OpenCC("t2s")

_DROP_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "select",
              "button", "textarea")
_BLOCK_TAGS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "td",
               "table", "ul", "ol", "dd", "dt", "blockquote", "pre"}

# Trailing lists whose heading starts a run of links to other articles (checked on the simplified line).
_TAIL_HEADINGS = re.compile(r"^(相关推荐|热门文章|相关链接|相关阅读|相关新闻|热门推荐|猜你喜欢|推荐阅读|网友评论|热门评论|"
                            r"最新评论|精彩推荐|延伸阅读|热点新闻|排行榜|更多)")
_DROP_LINE = re.compile(
    r"(查看[:：]?\s*[\d,]+|回复[:：]\s*[\d,]+|回复\s*\d+\s*#|阅读[:：]?\s*[\d,]+|浏览(?:次数|量)?[:：]?\s*[\d,]+|"
    r"点击(?:数|量|率)?[:：]?\s*[\d,]+|下载次数|最后编辑|本帖最后由|于.{0,30}编辑$|发表于|只看该作者|倒序浏览|"
    r"版权所有|copyright|©|icp备|公网安备|powered by|主办单位|主办[:：]|承办[:：]|网站标识码|网站地图|"
    r"您需要登录|发表回复|发表评论|回帖|立即注册|登录\s*\|?\s*注册|分享到|打印本页|关闭窗口|字体[:：]|"
    r"责任编辑|编辑[:：]|来源[:：]|发布时间|作者[:：]|地址[:：]|联系电话|当前位置|您当前的位置|位置[:：]|"
    r"上一篇|下一篇|扫一扫|二维码|无障碍|长者模式|附件[:：])",
    re.IGNORECASE)
_REPLY_START = re.compile(r"^(沙发|板凳|地板|楼主|\d+\s*楼|\d+\s*#|#\d+|网友[:：]|游客[:：]|匿名用户|引用)")
_IMAGE_NAME = re.compile(r"[\w\-\u4e00-\u9fff]+\.(?:jpe?g|png|gif|bmp|webp)\b", re.IGNORECASE)
_LIST_ITEM = re.compile(r"^[-•·●▪■◆]\s*")
_SPLIT = re.compile(r"\s*(?:\\?\||›|»| {2,}|\t)\s*")
_CJK_SPACE = re.compile(r"(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef\d】])\s+(?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef\d【])")
_DATE_LABEL = re.compile(r"(发布时间|发表于|发布于|发布日期|日期|(?<!注册)(?<!註冊)时间|發表於|發佈時間)[:：]?\s*$")
_PAGE_DATE = re.compile(r"(20\d\d)\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")


@dataclass
class Cleaned:
    text: str  # the article's own text, original script, what spans point into
    simplified: str  # the same text in simplified characters, same length, what the rules read
    date: dt.date | None  # the page's own date (发布时间, 发表于 …) when it shows one
    traditional: bool  # whether conversion changed anything


def to_simplified(text: str) -> str:
    """t2s with the length kept: phrase conversions that change the length fall back to per character."""
    converted = _T2S.convert(text)
    if len(converted) == len(text):
        return converted
    pieces = []
    for chunk in re.split(r"([。！？；，\n])", text):
        c = _T2S.convert(chunk)
        pieces.append(c if len(c) == len(chunk) else "".join(_T2S.convert(ch)[:1] or ch for ch in chunk))
    return "".join(pieces)


def html_to_lines(html: str) -> str:
    """Block text of a page (one line per block) with navigation, asides and forms removed.

    Used when trafilatura returns nothing or mashes a forum's table layout into one line.
    """
    from lxml import html as lxml_html

    try:
        root = lxml_html.fromstring(html)
    except Exception:  # not parseable as HTML: treat as text
        return html
    for tag in _DROP_TAGS:
        for element in root.iter(tag):
            element.drop_tree() if element.getparent() is not None else None
    for element in root.iter("title"):
        element.drop_tree()
    parts = []

    def walk(element):
        if not isinstance(element.tag, str):
            return
        block = element.tag in _BLOCK_TAGS
        if block:
            parts.append("\n")
        if element.text:
            parts.append(element.text)
        for child in element:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if block:
            parts.append("\n")

    body = root.find("body")
    walk(body if body is not None else root)
    return "".join(parts)


def page_text(html: str) -> str:
    """The main text of an HTML page: trafilatura's, or our block text where trafilatura is unusable."""
    import trafilatura

    extracted = trafilatura.extract(html, include_comments=False, include_tables=True, favor_recall=True)
    if not extracted or len(extracted) < 40 or re.search(r"\|.{0,200}\|.{0,200}\|", extracted):
        return html_to_lines(html)
    return extracted


def page_date(raw: str) -> dt.date | None:
    """The date after 发布时间/发表于, else the first full date in the page (a forum's 注册时间 comes later)."""
    matches = list(_PAGE_DATE.finditer(raw))
    labelled = [m for m in matches if _DATE_LABEL.search(raw[max(0, m.start() - 8):m.start()])]
    for match in labelled + matches:
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            continue
    return None


def _pieces(line: str) -> list[str]:
    """A line cut at separators (| › » runs of spaces); a long run-on line also at single spaces between
    Chinese segments, where trafilatura joined a page's header, body and footer into one line."""
    pieces = _SPLIT.split(line)
    if len(line) > 120 and (" " in line or "\u3000" in line):
        pieces = [p for piece in pieces for p in _CJK_SPACE.split(piece)]
    return pieces


def strip_boilerplate(text: str) -> str:
    """Keep the article's lines; drop navigation, counters, edit stamps, image names, lists, comments, footers."""
    return _strip(text)[0]


def _strip(text: str) -> tuple[str, str]:
    """(kept text, its simplified twin). The rules read the simplified line; t2s leaves every separator and
    line end where it was, so splitting both the same way pairs each original piece with its simplified one."""
    text = text.replace("\r", "\n")
    simplified_text = to_simplified(text)
    kept, kept_simple = [], []
    in_tail = False
    for raw_line, simple_line in zip(text.split("\n"), simplified_text.split("\n")):
        originals, simples = _pieces(raw_line.strip()), _pieces(simple_line.strip())
        if len(originals) != len(simples):  # cannot happen with a length-keeping t2s; be safe
            simples = [to_simplified(piece) for piece in originals]
        for piece, simple_piece in zip(originals, simples):
            line, simple = piece.strip(), simple_piece.strip()
            if not line:
                continue
            if _TAIL_HEADINGS.match(simple):
                in_tail = True
                continue
            has_sentence = "。" in simple or len(simple) > 60
            if in_tail and not has_sentence:
                continue
            in_tail = in_tail and not has_sentence
            # a long run of sentences is article text; its furniture, if any, sits at its start (a mashed line)
            probe = simple[:60] if len(simple) > 150 and "。" in simple else simple
            if _DROP_LINE.search(probe) or _REPLY_START.match(simple):
                continue
            if _IMAGE_NAME.search(simple) and len(_IMAGE_NAME.sub("", simple).strip(" ()（）：:,，.KBMB0123456789")) < 12:
                continue
            if _LIST_ITEM.match(simple) and not has_sentence:
                continue
            if len(simple) < 8 and not re.search(r"\d", simple) and "，" not in simple:
                continue
            kept.append(line)
            kept_simple.append(simple)
    return "\n".join(kept), "\n".join(kept_simple)


def clean(raw: str, *, is_html: bool | None = None) -> Cleaned:
    """Raw page or pasted text → the article's text with its simplified twin and the page's date."""
    if is_html is None:
        is_html = bool(re.search(r"<(html|body|div|p|br)\b", raw[:5000], re.IGNORECASE))
    date = page_date(raw)
    body = page_text(raw) if is_html else raw
    text, simplified = _strip(body)
    if len(simplified) != len(text):
        simplified = to_simplified(text)
    return Cleaned(text=text, simplified=simplified, date=date, traditional=simplified != text)
