"""The extractor reads a report the way a promotion officer would: projects with their figures, region totals apart."""

import datetime as dt

from tuijin.intel.clean import clean, to_simplified
from tuijin.intel.extract import extract
from tuijin.intel.reader import read

D = dt.date
EXAMPLE = ("近日，某某生物医药产业园项目建设进入冲刺阶段。该项目占地约86亩，建筑面积约4.2万平方米，总投资约15.6亿元，"
           "达产后预计年产值约30亿元……3月18日，某某新材料项目签约落户XX经开区。一季度，该区新签约亿元以上项目12个，"
           "协议总投资86.5亿元；实际到位市外内资21.3亿元、外资1.05亿美元。")


def _by_name(extraction):
    return {p.name: p for p in extraction.projects}


def test_it_reads_the_issue_example():
    # Given the example report dated 2 April
    # When it is read
    result = read(EXAMPLE, date=D(2026, 4, 2)).extraction
    projects = _by_name(result)

    # Then both projects are found, the first with its figures normalised and qualified
    assert list(projects) == ["某某生物医药产业园项目", "某某新材料项目"]
    park = projects["某某生物医药产业园项目"]
    assert (park.event, park.date) == ("在建", "2026-04-02")
    investment = park.first("investment")
    assert (investment.value, investment.unit, investment.qualifier, investment.text) == ("156000", "CNY", "约", "约15.6亿元")
    assert (park.first("land").value, park.first("land").unit) == ("86", "亩")
    assert (park.first("floor").value, park.first("floor").unit) == ("42000", "平方米")
    assert park.first("output").value == "300000"
    # And the second is a signing on 18 March
    assert (projects["某某新材料项目"].event, projects["某某新材料项目"].date) == ("签约", "2026-03-18")
    # And the district's totals are indicators, not project facts; the dollars keep their currency
    assert [(f.value, f.unit) for f in result.indicators] == [("865000", "CNY"), ("213000", "CNY"), ("10500", "USD")]


def test_every_span_points_at_the_words_it_names():
    text = EXAMPLE
    result = extract(to_simplified(text), D(2026, 4, 2), original=text)
    for project in result.projects:
        for fact in project.facts:
            assert text[fact.start:fact.end] == fact.text


def test_it_resolves_relative_dates_against_the_article():
    article = "昨日，金鼎精密模具项目主体封顶。上月28日，晨光纺织智能化改造项目达产。今年1月，卓越半导体材料项目完成签约。"
    projects = _by_name(read(article, date=D(2026, 5, 6)).extraction)
    assert projects["金鼎精密模具项目"].date == "2026-05-05"
    assert projects["晨光纺织智能化改造项目"].date == "2026-04-28"
    assert projects["卓越半导体材料项目"].date == "2026-01"


def test_planned_steps_are_not_reported_as_done():
    # Given a project that topped out and is expected to be completed and start production later
    article = "近日，中联环保装备制造项目厂房已全面封顶，预计年底竣工投产，达产后年产值可达12亿元。"
    project = read(article, date=D(2026, 5, 28)).extraction.projects[0]
    # Then its event is 封顶, not 竣工 or 投产
    assert project.event == "封顶"


def test_several_projects_in_one_sentence_get_their_own_figures():
    article = ("7月6日，远航智能装备产业园项目与经开区管委会正式签约。项目拟投资20亿元，用地约200亩。同日签约的还有瑞丰食品精深加工项目，"
               "拟投资3.5亿元，用地面积60亩；以及博睿医疗器械研发生产项目，总投资8000万元。")
    projects = _by_name(read(article, date=D(2026, 7, 8)).extraction)
    figures = {name: (p.event, p.first("investment").value) for name, p in projects.items()}
    assert figures == {"远航智能装备产业园项目": ("签约", "200000"), "瑞丰食品精深加工项目": ("签约", "35000"),
                       "博睿医疗器械研发生产项目": ("签约", "8000")}


def test_an_article_of_totals_only_has_no_project():
    article = "一季度，全区新签约项目38个，其中亿元以上项目21个，协议总投资163.2亿元；实际利用外资2860万美元。"
    result = read(article, date=D(2026, 3, 30)).extraction
    assert result.projects == []
    assert [(f.value, f.unit) for f in result.indicators] == [("1632000", "CNY"), ("2860", "USD")]


def test_traditional_text_keeps_its_spans_on_the_original():
    # Given a report in traditional characters
    article = "12月1日，總投資約9億元的寶豐現代農業產業園項目在縣城南片區開工建設。項目規劃用地面積約1500畝。"
    cleaned = clean(article, is_html=False)
    # Then the simplified twin has the same length, and the facts point into the traditional text
    assert len(cleaned.simplified) == len(cleaned.text) and cleaned.traditional
    project = extract(cleaned.simplified, D(2026, 12, 2), original=cleaned.text).projects[0]
    assert project.name == "寶豐現代農業產業園項目"
    assert (project.event, project.first("investment").value, project.first("land").value) == ("开工", "90000", "1500")
    assert cleaned.text[project.first("investment").start:project.first("investment").end] == "約9億元"


def test_length_is_kept_where_a_phrase_conversion_would_change_it():
    # Whatever OpenCC does with phrases, the twin is as long as the original, character for character
    for text in ("於是乎，這個項目總投資壹億元", "著作權人、乾隆、瞭解、髮型、裏面", "無論如何，計劃總投資12億元"):
        assert len(to_simplified(text)) == len(text)


def test_a_name_starting_with_a_numeral_character_is_still_a_name():
    # 百川… is a company's name, not "a hundred projects"; 5个项目 is a count
    article = "12月26日，百川新型显示玻璃基板项目顺利封顶。高新区今年已开工亿元以上项目27个，其中5个项目已投产。"
    assert [p.name for p in read(article, date=D(2026, 12, 28)).extraction.projects] == ["百川新型显示玻璃基板项目"]


def test_every_project_listed_before_a_group_start_gets_the_event():
    article = "11月10日，高新区瑞普动物保健品生产基地项目、鸿运包装材料项目集中开工。"
    projects = _by_name(read(article, date=D(2026, 11, 12)).extraction)
    assert {name: (p.event, p.date) for name, p in projects.items()} == {
        "瑞普动物保健品生产基地项目": ("开工", "2026-11-10"), "鸿运包装材料项目": ("开工", "2026-11-10")}
