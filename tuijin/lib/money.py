"""Money is stored in 万元; people read 亿元 for the large figures."""

from decimal import ROUND_HALF_UP, Decimal

TEN_THOUSAND = Decimal(10000)


def format_wan(amount: Decimal | None) -> str:
    """Render an amount in 万元 as people write it: 亿元 from 1 亿 up, else 万元."""
    if amount is None or amount == "":
        return "—"
    if not isinstance(amount, Decimal):
        amount = Decimal(str(amount))
    if abs(amount) >= TEN_THOUSAND:
        yi = (amount / TEN_THOUSAND).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        return f"{yi:,.2f} 亿元"
    return f"{amount.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,.2f} 万元"
