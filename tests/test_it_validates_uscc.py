"""统一社会信用代码 (GB 32100-2015): the check character catches mistyped codes, with a message saying what is wrong."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from tuijin.enterprises.models import Enterprise
from tuijin.lib.uscc import CHARSET, check_character, make_uscc, normalise, uscc_problem

from .factories import industry

# Published as the worked example of GB 32100-2015 and used on 国家企业信用信息公示系统 help pages.
PUBLISHED = "91350100M000100Y43"

AUTHORITIES = "123456789ANY"  # 登记管理部门代码 (机构编制, 民政, 工商 …)
bodies = st.builds(
    lambda authority, kind, division, rest: authority + kind + division + rest,
    st.sampled_from(AUTHORITIES),
    st.sampled_from(CHARSET),
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    st.text(alphabet=CHARSET, min_size=9, max_size=9),
)


@pytest.mark.parametrize("code", [
    PUBLISHED,
    make_uscc("91510115MA6CXXXX1"),  # an enterprise registered in 成都市双流区
    make_uscc("12510100MB0000001"),  # a public institution (事业单位)
    make_uscc("52510115MJ0000001"),  # a social organisation registered with 民政
])
def test_it_accepts_valid_codes(code):
    # Given a code whose 18th character is its mod-31 check character
    # When it is checked
    # Then nothing is wrong with it
    assert uscc_problem(code) is None


def test_it_knows_the_published_check_character():
    # Given the body of the published example
    # When its check character is computed
    # Then it is the "3" printed on the licence
    assert make_uscc(PUBLISHED[:17]) == PUBLISHED


@pytest.mark.parametrize(("code", "message"), [
    ("91350100M000100Y4", "统一社会信用代码应为18位，当前为17位"),
    ("91350100M000100Y431", "统一社会信用代码应为18位，当前为19位"),
    ("", "统一社会信用代码应为18位，当前为0位"),
    ("91350100M000I00Y4O", "统一社会信用代码含有不允许的字符：I、O（不使用 I、O、Z、S、V）"),
    ("91350100M00-100Y43", "统一社会信用代码含有不允许的字符：-（不使用 I、O、Z、S、V）"),
    ("X1350100M000100Y43", "统一社会信用代码第1位（登记管理部门代码）“X”无效"),
    ("9135A100M000100Y43", "统一社会信用代码第3—8位应为行政区划代码（6位数字）"),
    ("91350100M000100Y44", "统一社会信用代码校验位错误：第18位应为“3”，实际为“4”，请核对是否抄错"),
    ("91350100M000100Y34", "统一社会信用代码校验位错误"),  # two neighbours swapped
])
def test_it_explains_what_is_wrong(code, message):
    # Given a malformed or mistyped code
    # When it is checked
    problem = uscc_problem(code)

    # Then the explanation names the problem in Chinese
    assert problem is not None and problem.startswith(message)


@pytest.mark.parametrize("typed", [
    "９１３５０１００Ｍ０００１００Ｙ４３",  # typed with a full-width input method
    "9135 0100 M000 100Y 43",  # copied from a printed licence with spaces
    " 91350100m000100y43\n",  # lower case with stray whitespace
    "91350100Ｍ000100ｙ43",  # a mix
])
def test_it_normalises_what_people_type(typed):
    # Given the published code typed in one of the ways people do
    # When it is normalised and checked
    # Then it is the plain ASCII code and valid
    assert normalise(typed) == PUBLISHED
    assert uscc_problem(typed) is None


@given(body=bodies, position=st.integers(min_value=0, max_value=17), data=st.data())
def test_it_always_detects_a_single_mistyped_character(body, position, data):
    # Given any valid code
    code = make_uscc(body)
    assert uscc_problem(code) is None

    # When any one character is replaced by another character of the code's alphabet
    replacement = data.draw(st.sampled_from(CHARSET).filter(lambda ch: ch != code[position]), label="replacement")
    typo = code[:position] + replacement + code[position + 1:]

    # Then the check character no longer fits, and the code is refused
    assert check_character(typo[:17]) != typo[17]
    assert uscc_problem(typo) is not None


def form_payload(**changes):
    return {"name": "成都蓉欧智能装备有限公司", "uscc": PUBLISHED, "industry": industry("34").pk, "scale": "small",
            "address": "", "established_on": "", "legal_representative": "", "contact_person": "",
            "contact_phone": "", "park": "", "responsible_official": "", "responsible_unit": ""} | changes


def test_it_refuses_a_mistyped_code_in_the_enterprise_form(client, coordinator):
    # Given a coordinator adding an enterprise
    client.force_login(coordinator)

    # When they post its code with the last character mistyped
    response = client.post(reverse("enterprise_create"), form_payload(uscc="91350100M000100Y44"))

    # Then the form comes back explaining the check character, and no enterprise was added
    assert response.status_code == 200
    page = response.content.decode()
    assert "统一社会信用代码校验位错误" in page
    assert "第18位应为“3”，实际为“4”" in page
    assert not Enterprise.objects.filter(name="成都蓉欧智能装备有限公司").exists()


def test_it_saves_a_code_typed_with_spaces_and_full_width_characters(client, coordinator):
    # Given a coordinator adding an enterprise
    client.force_login(coordinator)

    # When they paste the code from a printed licence, with spaces and full-width letters
    response = client.post(reverse("enterprise_create"), form_payload(uscc="9135 0100 Ｍ000 100Ｙ 43"))

    # Then the enterprise is saved with the plain code and its page shows it
    enterprise = Enterprise.objects.get(name="成都蓉欧智能装备有限公司")
    assert enterprise.uscc == PUBLISHED
    assert response.status_code == 302
    assert PUBLISHED in client.get(response.url).content.decode()


def test_it_lets_the_browser_accept_a_pasted_code_with_spaces(client, coordinator):
    # Given the new-enterprise page
    client.force_login(coordinator)
    page = client.get(reverse("enterprise_create")).content.decode()

    # Then the code input does not cut a pasted "9135 0100 M000 100Y 43" (22 characters) at 18
    uscc_input = next(tag for tag in page.split("<input") if 'name="uscc"' in tag)
    assert 'maxlength="18"' not in uscc_input
