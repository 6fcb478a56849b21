"""State changes of 产用对接: listings saved and published, events arranged, invitations sent, outcomes recorded.

Each runs in a transaction, checks its rule (``access``), writes a ``MatchLog`` row and notifies. Saving a
listing re-tokenises its text, which is what moves the search index's version key (``index.version_key``).
Status moves are compare-and-set updates, so two people publishing and withdrawing at once cannot both win.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tuijin.accounts import recipients
from tuijin.lib import changes as history
from tuijin.notifications.models import NotificationKind
from tuijin.notifications.services import notify_many

from . import access, events
from .models import ListingStatus, MatchEvent, Need, Offering, Outcome, OutcomeKind, Side
from .text import listing_tokens

OFFERING_FIELDS = ["enterprise", "kind", "name", "description", "industry", "capacity", "certifications"]
NEED_FIELDS = ["enterprise", "kind", "name", "description", "industry", "quantity", "quantity_unit", "needed_by"]
EVENT_FIELDS = ["title", "held_on", "location", "chain", "status", "note"]
MOVES = {"publish": ([ListingStatus.DRAFT, ListingStatus.WITHDRAWN], ListingStatus.PUBLISHED),
         "withdraw": ([ListingStatus.PUBLISHED], ListingStatus.WITHDRAWN)}


class ActionRefused(Exception):
    """A change the rules do not allow; the message says why in Chinese."""


def _tokens(listing):
    extra = getattr(listing, "certifications", "") or ""
    return listing_tokens(listing.name, listing.description, extra)


def _save_listing(model, fields, logger, *, actor, data, instance=None, publish=False):
    enterprise = data["enterprise"]
    if not access.can_edit_for(actor, enterprise):
        raise ActionRefused(f"无权为“{enterprise.name}”登记。")
    with transaction.atomic():
        created = instance is None
        if created:
            instance = model(created_by=actor)
        else:
            instance = model.objects.select_for_update().get(pk=instance.pk)
            if not access.can_edit_for(actor, instance.enterprise):
                raise ActionRefused("无权修改其他企业的登记。")
        after = {name: data.get(name) for name in fields}
        changes = history.diff(None, after, model=model) if created else history.diff(instance, after)
        for name, value in after.items():
            setattr(instance, name, value)
        if not changes and not created and not publish:
            return instance
        instance.tokens = _tokens(instance)
        if publish and instance.status != ListingStatus.PUBLISHED:
            changes.append(history.entry(model._meta.get_field("status"), instance.status, ListingStatus.PUBLISHED))
            instance.status = ListingStatus.PUBLISHED
            instance.published_on = timezone.localdate()
        instance.save()
        logger(instance, actor=actor, changes=changes, created=created)
    return instance


def save_offering(*, actor, data, offering=None, publish=False) -> Offering:
    """Create or edit an offering (and publish it when asked): the enterprise, its park or a coordinator."""
    return _save_listing(Offering, OFFERING_FIELDS, events.offering_saved, actor=actor, data=data,
                         instance=offering, publish=publish)


def save_need(*, actor, data, need=None, publish=False) -> Need:
    return _save_listing(Need, NEED_FIELDS, events.need_saved, actor=actor, data=data, instance=need,
                         publish=publish)


def move_listing(listing, *, actor, move: str):
    """发布 or 下架 an offering or need, compare-and-set on the status it was shown in."""
    if move not in MOVES:
        raise ActionRefused("未知的操作。")
    if not access.can_edit_for(actor, listing.enterprise):
        raise ActionRefused("只有该企业、其所在园区或统筹协调人员可以发布或下架。")
    allowed, target = MOVES[move]
    model = type(listing)
    with transaction.atomic():
        fields = {"status": target, "updated_at": timezone.now()}
        if target == ListingStatus.PUBLISHED:
            fields["published_on"] = timezone.localdate()
        if not model.objects.filter(pk=listing.pk, status__in=allowed).update(**fields):
            raise ActionRefused(f"“{listing.name}”当前状态为{listing.get_status_display()}，不能{ '发布' if move == 'publish' else '下架'}。")
        events.status_changed(listing, actor=actor, old=listing.status, new=target)
    listing.refresh_from_db()
    return listing


def save_event(*, actor, data, event=None) -> MatchEvent:
    if not access.can_manage_events(actor):
        raise ActionRefused("对接会由统筹协调人员安排。")
    with transaction.atomic():
        created = event is None
        event = MatchEvent(organiser=actor) if created else MatchEvent.objects.select_for_update().get(pk=event.pk)
        after = {name: data[name] for name in EVENT_FIELDS if name in data}
        changes = history.diff(None, after, model=MatchEvent) if created else history.assign(event, after)
        if created:
            for name, value in after.items():
                setattr(event, name, value)
        if changes or created:
            event.save()
            events.event_saved(event, actor=actor, changes=changes, created=created)
    return event


def invite(event, *, actor, suppliers=(), buyers=()) -> int:
    """Invite enterprises as 供方 / 需方; each newly invited one's users get a message. Returns how many are new."""
    if not access.can_manage_events(actor):
        raise ActionRefused("对接会由统筹协调人员安排。")
    wanted = [(enterprise, Side.SUPPLY) for enterprise in suppliers] + [(e, Side.DEMAND) for e in buyers]
    if not wanted:
        raise ActionRefused("请至少选择一家供方或需方企业。")
    with transaction.atomic():
        event = MatchEvent.objects.select_for_update().get(pk=event.pk)
        have = set(event.invitations.values_list("enterprise_id", "side"))
        new = [(enterprise, side) for enterprise, side in wanted if (enterprise.pk, side) not in have]
        event.invitations.bulk_create([event.invitations.model(event=event, enterprise=e, side=s) for e, s in new])
        if not new:
            return 0
        events.invited(event, actor=actor, names=[f"{e.name}（{Side(s).label}）" for e, s in new])
        users = {}
        for user in recipients.enterprise_users(*[enterprise for enterprise, _ in new]):
            users.setdefault(user.enterprise_id, []).append(user)
        url = reverse("matchmaking_event", args=[event.pk])
        where = f"，地点：{event.location}" if event.location else ""
        notify_many([(users.get(enterprise.pk, []), f"邀请参加对接会：{event.title}",
                      f"{event.held_on:%Y-%m-%d}{where}。贵企业以{Side(side).label}身份受邀。", url)
                     for enterprise, side in new], kind=NotificationKind.MATCH_INVITED)
    return len(new)


def record_outcome(event, *, actor, data) -> Outcome:
    """An intent or a signed order between two local enterprises; an order needs its amount."""
    if not access.can_manage_events(actor):
        raise ActionRefused("对接成果由统筹协调人员登记。")
    supplier, buyer = data["supplier"], data["buyer"]
    if supplier.pk == buyer.pk:
        raise ActionRefused("供方与需方不能是同一家企业。")
    if data["kind"] == OutcomeKind.ORDER and data.get("amount") is None:
        raise ActionRefused("签订订单须填写金额（万元）。")
    for listing, owner, label in ((data.get("offering"), supplier, "产品"), (data.get("need"), buyer, "需求")):
        if listing is not None and listing.enterprise_id != owner.pk:
            raise ActionRefused(f"所选{label}“{listing.name}”不属于{owner.name}。")
    with transaction.atomic():
        outcome = Outcome.objects.create(
            event=event, supplier=supplier, buyer=buyer, offering=data.get("offering"), need=data.get("need"),
            chain=data.get("chain") or (event.chain if event else None), kind=data["kind"], amount=data.get("amount"),
            recorded_on=data.get("recorded_on") or timezone.localdate(), note=data.get("note", ""),
            recorded_by=actor)
        events.outcome_recorded(outcome, actor=actor)
    return outcome
