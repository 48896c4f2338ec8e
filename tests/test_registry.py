"""Registry loading and validation: broken entries fail with the entry and field named."""

import pytest

from crawler.registry import DEFAULT_ARTICLE_PATTERN, RegistryError, adhoc_site, load_registry, parse_registry
from pipelines.extraction.platforms import HINT_KEYS, PLATFORMS
from tests.conftest import ROOT, SAMPLES

GOOD = """
[platforms.onecms]
drop = [".c-box"]

[sites.baonghean]
name = "Báo Nghệ An"
province = "Nghệ An"
languages = ["vi", "en"]
platform = "onecms"
domains = ["baonghean.vn"]
start_urls = ["https://baonghean.vn/thoi-su/"]
sitemaps = ["https://baonghean.vn/sitemap.xml"]
feeds = ["https://baonghean.vn/rss/home.rss"]
article_pattern = '-\\d{8}\\.html$'
hints = {drop = [".js-source-copy"]}
"""


def test_valid_registry_is_loaded_with_platform_hints_merged():
    site = parse_registry(GOOD)["baonghean"]
    assert site.name == "Báo Nghệ An" and site.domains == ("baonghean.vn",)
    assert site.hints["drop"][:2] == [".c-box", ".js-source-copy"]
    assert site.is_article_url("https://baonghean.vn/en/some-story-12345678.html")
    assert not site.is_article_url("https://baonghean.vn/thoi-su/")
    assert not site.is_article_url("https://example.com/en/some-story-12345678.html")


@pytest.mark.parametrize("broken, field", [
    (GOOD.replace('name = "Báo Nghệ An"\n', ""), "name"),
    (GOOD.replace('domains = ["baonghean.vn"]', "domains = []"), "domains"),
    (GOOD.replace('domains = ["baonghean.vn"]', 'domains = "baonghean.vn"'), "domains"),
    (GOOD.replace("'-\\d{8}\\.html$'", "'-(\\d{8}\\.html$'"), "article_pattern"),
    (GOOD.replace('"https://baonghean.vn/rss/home.rss"', '"https://other.vn/rss"'), "feeds"),
    (GOOD.replace('"https://baonghean.vn/thoi-su/"', '"ftp://baonghean.vn/x"'), "start_urls"),
    (GOOD.replace('province = ', 'provnice = '), "provnice"),
    (GOOD.replace("hints = {drop", "hints = {remove"), "hints"),
])
def test_broken_entry_names_site_and_field(broken, field):
    with pytest.raises(RegistryError) as error:
        parse_registry(broken)
    assert "'baonghean'" in str(error.value) and f"'{field}'" in str(error.value)


def test_site_hints_are_complete_registry_platform_then_site_then_builtin_platform():
    registry_table = 'drop = [".c-box", "div.c-box"]\nprefer = ["#registry-body"]'
    site_hints = 'hints = {drop = [".js-source-copy", ".c-box"], tags = [".keywords a"]}'
    text = GOOD.replace('drop = [".c-box"]', registry_table).replace('hints = {drop = [".js-source-copy"]}', site_hints)
    hints = parse_registry(text)["baonghean"].hints
    assert list(hints) == list(HINT_KEYS)
    onecms = PLATFORMS["onecms"]
    in_order = [".c-box", "div.c-box"] + [".js-source-copy", ".c-box"] + onecms["drop"]
    assert hints["drop"] == list(dict.fromkeys(in_order))  # each selector once, where it first came
    assert hints["prefer"] == ["#registry-body"] + onecms["prefer"]
    assert hints["tags"] == [".keywords a"] + onecms["tags"]
    assert hints["title"] == onecms["title"]


def test_site_without_platform_or_hints_has_empty_hint_lists():
    no_platform = GOOD.replace('platform = "onecms"\n', "").replace('hints = {drop = [".js-source-copy"]}\n', "")
    assert parse_registry(no_platform)["baonghean"].hints == {key: [] for key in HINT_KEYS}
    unknown = parse_registry(GOOD.replace('platform = "onecms"', 'platform = "vietnamvn"'))["baonghean"]
    assert unknown.hints["drop"] == [".js-source-copy"] and unknown.hints["prefer"] == []
    assert adhoc_site("https://www.example.vn/").hints == {key: [] for key in HINT_KEYS}


def test_every_hint_key_is_allowed_in_site_and_platform_tables():
    tables = "\n".join(f'{key} = [".x-{key}"]' for key in HINT_KEYS)
    text = GOOD.replace('drop = [".c-box"]', tables).replace("platforms.onecms", "platforms.custom").replace(
        'platform = "onecms"', 'platform = "custom"').replace(
        'hints = {drop = [".js-source-copy"]}', "hints = {" + ", ".join(f'{key} = [".y"]' for key in HINT_KEYS) + "}")
    hints = parse_registry(text)["baonghean"].hints
    assert hints == {key: [f".x-{key}", ".y"] for key in HINT_KEYS}


@pytest.mark.parametrize("selector", ["div..c-box", "p:nth-child(", "article >", "a::before"])
def test_invalid_selector_in_site_hints_names_site_and_field(selector):
    with pytest.raises(RegistryError) as error:
        parse_registry(GOOD.replace('hints = {drop = [".js-source-copy"]}', f"hints = {{prefer = ['{selector}']}}"))
    assert "site 'baonghean', field 'hints.prefer'" in str(error.value) and selector in str(error.value)


def test_invalid_selector_in_a_platform_table_names_the_platform_and_field():
    with pytest.raises(RegistryError) as error:
        parse_registry(GOOD.replace('drop = [".c-box"]', 'lead = ["div..sapo"]'))
    assert "platform 'onecms', field 'hints.lead'" in str(error.value) and "div..sapo" in str(error.value)


def test_invalid_toml_and_empty_registry_are_clear_errors(tmp_path):
    with pytest.raises(RegistryError, match="not valid TOML"):
        parse_registry("[sites.x\nname=1")
    with pytest.raises(RegistryError, match="no \\[sites"):
        parse_registry("[platforms.onecms]\ndrop = []")
    with pytest.raises(RegistryError, match="cannot read"):
        load_registry(tmp_path / "missing.toml")


def test_bundled_registries_are_valid():
    assert len(load_registry(ROOT / "crawler" / "sites.toml")) >= 3
    assert len(load_registry(SAMPLES / "sites.toml")) >= 3


def test_adhoc_site_uses_the_generic_article_pattern():
    site = adhoc_site("https://www.example.vn/sitemap.xml")
    assert site.key == "example.vn" and not site.declares_pattern
    assert site.article_re.pattern == DEFAULT_ARTICLE_PATTERN
    assert site.is_article_url("https://www.example.vn/tin-tuc/nghe-an-don-bang-khen-123456.html")
    assert not site.is_article_url("https://www.example.vn/tin-tuc/")
    with pytest.raises(RegistryError):
        adhoc_site("not a url")


# --- provinces, editions, the bundled registry, the CLI -------------------------------------------------------
import json  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402

from crawler.registry import PROVINCES  # noqa: E402


def test_province_must_be_a_current_unit_and_former_names_are_kept():
    merged = GOOD.replace('province = "Nghệ An"', 'province = "Phú Thọ"\nformer_provinces = ["Vĩnh Phúc", "Hòa Bình"]')
    site = parse_registry(merged)["baonghean"]
    assert site.province == "Phú Thọ" and site.former_provinces == ("Vĩnh Phúc", "Hòa Bình")
    with pytest.raises(RegistryError, match="'province'.*34 provincial-level units"):
        parse_registry(GOOD.replace('province = "Nghệ An"', 'province = "Hà Giang"'))  # merged into Tuyên Quang
    with pytest.raises(RegistryError, match="'former_provinces'"):
        parse_registry(GOOD.replace('province = "Nghệ An"', 'former_provinces = ["Hà Giang"]'))


def test_edition_of_must_name_a_registered_site_and_domains_are_not_shared():
    english = GOOD + '\n[sites.baonghean-en]\nname = "Nghe An (English)"\nedition_of = "baonghean"\n' \
                     'domains = ["en.baonghean.vn"]\nstart_urls = ["https://en.baonghean.vn/"]\n'
    assert parse_registry(english)["baonghean-en"].edition_of == "baonghean"
    with pytest.raises(RegistryError, match="'baonghean-en', field 'edition_of'"):
        parse_registry(english.replace('edition_of = "baonghean"', 'edition_of = "nghean"'))
    shared = english.replace('"en.baonghean.vn"]', '"baonghean.vn"]').replace("en.baonghean.vn/", "baonghean.vn/en/")
    with pytest.raises(RegistryError, match="'baonghean.vn' is already a domain of site 'baonghean'"):
        parse_registry(shared)


def test_bundled_registry_covers_every_province_honestly():
    sites = load_registry(ROOT / "crawler" / "sites.toml")
    assert len(PROVINCES) == 34 and len(set(PROVINCES)) == 34
    assert {site.province for site in sites.values() if site.province} == set(PROVINCES)
    assert len(sites) >= 30 and "vietnamvn" in sites
    assert any("en" in site.languages and site.province for site in sites.values())  # provincial English editions
    for site in sites.values():
        assert site.start_urls or site.sitemaps, site.key  # section-page or sitemap discovery at least
        assert site.verified or site.notes, f"{site.key}: unverified entries say what is unknown"


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "crawler.sites", *args], cwd=ROOT, capture_output=True, text=True)


def test_cli_lists_the_registry_as_table_and_json():
    table = run_cli()
    assert table.returncode == 0 and "baonghean" in table.stdout and "Nghệ An" in table.stdout
    assert "34 provinces" in table.stdout
    rows = json.loads(run_cli("--json").stdout)
    assert {row["key"] for row in rows} == set(load_registry(ROOT / "crawler" / "sites.toml"))
    assert all({"province", "former_provinces", "verified", "notes"} <= set(row) for row in rows)


def test_cli_check_reports_a_broken_file_and_exits_non_zero(tmp_path):
    good, bad = tmp_path / "good.toml", tmp_path / "bad.toml"
    good.write_text(GOOD, encoding="utf-8")
    bad.write_text(GOOD.replace('domains = ["baonghean.vn"]', "domains = []"), encoding="utf-8")
    ok = run_cli("--check", str(good))
    assert ok.returncode == 0 and "OK, 1 sites" in ok.stdout
    broken = run_cli("--check", str(bad))
    assert broken.returncode == 1
    assert "site 'baonghean', field 'domains'" in broken.stderr and str(bad) in broken.stderr
