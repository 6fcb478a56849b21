"""本土产品 from a sheet: a park's or the bureau's product catalogue, one row per product, published at once.

Rows name the enterprise by 统一社会信用代码 and match an existing product by enterprise and 产品名称: a match is
updated (blank cells keep what is stored), anything else is created as published. Park staff import only for
the enterprises of their park; an enterprise outside the user's scope is refused with the same words whether it
exists or not. Every row is checked before anything is written (``imports.importers``), then the whole sheet is
written at once with a ``MatchLog`` row and an audit entry per product.
"""

from functools import partial

from django.utils import timezone

from tuijin.accounts import access as roles
from tuijin.audit import registry as audit
from tuijin.enterprises.importers import Lookups
from tuijin.enterprises.models import Enterprise
from tuijin.imports.importers import CREATE, UNCHANGED, UPDATE, Importer, Planned, StaleImport, _chunks
from tuijin.imports.models import ImportKind
from tuijin.imports.registry import register
from tuijin.lib import changes as history
from tuijin.lib.events import build
from tuijin.lib.parsing import parse_choice, parse_text
from tuijin.lib.tabular import Column
from tuijin.lib.uscc import normalise as normalise_uscc

from . import access
from .models import ListingStatus, MatchEventKind, MatchLog, Offering, OfferingKind
from .text import listing_tokens

parse_kind = partial(parse_choice, options={str(label): value for value, label in OfferingKind.choices}, what="类型",
                     synonyms={"产品": OfferingKind.PRODUCT, "产能": OfferingKind.CAPACITY, "服务": OfferingKind.SERVICE,
                               "代工": OfferingKind.CAPACITY})
COLUMNS = [
    Column("uscc", "统一社会信用代码", ("社会信用代码", "信用代码", "企业信用代码"), parse_text, required=True),
    Column("name", "产品名称", ("产品", "名称", "服务名称"), parse_text, required=True),
    Column("kind", "类型", ("产品类型",), parse_kind),
    Column("description", "产品描述", ("描述", "产品说明", "规格用途"), parse_text),
    Column("industry", "产品所属行业", ("行业", "行业代码"), parse_text),
    Column("capacity", "产能", ("供货能力", "产能 / 供货能力"), parse_text),
    Column("certifications", "资质认证", ("认证", "资质"), parse_text),
]
TEXT = ["name", "description", "capacity", "certifications"]


def not_yours(uscc) -> str:
    return f"统一社会信用代码“{uscc}”对应的企业不在您的权限范围内，不能导入其产品"


@register
class OfferingImporter(Importer):
    kind = ImportKind.OFFERINGS
    columns = COLUMNS
    preview_columns = ["统一社会信用代码", "企业", "产品名称", "类型", "行业"]

    @classmethod
    def allowed(cls, user) -> bool:
        return user is None or roles.is_coordinator(user) or roles.park_of(user) is not None

    def prefetch(self, table):
        self.lookups = Lookups()
        codes = {normalise_uscc(parse_text(row.cells.get("uscc"))) for row in table.rows} - {""}
        self.enterprises = {}
        for chunk in _chunks(list(codes)):
            for enterprise in Enterprise.objects.filter(uscc__in=chunk).only("pk", "uscc", "name", "park_id",
                                                                                "industry_id"):
                self.enterprises[enterprise.uscc] = enterprise
        self.existing = {}
        for chunk in _chunks([e.pk for e in self.enterprises.values()]):
            for offering in Offering.objects.filter(enterprise_id__in=chunk):
                self.existing[(offering.enterprise_id, offering.name)] = offering
        self.seen = {}

    def check(self, row, values, add, failed):
        if "统一社会信用代码" in failed or "产品名称" in failed:
            return None
        uscc = normalise_uscc(values["uscc"])
        enterprise = self.enterprises.get(uscc)
        if enterprise is None or (self.user is not None and not access.can_edit_for(self.user, enterprise)):
            add("uscc", not_yours(uscc))
            return None
        key = (enterprise.pk, values["name"])
        if key in self.seen:
            add("name", f"“{values['name']}”与第{self.seen[key]}行是同一企业的同一产品")
            return None
        self.seen[key] = row.number
        data = {name: values[name] for name in (*TEXT, "kind") if values.get(name) not in (None, "")}
        for name in TEXT:
            limit = Offering._meta.get_field(name).max_length
            if limit and name in data and len(data[name]) > limit:
                add(name, f"“{self.label(name)}”不能超过{limit}个字，当前{len(data[name])}个字")
        if values.get("industry"):
            industry = self.lookups.industry(values["industry"])
            if industry is None:
                add("industry", self.lookups.industry_problem(values["industry"]))
            else:
                data["industry_id"] = industry
        existing = self.existing.get(key)
        preview = [uscc, enterprise.name, values["name"], OfferingKind(data.get("kind") or (
            existing.kind if existing else OfferingKind.PRODUCT)).label,
            self.lookups.industry_names.get(data.get("industry_id") or enterprise.industry_id, "")]
        if existing is None:
            return Planned(row.number, CREATE, {**data, "enterprise_id": enterprise.pk}, preview=preview)
        changed = [name for name, new in data.items() if getattr(existing, name) != new]
        if not changed and existing.status == ListingStatus.PUBLISHED:
            return Planned(row.number, UNCHANGED, {}, existing, preview=preview)
        return Planned(row.number, UPDATE, {name: data[name] for name in changed}, existing,
                       changes=history.diff(existing, data, model=Offering, names=changed,
                                            resolve=self.lookups.resolve),
                       expected=existing.updated_at, preview=preview)

    def apply(self, outcome, *, actor):
        now, today = timezone.now(), timezone.localdate()
        updates = [item for item in outcome.planned if item.action == UPDATE]
        expected = {item.instance.pk: item.expected for item in updates}
        for chunk in _chunks(list(expected)):
            for pk, stamp in Offering.objects.select_for_update().filter(pk__in=chunk).values_list("pk", "updated_at"):
                if expected[pk] != stamp:
                    raise StaleImport("校验后有产品被他人修改，为避免覆盖对方的修改，未写入任何数据；请重新校验后再导入。")
        created = []
        for item in outcome.planned:
            if item.action != CREATE:
                continue
            offering = Offering(**item.data, status=ListingStatus.PUBLISHED, published_on=today, created_by=actor)
            offering.tokens = listing_tokens(offering.name, offering.description, offering.certifications)
            created.append(offering)
        Offering.objects.bulk_create(created, batch_size=500)
        changed = []
        for item in updates:
            offering = item.instance
            for name, value in item.data.items():
                setattr(offering, name, value)
            offering.tokens = listing_tokens(offering.name, offering.description, offering.certifications)
            offering.status, offering.updated_at = ListingStatus.PUBLISHED, now
            offering.published_on = offering.published_on or today
            changed.append(offering)
        Offering.objects.bulk_update(changed, [*TEXT, "kind", "industry_id", "tokens", "status", "updated_at",
                                               "published_on"], batch_size=500)
        MatchLog.objects.bulk_create(
            [build(MatchLog, kind=MatchEventKind.OFFERING_SAVED, actor=actor, offering=o, summary=f"导入产品“{o.name}”"[:200],
                   changes=[]) for o in created]
            + [build(MatchLog, kind=MatchEventKind.OFFERING_SAVED, actor=actor, offering=item.instance,
                     summary=f"导入更新产品“{item.instance.name}”"[:200], changes=item.changes) for item in updates],
            batch_size=1000)
        audit.record_many(Offering, [("create", o, [], o.name) for o in created]
                          + [("change", item.instance, item.changes, item.instance.name) for item in updates])
        return {"created": len(created), "updated": len(updates),
                "unchanged": sum(1 for item in outcome.planned if item.action == UNCHANGED)}
