"""Reading a sheet the way people lay it out, not the way a machine would.

A bureau's sheet has a title row ("2026年重点项目清单"), maybe a units row ("单位：万元"), a header
row whose wording varies (项目名称 / 项目名, "总投资（亿元）"), data rows with blank rows between
groups, subtotal and total rows (小计 / 合计), and notes at the bottom. ``read_table`` finds the
header among the first rows by the column aliases it knows, remembers the unit money is given in,
and hands back only the data rows, each with the row number Excel shows — so a problem can be
reported as "第12行" and found at once.

.xlsx, .xls and .ods are read with calamine (fast, no formulas evaluated — it reads the cached
values Excel saved); .csv as UTF-8 (with or without BOM) or else GB18030, the encodings Excel
and WPS write.

Cells that cannot be stored are reported, not crashed on: a CSV field over the csv module's limit
(a whole document pasted into one cell) names its row; a NUL character (PostgreSQL refuses it in text,
and the pages' forms refuse it) is a problem of its cell; a formula that a program other than Excel
wrote without its cached result (calamine reads it as blank) is told apart from a blank cell.
"""

import csv
import html
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .parsing import ParseError, parse_money, parse_text

HEADER_SEARCH_ROWS = 15
EXTENSIONS = (".xlsx", ".xls", ".csv")
SPREADSHEET_EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".ods")

_UNIT_ROW = re.compile(r"(?:金额)?单位\s*[:：]\s*(亿元|万元|元)")
_HEADER_UNIT = re.compile(r"[（(\[【]\s*(亿元|万元|元)\s*[)）\]】]|[（(]\s*单位\s*[:：]\s*(亿元|万元|元)\s*[)）]")
_TOTAL = re.compile(r"\s*(?:合\s*计|总\s*计|小\s*计|总合计|累计合计|全区合计)\s*[:：]?\s*")
_NOTE_START = re.compile(r"^(注[:：]|备注[:：]|说明[:：]|填报说明|填表说明|填表人|制表人|审核人|联系人[:：]|填报单位[:：])")


NUL_PROBLEM = "单元格包含空字符（\\0），无法保存；请删除该字符（常见于从其他系统复制的内容）后重新导入"
UNCALCULATED_PROBLEM = "单元格是公式但没有计算结果，请在 Excel 中打开并保存后再导入"
_CELL = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"[^>]*?(?:/>|>(.*?)</c>)', re.S)
_SHEET_ENTRY = re.compile(rb'<sheet\b[^>]*?name="([^"]*)"[^>]*?r:id="([^"]*)"')
_RELATIONSHIP = re.compile(rb'<Relationship\b[^>]*?Id="([^"]*)"[^>]*?Target="([^"]*)"|'
                           rb'<Relationship\b[^>]*?Target="([^"]*)"[^>]*?Id="([^"]*)"')


class Uncalculated:
    """A formula cell saved without its result: not blank, but no value either."""

    def __str__(self):
        return ""

    def __repr__(self):
        return "Uncalculated()"


UNCALCULATED = Uncalculated()


class TableError(Exception):
    """The file as a whole cannot be read; ``reason`` says why in Chinese."""

    def __init__(self, reason, row=None):
        super().__init__(reason)
        self.reason = reason
        self.row = row


@dataclass(frozen=True)
class Column:
    """One column an import understands: ``key`` is the model field, ``label`` how people name it.

    ``aliases`` are the other headings that mean the same column. ``parser`` reads a cell and
    raises ``ParseError``; money parsers also receive the unit in force for the column.
    """

    key: str
    label: str
    aliases: tuple[str, ...] = ()
    parser: Callable = parse_text
    required: bool = False
    money: bool = field(default=False)

    def __post_init__(self):
        if self.parser is parse_money:
            object.__setattr__(self, "money", True)
        # What the parser makes of an empty cell, so empty cells (most of a wide sheet) skip it.
        object.__setattr__(self, "blank", self.parse(None))

    @property
    def names(self):
        return (self.label, *self.aliases)

    def parse(self, value, unit="万元"):
        return self.parser(value, default_unit=unit) if self.money else self.parser(value)


@dataclass
class Row:
    number: int  # as Excel numbers it, from 1
    cells: dict  # column key → raw cell value


@dataclass
class Table:
    sheet: str
    header_row: int
    columns: dict  # column key → Column, in sheet order
    units: dict  # column key → unit for money columns
    rows: list
    title: str = ""
    unknown_headers: list = field(default_factory=list)
    header_problems: list = field(default_factory=list)  # (row, column label, value, reason)


def header_key(text) -> str:
    """A heading reduced to what identifies it: no spaces, units, required marks or line breaks."""
    text = parse_text(text)
    text = _HEADER_UNIT.sub("", text)
    text = re.sub(r"[\s*＊:：]", "", text)
    return re.sub(r"[（(][^）)]*[）)]$", "", text)


def _header_unit(text) -> str | None:
    match = _HEADER_UNIT.search(parse_text(text))
    return (match.group(1) or match.group(2)) if match else None


def _alias_index(columns):
    index = {}
    for column in columns:
        for name in column.names:
            index.setdefault(header_key(name), column)
    return index


def _is_empty(value) -> bool:
    return value is None or value == "" or (isinstance(value, str) and not value.strip())


# ------------------------------------------------------------------------------------ raw reading

def _read_csv(data: bytes) -> list[list]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise TableError("无法识别CSV文件的编码，请另存为 UTF-8 或 GBK 编码的CSV，或直接上传 .xlsx 文件")
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        return list(reader)
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            limit = csv.field_size_limit()
            raise TableError(f"第{reader.line_num}行：有单元格过长（超过 {limit} 个字符），无法读取；请检查该行是否"
                             "误粘贴了大段内容，或缺少配对的引号", row=reader.line_num) from None
        raise TableError(f"第{reader.line_num}行：CSV 格式错误，无法读取（请检查引号是否配对），"
                         "或另存为 .xlsx 后再上传", row=reader.line_num) from None


def _column_index(letters: bytes) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + letter - 64
    return index - 1


def _uncalculated_cells(data: bytes) -> dict[str, set]:
    """Per sheet name, the (row, column) indexes (from 0) of formula cells that have no cached value.

    Excel always saves a formula's result; openpyxl, pandas and some report generators do not, and
    calamine (which reads cached values, never evaluating) then sees an empty cell. Only .xlsx files
    carry this; the scan is skipped for sheets without any formula.
    """
    found = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            workbook = archive.read("xl/workbook.xml")
            rels = archive.read("xl/_rels/workbook.xml.rels")
            targets = {}
            for match in _RELATIONSHIP.finditer(rels):
                rid, target = (match[1], match[2]) if match[1] else (match[4], match[3])
                targets[rid] = target.decode().lstrip("/").removeprefix("xl/")
            for name, rid in _SHEET_ENTRY.findall(workbook):
                part = "xl/" + targets.get(rid, "")
                if part not in archive.namelist():
                    continue
                xml = archive.read(part)
                if b"<f" not in xml:
                    continue
                cells = {(int(row) - 1, _column_index(column))
                         for column, row, body in _CELL.findall(xml)
                         if body and b"<f" in body and not re.search(rb"<v>[^<]", body)}
                if cells:
                    found[_xml_text(name)] = cells
    except (zipfile.BadZipFile, KeyError, ValueError):
        return {}
    return found


def _xml_text(raw: bytes) -> str:
    return html.unescape(raw.decode("utf-8"))


def _mark_uncalculated(grid, cells):
    for row, column in cells:
        if row < len(grid) and column < len(grid[row]) and _is_empty(grid[row][column]):
            grid[row][column] = UNCALCULATED
    return grid


def _read_sheets(data: bytes):
    """Yield (sheet name, rows) of each visible worksheet, rows indexed from Excel's row 1."""
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as error:  # calamine raises its own error types for damaged or foreign files
        raise TableError(f"无法读取该表格文件（{type(error).__name__}），请确认文件未损坏，"
                         "且为 Excel（.xlsx/.xls）或 CSV 格式") from error
    uncalculated = _uncalculated_cells(data) if data[:2] == b"PK" else {}
    with workbook:
        for meta in workbook.sheets_metadata:
            if not str(meta.visible).endswith(".Visible") or not str(meta.typ).endswith(".WorkSheet"):
                continue  # hidden sheets hold lookups and old versions; chart sheets hold no cells
            try:
                sheet = workbook.get_sheet_by_name(meta.name)
                grid = sheet.to_python(skip_empty_area=False)
            except Exception:  # a chart sheet or other non-grid sheet
                continue
            yield meta.name, _mark_uncalculated(grid, uncalculated.get(meta.name, ()))


def _raw_sheets(source, filename):
    suffix = Path(filename).suffix.lower()
    if isinstance(source, (str, Path)):
        data = Path(source).read_bytes()
    elif isinstance(source, (bytes, bytearray)):
        data = bytes(source)
    else:
        data = source.read()
    if suffix == ".csv":
        return [("CSV", _read_csv(data))]
    if suffix in SPREADSHEET_EXTENSIONS:
        return list(_read_sheets(data))
    raise TableError(f"不支持的文件类型“{suffix or filename}”，请上传 .xlsx、.xls 或 .csv 文件")


# ------------------------------------------------------------------------------------ layout

def _find_header(grid, alias_index, required_keys):
    """The 0-based index of the header row, or None: the row matching the most known headings."""
    best, best_score = None, 0
    for index, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        keys = {alias_index[key].key for key in (header_key(cell) for cell in row if not _is_empty(cell))
                if key in alias_index}
        score = len(keys) + (len(keys & required_keys) * 0.5)
        if keys and score > best_score:
            best, best_score = index, score
    return best


def _units_above(grid, header_index) -> tuple[str | None, str]:
    """The unit stated above the header ("单位：万元") and the title (the first text above it)."""
    unit, title = None, ""
    for row in grid[:header_index]:
        for cell in row:
            if _is_empty(cell):
                continue
            text = parse_text(cell)
            match = _UNIT_ROW.search(text)
            if match:
                unit = unit or match.group(1)
                continue
            title = title or text
    return unit, title


def _is_summary(row) -> bool:
    """合计/总计/小计 in one of the first non-empty cells, or a note such as "注：" or "填表人：" at the foot."""
    first = []
    for cell in row:
        if cell is not None and cell != "":
            first.append(cell)
            if len(first) == 3:
                break
    for cell in first:
        if isinstance(cell, str) and _TOTAL.fullmatch(cell):
            return True
    if first and isinstance(first[0], str) and _NOTE_START.match(parse_text(first[0])):
        return sum(1 for cell in row if not _is_empty(cell)) <= 2
    return False


def read_table(source, filename: str, columns: list[Column]) -> Table:
    """Read the first sheet that has a recognisable header; raise ``TableError`` when none has.

    ``source`` is a path, the file's bytes, or a binary file object; ``filename`` decides the format.
    Missing required columns and headings that appear twice are returned as ``header_problems``;
    data rows keep their raw cells for the caller to parse with ``parse_cells``.
    """
    alias_index = _alias_index(columns)
    required_keys = {column.key for column in columns if column.required}
    sheets = _raw_sheets(source, filename)
    for sheet_name, grid in sheets:
        header_index = _find_header(grid, alias_index, required_keys)
        if header_index is not None:
            return _table(sheet_name, grid, header_index, alias_index, columns)
    expected = "、".join(column.label for column in columns if column.required)
    if not any(grid for _name, grid in sheets):
        raise TableError("文件中没有数据")
    raise TableError(f"未找到表头：前{HEADER_SEARCH_ROWS}行中没有可识别的列名，应包含 {expected} 等列", row=1)


def _table(sheet_name, grid, header_index, alias_index, columns) -> Table:
    header = grid[header_index]
    header_number = header_index + 1
    sheet_unit, title = _units_above(grid, header_index)
    positions, found, units, unknown, problems = {}, {}, {}, [], []
    for position, cell in enumerate(header):
        if _is_empty(cell):
            continue
        column = alias_index.get(header_key(cell))
        if column is None:
            unknown.append(parse_text(cell))
            continue
        if column.key in found:
            problems.append((header_number, column.label, parse_text(cell),
                             f"列“{column.label}”出现了两次（另一处为“{found[column.key]}”），请删除多余的一列"))
            continue
        found[column.key] = parse_text(cell)
        positions[column.key] = position
        if column.money:
            units[column.key] = _header_unit(cell) or sheet_unit or "万元"
    for column in columns:
        if column.required and column.key not in found:
            names = "、".join(column.names)
            problems.append((header_number, column.label, "", f"缺少必填列“{column.label}”（可用列名：{names}）"))
    by_key = {column.key: column for column in columns}
    rows = []
    for index in range(header_index + 1, len(grid)):
        raw = grid[index]
        if _is_summary(raw):
            continue
        cells = {key: (raw[position] if position < len(raw) else None) for key, position in positions.items()}
        if all(_is_empty(value) for value in cells.values()):
            continue  # only columns the import does not read (序号, 备注 …) are filled
        rows.append(Row(number=index + 1, cells=cells))
    ordered = {key: by_key[key] for key in sorted(positions, key=positions.get)}
    return Table(sheet=sheet_name, header_row=header_number, columns=ordered, units=units, rows=rows,
                 title=title, unknown_headers=unknown, header_problems=problems)


def parse_cells(table: Table, row: Row) -> tuple[dict, list]:
    """Parse every cell of ``row``: (values by key, problems as (column label, raw value, reason)).

    Every cell is tried, so one row reports all of its problems at once. A blank required cell
    is a problem; other blank cells come back as the parser's blank value.
    """
    values, problems = {}, []
    for key, column in table.columns.items():
        raw = row.cells.get(key)
        if raw is UNCALCULATED:
            problems.append((column.label, "（公式）", UNCALCULATED_PROBLEM))
            continue
        if isinstance(raw, str) and "\x00" in raw:
            problems.append((column.label, display(raw.replace("\x00", "")), NUL_PROBLEM))
            continue
        if raw is None or raw == "":
            if column.required:
                problems.append((column.label, "", f"“{column.label}”为必填项，不能为空"))
            else:
                values[key] = column.blank
            continue
        try:
            value = column.parse(raw, table.units.get(key, "万元"))
        except ParseError as error:
            problems.append((column.label, display(raw), error.reason))
            continue
        if column.required and (value is None or value == ""):
            problems.append((column.label, "", f"“{column.label}”为必填项，不能为空"))
            continue
        values[key] = value
    return values, problems


def display(value) -> str:
    """A raw cell as the preview shows it next to its problem."""
    if value is None:
        return ""
    return parse_text(value)
