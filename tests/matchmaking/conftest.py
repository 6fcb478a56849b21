"""A small market: a new-energy-vehicle chain with producers upstream and buyers downstream."""

import pytest

from tuijin.matchmaking import actions, index
from tuijin.promotion.models import ChainMember, ChainSegment, IndustryChain, Position

from ..factories import EnterpriseFactory, industry


@pytest.fixture
def market(coordinator, park, other_park):
    index.forget()
    chain = IndustryChain.objects.create(name="新能源汽车")
    cells = ChainSegment.objects.create(chain=chain, name="动力电池", position=Position.UPSTREAM, order=1)
    motors = ChainSegment.objects.create(chain=chain, name="电机电控", position=Position.MIDSTREAM, order=2)
    cars = ChainSegment.objects.create(chain=chain, name="整车制造", position=Position.DOWNSTREAM, order=3)
    firms = {
        "battery": EnterpriseFactory(name="蜀能锂电科技有限公司", park=park, industry=industry("38")),
        "motor": EnterpriseFactory(name="锦江电驱有限公司", park=park, industry=industry("38")),
        "carmaker": EnterpriseFactory(name="天府新能源汽车有限公司", park=other_park, industry=industry("36")),
        "packaging": EnterpriseFactory(name="川西包装材料有限公司", park=park, industry=industry("22")),
        "chemicals": EnterpriseFactory(name="龙泉电解液化工有限公司", park=other_park, industry=industry("26")),
    }
    ChainMember.objects.create(segment=cells, enterprise=firms["battery"])
    ChainMember.objects.create(segment=motors, enterprise=firms["motor"])
    ChainMember.objects.create(segment=cars, enterprise=firms["carmaker"])

    def offer(firm, name, description, code=None):
        return actions.save_offering(actor=coordinator, publish=True, data={
            "enterprise": firms[firm], "kind": "product", "name": name, "description": description,
            "industry": industry(code) if code else None, "capacity": "", "certifications": ""})

    offerings = {
        "cells": offer("battery", "磷酸铁锂电芯", "车规级磷酸铁锂电池电芯，容量 280Ah，适用于新能源汽车动力电池包"),
        "motor": offer("motor", "驱动电机总成", "永磁同步驱动电机及电机控制器，用于纯电动乘用车"),
        "boxes": offer("packaging", "瓦楞纸箱", "食品与电子产品瓦楞纸箱包装"),
        "electrolyte": offer("chemicals", "锂电池电解液", "六氟磷酸锂电解液，用于锂电池电芯生产", "26"),
        "own": offer("carmaker", "电动乘用车", "纯电动乘用车整车，配套磷酸铁锂电池"),
    }
    need = actions.save_need(actor=coordinator, publish=True, data={
        "enterprise": firms["carmaker"], "kind": "part", "name": "动力电池电芯", "industry": industry("38"),
        "description": "采购磷酸铁锂电池电芯，用于新能源汽车电池包", "quantity": 200000, "quantity_unit": "只",
        "needed_by": None})
    yield {"chain": chain, "firms": firms, "offerings": offerings, "need": need}
    index.forget()
