"""Fill a Word template with a pack's figures (docxtpl), and check an uploaded template before it is used.

Rendering autoescapes every value, so a project called ``A&B <一期>`` cannot break the document's XML.
Charts are PNG bytes in the context under ``charts`` (or a project's ``chart``); they become docxtpl
``InlineImage`` objects of the template being filled.

``check`` is what an upload goes through: a Jinja syntax error is refused naming the paragraph (a
template's "line" as Word shows it: the n-th paragraph or table cell, in reading order) and what is wrong
in Chinese; a placeholder the pack does not provide is refused by name; and a trial fill with a specimen
of every list (one row each), undefined names strict, catches a misspelt field such as ``{{ row.lable }}``.
"""

import io
import re
from dataclasses import dataclass

from docx import Document
from docx.shared import Cm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import Environment, StrictUndefined, TemplateSyntaxError, UndefinedError

IMAGE_WIDTH = Cm(15.5)
DOCXTPL_TAG = re.compile(r"\{([%{])\s*(?:p|tr|tc|r)\s+")  # {%p for …%} → {% for …%}, as docxtpl reads them


class TemplateRefused(Exception):
    """An uploaded template that would fail at generation time; the message says where and why, in Chinese."""


def _images(template, value):
    """PNG bytes anywhere in the context (``charts``, ``chart``) as images of ``template``."""
    if isinstance(value, bytes):
        return InlineImage(template, io.BytesIO(value), width=IMAGE_WIDTH)
    if isinstance(value, dict):
        return {key: _images(template, item) for key, item in value.items()}
    if isinstance(value, list):
        return [_images(template, item) for item in value]
    return value


def render(template_bytes: bytes, context: dict, *, strict=False) -> bytes:
    template = DocxTemplate(io.BytesIO(template_bytes))
    environment = Environment(undefined=StrictUndefined, autoescape=True) if strict else Environment(autoescape=True)
    template.render(_images(template, context), jinja_env=environment, autoescape=True)
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()


# ------------------------------------------------------------------ checking an upload

@dataclass
class Checked:
    placeholders: list  # the top-level names the template reads, sorted


def _paragraphs(document):
    """Every paragraph's text in reading order, table cells included (each cell once)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    def walk(container):
        for child in container.iter_inner_content():
            if isinstance(child, Paragraph):
                yield child.text
            elif isinstance(child, Table):
                for row in child.rows:
                    seen = set()
                    for cell in row.cells:
                        if id(cell._tc) in seen:
                            continue
                        seen.add(id(cell._tc))
                        yield from walk(cell)

    yield from walk(document)


BLOCK = re.compile(r"\{%-?\s*(?:(?:p|tr|tc|r)\s+)?(for|if|endfor|endif)\b")


def _unclosed(lines):
    """The line (1-based) and tag of the innermost block opened and never closed, for "unexpected end"."""
    stack = []
    for number, line in enumerate(lines, start=1):
        for match in BLOCK.finditer(line):
            tag = match.group(1)
            if tag.startswith("end"):
                if stack and stack[-1][1] == tag[3:]:
                    stack.pop()
            else:
                stack.append((number, tag))
    return stack[-1] if stack else None


MESSAGES = [
    (re.compile(r"unexpected end of template.*innermost block that needs to be closed is '(\w+)'", re.S | re.I),
     lambda m: f"有未闭合的 {{% {m.group(1)} %}}，缺少 {{% end{m.group(1)} %}}"),
    (re.compile(r"unexpected end of template", re.I), lambda m: "模板意外结束：有未闭合的标签"),
    (re.compile(r"Encountered unknown tag '(\w+)'.*innermost block that needs to be closed is '(\w+)'", re.S),
     lambda m: f"标签 {m.group(1)} 与之前未闭合的 {{% {m.group(2)} %}} 不配对"),
    (re.compile(r"Encountered unknown tag '(\w+)'"), lambda m: f"未知的标签 {m.group(1)}（没有与之配对的开始标签）"),
    (re.compile(r"unexpected '([^']*)'"), lambda m: f"出现了多余或不成对的符号“{m.group(1)}”"),
    (re.compile(r"expected token '([^']*)', got '([^']*)'"),
     lambda m: f"占位符没有正确结束（此处应为“{m.group(1).replace('end of print statement', '}}')}”，"
               f"实际是“{m.group(2)}”）"),
    (re.compile(r"unexpected char '(.)'"), lambda m: f"占位符中有不允许的字符“{m.group(1)}”"),
]


def explain(error: TemplateSyntaxError) -> str:
    message = error.message or str(error)
    for pattern, say in MESSAGES:
        match = pattern.search(message)
        if match:
            return say(match)
    return f"模板语法错误（{message}）"


def _syntax(template_bytes):
    """Parse the template one paragraph per line, so an error names the paragraph a person can find."""
    lines = [text.replace("\n", " ") for text in _paragraphs(Document(io.BytesIO(template_bytes)))]
    text = "\n".join(DOCXTPL_TAG.sub(lambda m: "{" + m.group(1) + " ", line) for line in lines)
    try:
        Environment().parse(text)
    except TemplateSyntaxError as error:
        line = error.lineno or 1
        if "end of template" in (error.message or "").lower():
            opened = _unclosed(lines)
            line = opened[0] if opened else line
        quoted = lines[line - 1].strip()[:80] if 0 < line <= len(lines) else ""
        raise TemplateRefused(f"模板第 {line} 段有语法错误：{explain(error)}。该段内容：“{quoted}”") from None


def check(template_bytes: bytes, specimen: dict) -> Checked:
    """Refuse a template that cannot be filled with ``specimen``'s names; return the names it uses."""
    try:
        Document(io.BytesIO(template_bytes))
    except Exception:
        raise TemplateRefused("无法读取该文件：请上传 Word 2007 及以上格式（.docx）的模板。") from None
    _syntax(template_bytes)
    template = DocxTemplate(io.BytesIO(template_bytes))
    try:
        names = template.get_undeclared_template_variables()
    except TemplateSyntaxError as error:  # what the paragraph reading could not see (a tag split oddly)
        raise TemplateRefused(f"模板有语法错误：{explain(error)}（第 {error.lineno} 行）。") from None
    unknown = sorted(names - set(specimen))
    if unknown:
        raise TemplateRefused("模板使用了系统不提供的占位符：" + "、".join(unknown)
                              + "。可用的占位符见“占位符说明”。")
    try:
        render(template_bytes, specimen, strict=True)
    except UndefinedError as error:
        raise TemplateRefused(f"模板使用了系统不提供的字段：{_undefined_name(error)}。可用的字段见“占位符说明”。") from None
    except TemplateSyntaxError as error:
        raise TemplateRefused(f"模板有语法错误：{explain(error)}（第 {error.lineno} 行）。") from None
    except (TypeError, ValueError) as error:
        raise TemplateRefused(f"模板无法填充：{error}。") from None
    return Checked(sorted(names))


def _undefined_name(error):
    match = re.search(r"has no attribute '([^']+)'", str(error)) or re.search(r"'([^']+)' is undefined", str(error))
    return match.group(1) if match else str(error)
