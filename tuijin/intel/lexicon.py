"""The words the extractor reads: one place to extend when a report's phrasing is new.

All patterns are in simplified characters (the extractor reads the simplified twin of the text).
"""

import re

# A project name runs back from 项目 until one of these (the name starts after the last one).
NAME_STOP = re.compile(
    r"的|还有|拥有|具有|以及|包括|其中|分别|与|是|为|在|由|将|对|了|从|向|把|至|于|即|共|又|再|和|"
    r"举行|开展|引进|推进|实施|签约|签订|签署|开工|动工|竣工|投产|封顶|落户|建设|启动|参观|调研|考察|走进|获悉|"
    r"了解到|介绍|据悉|据了解|记者|今年|去年|上午|下午|该|个")
# Names keep 和 inside (泰和, 万和): only a 和 between two names splits them, which 、 usually does instead.
NAME_STOP_KEEP = ("和",)
NAME_STOP = re.compile(NAME_STOP.pattern.replace("|和|", "|"))
# A leading place (高新区瑞普… → 瑞普…) is dropped when enough name remains.
LEADING_PLACE = re.compile(r"^[\u4e00-\u9fff]{0,6}?(?:省|市|县|高新区|经开区|开发区|片区|园区|新区)")
GENERIC_NAME = re.compile(
    r"^(重大|重点|产业化?|亿元|签约|招商|新签|在建|续建|新建|新开工|开工|竣工|投产|各类|相关|配套|其他|以上|优质|"
    r"一批|多个|部分|全部|示范|储备|谋划|前期|政府|民生|基础设施|产业|省级|市级|区级|县级)|亿元以上|^[\d一二三四五六七八九十百千]+(个|项|大|批|类|家)")

# Events: the word as written → the event it reports.
EVENT_OF = {
    "签约": "签约", "签订": "签约", "签署": "签约", "完成签约": "签约", "集中签约": "签约",
    "落户": "落位", "落位": "落位", "落地": "落位", "入驻": "落位",
    "开工": "开工", "动工": "开工", "奠基": "开工", "破土": "开工",
    "在建": "在建", "加紧建设": "在建", "正在建设": "在建", "正在进行": "在建", "建设进入": "在建",
    "主体结构已完成": "在建", "安装调试": "在建", "加快建设": "在建", "有序推进": "在建", "施工": "在建",
    "封顶": "封顶",
    "竣工": "竣工", "建成": "竣工", "交付使用": "竣工",
    "投产": "投产", "投入生产": "投产", "建成投用": "投产", "正式投用": "投产",
    "达产": "达产", "达效": "达产",
}
EVENT = re.compile("|".join(sorted(EVENT_OF, key=len, reverse=True)) + r"|签订[^，。；]{0,8}协议")
STAGE_ORDER = {"签约": 1, "落位": 2, "开工": 3, "在建": 4, "封顶": 5, "竣工": 6, "投产": 7, "达产": 8}


def event_of(word: str) -> str:
    return "签约" if word.startswith("签订") else EVENT_OF.get(word, "")


# Words before an event in its clause that make it a plan, not a fact.
FUTURE = re.compile(r"预计|计划|将|拟|即将|力争|确保|争取|有望|年内|年底|明年|下一步|后续|力促|待|准备|目标")

# Labels before a figure.
LABEL = re.compile(
    r"协议总投资|计划总投资|总投资|拟投资|项目投资|固定资产投资|投资|签约总金额|签约金额|总金额|"
    r"已完成投资|完成投资|累计完成|年产值|产值|销售收入|营业收入|营收|年纳税|纳税|税收|利税|"
    r"实际到位|到位|利用外资|外资|内资|引资|资金|"
    r"规划用地面积|用地面积|规划用地|用地|占地面积|占地|总建筑面积|建筑面积|厂房|标准厂房|面积")


def money_kind(label: str) -> str | None:
    """What a sum of money is, from the label before it; None for sums that are neither (补贴, 奖励 …)."""
    if not label:
        return "investment"
    if label in ("已完成投资", "完成投资", "累计完成"):
        return "completed"
    if label in ("年产值", "产值", "销售收入", "营业收入", "营收"):
        return "output"
    if label in ("年纳税", "纳税", "税收", "利税"):
        return "tax"
    if label in ("协议总投资", "签约总金额", "签约金额", "总金额", "实际到位", "到位", "利用外资", "外资", "内资",
                 "引资", "资金"):
        return "indicator"
    if "投资" in label:
        return "investment"
    return None


def area_kind(label: str, unit: str) -> str | None:
    """Land (占地/用地) or floor area (建筑面积/厂房); a bare 亩 is land, a bare 平方米 floor area."""
    if "用地" in label or "占地" in label:
        return "land"
    if "建筑" in label or "厂房" in label:
        return "floor"
    if unit == "亩":
        return "land"
    if unit == "平方公里":
        return None
    return "floor" if label == "面积" or not label else None


QUALIFIER = {"超过": "超", "达到": "达", "高达": "达", "不低于": "以上", "不少于": "以上", "突破": "超"}

# A sentence about a region's totals: its sums are indicators.
AGGREGATE = re.compile(
    r"项目\s*\d+\s*个|\d+\s*个项目|\d+个|实际到位|实际利用|利用外资|到位资金|协议总投资|签约总金额|"
    r"全区|全市|全县|全省|全镇|全年|累计引进|累计签约|新签约.{0,10}项目|招商引资")
# A sentence announcing a group event (集中签约 …) whose 其中 sentence lists the projects.
GROUP = re.compile(r"集中|签约仪式|开工仪式|推介|活动")

COMPANY_STOP = re.compile(r"由|的|是|与|为|在|对|向|将|经|引进|投资|建设|合作|签约|联合|携手|项目")

NOT_A_PLACE = re.compile(r"^(我|该|本|全|各|城|市民|县城|园区|片区|辖区|新区|社区|小区|城区|地区|库区|厂区|街区|"
                         r"记者|区域|高新区|经开区|开发区)|(高新区|经开区|开发区)$|[转自从在于由的是与到将对为了项目]")

# Industry guess from the project's name: first matching keyword → GB/T 4754 大类 code.
INDUSTRY_KEYWORDS = [
    ("半导体|集成电路|芯片|显示|面板|光电|电子|传感器|模组|封装测试", "39"),
    ("锂电|电池|储能|光伏|电机|电气|新能源装备|氢能|风电", "38"),
    ("汽车|整车|零部件|内饰", "36"),
    ("航空|船舶|轨道", "37"),
    ("医药|疫苗|生物制品|药", "27"),
    ("医疗器械|机器人|数控|机床|装备|轴承|模具", "34"),
    ("新材料|碳纤维|复合材料|化工|发酵|化妆品", "26"),
    ("铝材|铜材", "32"),
    ("钢", "31"),
    ("建材|玻璃|水泥|陶瓷", "30"),
    ("纺织", "17"),
    ("食品|粮油|农产品加工", "13"),
    ("包装", "22"),
    ("家居|家具", "21"),
    ("数据中心|云计算", "64"),
    ("软件", "65"),
    ("物流|冷链|仓储|港口", "59"),
    ("农业|种植", "01"),
    ("环保", "35"),
]
_INDUSTRY = [(re.compile(words), code) for words, code in INDUSTRY_KEYWORDS]


def industry_of(name: str) -> str:
    for pattern, code in _INDUSTRY:
        if pattern.search(name):
            return code
    return ""
