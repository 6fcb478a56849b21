"""The enterprise importer (企业信息), through the imports framework (``tuijin.imports``).

Rows match by 统一社会信用代码 (USCC): a registered code updates that enterprise, an unknown one
registers a new enterprise. A park's staff import only into their park: a row for another park,
or a code registered to an enterprise outside what they may change, is refused with the same
words whoever holds it, naming nothing about that enterprise. Writing is in bulk — rows, history
events (``events.py`` builders) and the audit log (``audit.registry.record_many``) — in a number
of queries that does not grow with the rows.

``create_enterprises`` is also what the project importer calls to register, in its own atomic
apply, the enterprises its rows name that are not registered yet.
"""

from functools import partial
from types import SimpleNamespace

from django.utils import timezone

from tuijin.accounts import access
from tuijin.accounts.models import Organisation, OrganisationKind
from tuijin.audit import registry as audit
from tuijin.imports.bulk import insert_rows, update_rows
from tuijin.imports.importers import CREATE, UNCHANGED, UPDATE, Importer, Planned, StaleImport, _chunks, _is_blank
from tuijin.imports.models import ImportKind
from tuijin.imports.registry import register
from tuijin.lib import changes as history
from tuijin.lib.parsing import name_key, parse_choice, parse_date, parse_text
from tuijin.lib.tabular import Column
from tuijin.lib.uscc import normalise as normalise_uscc
from tuijin.lib.uscc import uscc_problem

from . import events
from .models import Enterprise, EnterpriseEvent, Industry, Scale

parse_scale = partial(parse_choice, options={str(label): value for value, label in Scale.choices}, what="企业规模",
                      synonyms={"大": Scale.LARGE, "中": Scale.MEDIUM, "小": Scale.SMALL, "微": Scale.MICRO,
                                "大型企业": Scale.LARGE, "中型企业": Scale.MEDIUM, "小型企业": Scale.SMALL,
                                "微型企业": Scale.MICRO})

ENTERPRISE_COLUMNS = [
    Column("name", "企业名称", ("企业", "单位名称", "公司名称", "名称"), parse_text, required=True),
    Column("uscc", "统一社会信用代码", ("社会信用代码", "信用代码", "企业信用代码"), parse_text, required=True),
    Column("industry", "所属行业", ("行业", "行业代码", "国民经济行业", "国民经济行业分类"), parse_text),
    Column("park", "所在园区", ("园区", "所属园区", "园区名称"), parse_text),
    Column("scale", "企业规模", ("规模",), parse_scale),
    Column("address", "注册地址", ("地址", "企业地址"), parse_text),
    Column("established_on", "成立日期", ("成立时间", "注册日期"), parse_date),
    Column("legal_representative", "法定代表人", ("法人", "法人代表"), parse_text),
    Column("contact_person", "联系人", ("企业联系人",), parse_text),
    Column("contact_phone", "联系电话", ("电话", "手机", "联系方式"), parse_text),
]
TEXT_FIELDS = ["name", "address", "legal_representative", "contact_person", "contact_phone"]
WRITTEN = ["name", "uscc", "industry_id", "park_id", "scale", "address", "established_on", "legal_representative",
           "contact_person", "contact_phone"]


def not_yours(uscc) -> str:
    """The one refusal for a code the user may not change, whether another park holds it or not."""
    return f"统一社会信用代码“{uscc}”对应的企业不在您的权限范围内，不能导入；如需登记或修改请联系统筹协调部门"


class Lookups:
    """Industries and parks by every way a sheet names them, read once per import."""

    def __init__(self):
        self.industries, self.industry_names = {}, {}
        for pk, code, name in Industry.objects.filter(code__regex=r"^\d").values_list("pk", "code", "name"):
            self.industry_names[pk] = f"{code} {name}"
            for key in (code, name, f"{code}{name}", f"{code} {name}"):
                self.industries.setdefault(name_key(key), pk)
        self.parks, self.park_names = {}, {}
        for pk, name, short in Organisation.objects.filter(kind=OrganisationKind.PARK).values_list(
                "pk", "name", "short_name"):
            self.park_names[pk] = name
            self.parks.setdefault(name_key(name), pk)
            if short:
                self.parks.setdefault(name_key(short), pk)

    def industry(self, text):
        """The 大类's id for "39", "C39", "39 计算机、通信…" or its name; None when unknown."""
        text = text.strip()
        if text[:1].isascii() and text[:1].isalpha() and text[1:3].isdigit():
            text = text[1:]  # "C39": the 门类 letter before the 大类
        return self.industries.get(name_key(text)) or self.industries.get(name_key(text.split()[0]))

    def industry_problem(self, text):
        return f"未找到行业“{text}”，请填写国民经济行业分类（GB/T 4754-2017）的大类代码或名称，如“39”或“软件和信息技术服务业”"

    def resolve(self, field, pk):
        return (self.industry_names if field.name == "industry" else self.park_names).get(pk, "")


@register
class EnterpriseImporter(Importer):
    kind = ImportKind.ENTERPRISES
    columns = ENTERPRISE_COLUMNS
    preview_columns = ["统一社会信用代码", "企业名称", "所属行业", "所在园区", "企业规模"]

    @classmethod
    def allowed(cls, user) -> bool:
        return user is None or access.can_create_enterprise(user)

    def prefetch(self, table):
        self.lookups = Lookups()
        codes = {normalise_uscc(parse_text(row.cells.get("uscc"))) for row in table.rows} - {""}
        self.existing = {}
        for chunk in _chunks(list(codes)):
            for row in Enterprise.objects.filter(uscc__in=chunk).values("id", *WRITTEN, "updated_at"):
                self.existing[row["uscc"]] = SimpleNamespace(pk=row["id"], **row)
        self.seen = {}

    def _may_change(self, enterprise):
        return self.user is None or access.can_edit_enterprise(self.user, enterprise)

    def check(self, row, values, add, failed):
        if "统一社会信用代码" in failed or "企业名称" in failed:
            return None
        uscc = values["uscc"]
        problem = uscc_problem(uscc)
        if problem:
            add("uscc", problem)
            return None
        uscc = normalise_uscc(uscc)
        if uscc in self.seen:
            add("uscc", f"统一社会信用代码“{uscc}”与第{self.seen[uscc]}行重复")
            return None
        self.seen[uscc] = row.number
        existing = self.existing.get(uscc)
        if existing is not None and not self._may_change(existing):
            add("uscc", not_yours(uscc))
            return None
        data = {key: values[key] for key in (*TEXT_FIELDS, "scale", "established_on")
                if key in values and not _is_blank(values[key])}
        data["uscc"] = uscc
        for key in TEXT_FIELDS:
            limit = Enterprise._meta.get_field(key).max_length
            if key in data and len(data[key]) > limit:
                add(key, f"“{self.label(key)}”不能超过{limit}个字，当前{len(data[key])}个字")
        if data.get("established_on") and data["established_on"] > self.today:
            add("established_on", f"成立日期不能晚于今天（{self.today:%Y-%m-%d}）")
        if values.get("industry"):
            industry = self.lookups.industry(values["industry"])
            if industry is None:
                add("industry", self.lookups.industry_problem(values["industry"]))
            else:
                data["industry_id"] = industry
        elif existing is None:
            add("industry", "新登记的企业须填写所属行业（国民经济行业分类大类代码或名称）")
        park = self._park(values.get("park", ""), add)
        if park:
            data["park_id"] = park
        preview = [uscc, data.get("name", ""), self.lookups.industry_names.get(
            data.get("industry_id") or (existing.industry_id if existing else None), ""),
            self.lookups.park_names.get(data.get("park_id") or (existing.park_id if existing else None), ""),
            Scale(data.get("scale") or (existing.scale if existing else Scale.SMALL)).label]
        if existing is None:
            return Planned(row.number, CREATE, data, preview=preview)
        changed = [name for name, new in data.items() if getattr(existing, name) != new]
        if not changed:
            return Planned(row.number, UNCHANGED, {}, existing, preview=preview)
        return Planned(row.number, UPDATE, {name: data[name] for name in changed}, existing,
                       changes=history.diff(existing, data, model=Enterprise, names=changed,
                                            resolve=self.lookups.resolve),
                       expected=existing.updated_at, preview=preview)

    def _park(self, name, add):
        """The park's id (park staff default to theirs), None when not given, False when refused."""
        own = self.restricted_to_park
        if not name:
            return own
        pk = self.lookups.parks.get(name_key(name))
        if pk is None:
            known = "、".join(sorted(self.lookups.park_names.values()))
            add("park", f"未找到园区“{name}”" + (f"，现有园区：{known}" if known else ""))
            return False
        if own and pk != own:
            add("park", f"您只能导入本园区（{self.lookups.park_names.get(own, '')}）的企业")
            return False
        return pk

    def apply(self, outcome, *, actor):
        creates = [item.data for item in outcome.planned if item.action == CREATE]
        updates = [item for item in outcome.planned if item.action == UPDATE]
        self._check_versions(updates)
        create_enterprises(creates, actor=actor, resolve=self.lookups.resolve)
        now = timezone.now()
        update_rows(Enterprise, [(item.instance.pk, dict(item.data, updated_at=now)) for item in updates])
        _insert_events([events.enterprise_edited_row(item.instance.pk, actor=actor, changes=item.changes)
                        for item in updates], now)
        audit.record_many(Enterprise, [("change", item.instance, item.changes, item.data.get("name")
                                        or item.instance.name) for item in updates], insert=insert_rows)
        return {"created": len(creates), "updated": len(updates),
                "unchanged": sum(1 for item in outcome.planned if item.action == UNCHANGED)}

    def _check_versions(self, updates):
        expected = {item.instance.pk: item.expected for item in updates}
        for chunk in _chunks(list(expected)):
            for pk, stamp in Enterprise.objects.select_for_update().filter(pk__in=chunk).values_list(
                    "pk", "updated_at"):
                if expected[pk] != stamp:
                    raise StaleImport("校验后有企业被他人修改，为避免覆盖对方的修改，未写入任何数据；请重新校验后再导入。")


def create_enterprises(rows, *, actor, resolve) -> dict:
    """Register enterprises from plain dicts (uscc, name, industry_id … as in ``WRITTEN``), in bulk.

    Each gets its 新增企业 history event and its audit entry, as ``actions.create_enterprise`` gives
    one enterprise. Returns {uscc: id}. Runs inside the caller's transaction.
    """
    if not rows:
        return {}
    now = timezone.now()
    template = {field.attname: field.get_default() for field in Enterprise._meta.concrete_fields
                if not field.primary_key}
    insert_rows(Enterprise, [template | row | {"created_at": now, "updated_at": now} for row in rows])
    ids = {}
    for chunk in _chunks([row["uscc"] for row in rows]):
        ids.update(Enterprise.objects.filter(uscc__in=chunk).values_list("uscc", "pk"))
    entries, rows_events = [], []
    for row in rows:
        changes = history.diff(None, row, model=Enterprise, resolve=resolve)
        rows_events.append(events.enterprise_created_row(ids[row["uscc"]], row["name"], actor=actor, changes=changes))
        entries.append(("create", SimpleNamespace(pk=ids[row["uscc"]]), changes, row["name"]))
    _insert_events(rows_events, now)
    audit.record_many(Enterprise, entries, insert=insert_rows)
    return ids


def _insert_events(built, now):
    """Write unsaved ``events.py`` rows as plain rows: a number of queries that does not grow with them."""
    fields = [field for field in EnterpriseEvent._meta.concrete_fields if not field.primary_key]
    insert_rows(EnterpriseEvent, [{field.attname: now if field.name == "created_at" else getattr(row, field.attname)
                                   for field in fields} for row in built])
