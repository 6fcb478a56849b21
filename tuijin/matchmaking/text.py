"""Chinese product text as tokens: jieba's search mode, so that 锂电池 also yields 电池 and 锂电.

One tokenizer for everything that compares descriptions (the index, a need's query, the reasons), so that
a need and an offering are always cut the same way. jieba's dictionary ships inside the wheel; nothing is
downloaded. Its loading (about a second) happens once per process, on first use.
"""

import re
import threading

import jieba

jieba.setLogLevel(60)  # quiet: jieba prints its cache build to stderr otherwise

# Words every description has and that tell nothing about what is offered or needed.
STOPWORDS = frozenset("""
的 和 与 及 或 等 为 以 在 对 于 可 能 用 有 是 把 被 将 并 其 各 种 类 个 套 件 吨 只 年 月 日 我们 我司 公司 企业 有限公司
提供 供应 需求 需要 采购 产品 主要 用于 相关 系列 各类 各种 优质 专业 生产 制造 具备 能力 规格 要求 服务 本地 本土
""".split())
# Product words jieba's general dictionary cuts apart; kept whole so that they match as one (their parts still
# come out in search mode: 磷酸铁锂 also gives 磷酸 and 铁锂).
PRODUCT_WORDS = """
磷酸铁锂 三元材料 正极材料 负极材料 电解液 隔膜 铜箔 铝箔 电芯 动力电池 储能电池 电池包 电池管理系统 驱动电机 电机控制器
功率半导体 功率模块 充电桩 换电站 线束 连接器 传感器 压铸件 冲压件 注塑件 显示模组 通信模组 封装测试 原料药 医药中间体
体外诊断 诊断试剂 化学发光 医用导管 医用耗材 高分子材料 瓦楞纸箱 冷链物流 工业气体 钢结构
""".split()
WORD = re.compile(r"[\w\u4e00-\u9fff]+")
_ready = threading.Lock()
_initialised = False


def _initialise():
    global _initialised
    with _ready:
        if not _initialised:
            jieba.initialize()
            for word in PRODUCT_WORDS:
                jieba.add_word(word, freq=20000)
            _initialised = True


def tokenize(text: str) -> list[str]:
    """The tokens of ``text``: jieba search-mode words, lower-cased, without stopwords, numbers and lone characters."""
    if not _initialised:
        _initialise()
    tokens = []
    for chunk in WORD.findall((text or "").lower()):
        for word in jieba.cut_for_search(chunk):
            word = word.strip()
            if not word or word in STOPWORDS or word.isdigit():
                continue
            if len(word) == 1:  # a lone character (包, 用) matches almost everything
                continue
            tokens.append(word)
    return tokens


def listing_tokens(name: str, description: str, extra: str = "") -> str:
    """What ``tokens`` stores for an offering or need: the name counted twice (it says most), then the rest."""
    return " ".join(tokenize(f"{name} {name} {description} {extra}"))
