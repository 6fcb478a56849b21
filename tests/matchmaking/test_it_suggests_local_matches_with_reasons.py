"""A buyer's need yields the local producers that fit it, best first, each with its reason in Chinese."""

from tuijin.matchmaking import actions, calculations, index
from tuijin.matchmaking.text import tokenize



def test_the_upstream_cell_maker_comes_first_with_chain_text_and_industry_reasons(market):
    # Given a carmaker needing battery cells, a cell maker upstream in its chain, a motor maker, a chemicals firm
    # When Tuijin suggests matches for the need
    suggestions = calculations.suggest(market["need"])

    # Then the cell maker is first, with the chain, the shared words and the industry as its reasons
    first = suggestions[0]
    assert first.offering == market["offerings"]["cells"]
    assert first.reasons[0] == "同属新能源汽车产业链：动力电池 → 整车制造（下游）"
    assert first.reasons[1].startswith("描述相似：")
    assert first.reasons[1].split("：")[1].split()[:2] == ["电芯", "动力电池"]  # the need's name words first
    assert first.reasons[2] == "行业相同：38 电气机械和器材制造业"
    assert first.reason == "；".join(first.reasons)


def test_the_order_follows_chain_then_text_and_unrelated_or_own_products_stay_out(market):
    # Given the same market
    # When the suggestions are listed
    offered = [s.offering for s in calculations.suggest(market["need"])]

    # Then the electrolyte maker (shared words, no chain) and the motor maker (chain, no words) follow the cells,
    # the packaging firm (nothing in common) and the carmaker's own car are not suggested
    offerings = market["offerings"]
    assert offered[0] == offerings["cells"]
    assert set(offered[1:]) == {offerings["electrolyte"], offerings["motor"]}
    motor = next(s for s in calculations.suggest(market["need"]) if s.offering == offerings["motor"])
    assert motor.reasons == ["同属新能源汽车产业链：电机电控 → 整车制造（下游）", "行业相同：38 电气机械和器材制造业"]
    assert offerings["boxes"] not in offered and offerings["own"] not in offered


def test_a_withdrawn_product_leaves_the_kept_index_without_a_rebuild_per_request(market, coordinator):
    # Given the index built once for a first suggestion
    calculations.suggest(market["need"])
    kept = index.current()
    assert index.current() is kept  # nothing changed: the same index serves the next request

    # When the cell maker withdraws its product
    actions.move_listing(market["offerings"]["cells"], actor=coordinator, move="withdraw")

    # Then the next request rebuilds once and the cells are no longer suggested
    offered = [s.offering for s in calculations.suggest(market["need"])]
    assert index.current() is not kept
    assert market["offerings"]["cells"] not in offered


def test_the_tokenizer_cuts_search_words_and_drops_filler():
    # Given a product description with filler words
    # When it is tokenised
    tokens = tokenize("我司提供优质的锂电池电芯")

    # Then the product words and their parts are kept, the filler is not
    assert "锂电池" in tokens and "电池" in tokens and "电芯" in tokens
    assert "优质" not in tokens and "提供" not in tokens and "的" not in tokens
