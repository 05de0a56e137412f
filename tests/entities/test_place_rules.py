"""How place names become places: short and full names are one place, a place rolls up its
hierarchy, an ambiguous name needs a parent in the article, common words stay out; and how
names are found (bylines, roles, speech verbs) without flooding the person facet."""
from __future__ import annotations

from indexer.entities.people import people
from indexer.entities.places import PlaceFacets, place_facets


def test_jiaxing_and_jiaxing_city_are_one_place_and_a_district_rolls_up():
    assert place_facets("嘉兴南湖区的商户，嘉兴市的干部") == PlaceFacets(
        ("浙江省",), ("嘉兴市",), ("南湖区",))


def test_an_ambiguous_district_needs_its_city_in_the_article():
    assert place_facets("鼓楼区新开一家医院") == PlaceFacets()
    assert place_facets("南京市鼓楼区新开一家医院") == PlaceFacets(
        ("江苏省",), ("南京市",), ("鼓楼区",))
    assert place_facets("福建福州，鼓楼区") == PlaceFacets(("福建省",), ("福州市",), ("鼓楼区",))


def test_a_county_short_name_needs_its_city_in_the_article():
    assert place_facets("义乌小商品，义乌商户") == PlaceFacets()
    assert place_facets("浙江义乌小商品") == PlaceFacets(("浙江省",), (), ())
    assert place_facets("金华义乌小商品") == PlaceFacets(("浙江省",), ("金华市",), ("义乌市",))
    assert place_facets("马丹阳，马丹阳") == PlaceFacets()  # a name, not 镇江's 丹阳


def test_a_two_character_full_name_inside_a_word_is_not_a_place():
    assert place_facets("日本千叶县") == PlaceFacets()
    assert place_facets("河南省平顶山市叶县") == PlaceFacets(("河南省",), ("平顶山市",), ("叶县",))


def test_common_words_and_street_names_are_not_places():
    text = "资源集成，资源共享，中山路上，黄浦江边，民族复兴，宏伟蓝图，北京时间"
    assert place_facets(text) == PlaceFacets()


def test_people_come_from_the_byline_roles_and_speech_not_from_common_words():
    text = ("早高峰时段，市民文明出行。市委书记陈澄说，要抓落实。社工任祺说，她很好。"
            "高峰表示，文明城市创建要常态化。")
    # 高峰 is on the stop-list: a person of that name is lost, the facet is not flooded.
    assert people(("李小文", "赵妍"), text) == ("李小文", "赵妍", "陈澄", "任祺")
    assert people((), "交通高峰，文明城市，平安建设") == ()
