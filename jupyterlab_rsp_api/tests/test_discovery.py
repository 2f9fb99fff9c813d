from __future__ import annotations

import json
from pathlib import Path

import pytest

from jupyterlab_rsp_api.discovery import (
    discover,
    services_from_config,
    services_from_discovery,
    services_from_legacy_rule,
)

DOCUMENT = {
    "datasets": {
        "dp02": {
            "butler_config": "https://data.example.org/api/butler/repo/dp02/butler.yaml",
            "services": {
                "tap": {"url": "https://data.example.org/api/tap"},
                "sia": {"url": "https://data.example.org/api/sia/dp02"},
                "cutout": {
                    "url": "https://data.example.org/api/cutout",
                    "versions": {
                        "soda-sync-1.0": {"url": "https://data.example.org/api/cutout/dp02/sync"},
                        "soda-async-1.0": {"url": "https://data.example.org/api/cutout/dp02/jobs"},
                    },
                },
                "datalink": {"url": "https://data.example.org/api/datalink"},
                "hips": {"url": "https://data.example.org/api/hips/v2/dp02"},
                "butler": {"url": "https://data.example.org/api/butler"},
            },
        }
    }
}


def write(tmp_path: Path, content: object | str) -> Path:
    path = tmp_path / "v1.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    return path


def test_discovery_document_gives_platform_services() -> None:
    services, problems = services_from_discovery(DOCUMENT)
    assert problems == []
    by_id = {s.id: s for s in services}
    assert set(by_id) == {"tap", "sia", "cutout", "datalink", "hips"}
    assert by_id["cutout"].kind == "soda"
    assert by_id["cutout"].url == "https://data.example.org/api/cutout/dp02/sync"
    assert by_id["tap"].title == "DP0.2 catalogs (TAP)"
    assert all(s.auth == "platform-token" and s.dataset == "dp02" for s in services)


def test_services_named_in_several_datasets_get_dataset_ids() -> None:
    document = {
        "datasets": {
            "dp02": {"services": {"tap": {"url": "https://x.org/api/tap"}}},
            "dp1": {"services": {"tap": {"url": "https://x.org/api/tap"}}},
        }
    }
    services, _ = services_from_discovery(document)
    assert sorted(s.id for s in services) == ["tap-dp02", "tap-dp1"]


@pytest.mark.parametrize(
    "document",
    [[], "text", {"datasets": []}, {"datasets": {"dp1": {"services": 3}}}],
)
def test_garbled_documents_give_problems_not_crashes(document: object) -> None:
    services, problems = services_from_discovery(document)
    assert services == []
    assert problems and all(p.message for p in problems)


def test_service_without_usable_url_is_reported() -> None:
    services, problems = services_from_discovery(
        {"datasets": {"dp1": {"services": {"tap": {"url": "ftp://x"}}}}}
    )
    assert services == []
    assert "tap" in problems[0].message


def test_config_entries_are_validated() -> None:
    services, problems = services_from_config(
        [
            {"id": "ok", "kind": "tap", "url": "https://x.org/tap", "auth": "none"},
            {"id": "bad kind", "kind": "tap", "url": "https://x.org/tap"},
            {"id": "k", "kind": "ssa", "url": "https://x.org/tap"},
            {"id": "u", "kind": "tap", "url": "https://user:pw@x.org/tap"},
            {"id": "a", "kind": "tap", "url": "https://x.org/tap", "auth": "basic"},
            "not a dict",
        ]
    )
    assert [s.id for s in services] == ["ok"]
    assert services[0].title == "ok"
    assert len(problems) == 5


def test_legacy_rule_fills_in_without_a_discovery_document() -> None:
    env = {"EXTERNAL_INSTANCE_URL": "https://data.example.org", "SSOTAP_ROUTE": "/api/sso"}
    services = {s.id: s.url for s in services_from_legacy_rule(env, False)}
    assert services["tap"] == "https://data.example.org/api/tap"
    assert services["ssotap"] == "https://data.example.org/api/sso"
    assert services["hips"] == "https://data.example.org/api/hips"


def test_legacy_rule_keeps_only_explicit_settings_beside_a_discovery_document() -> None:
    env = {
        "EXTERNAL_INSTANCE_URL": "https://data.example.org",
        "EXTERNAL_LIVE_URL": "https://live.example.org/tap",
        "TAP_ROUTE": "/api/tap",
    }
    services = {s.id: s.url for s in services_from_legacy_rule(env, True)}
    assert services == {
        "tap": "https://data.example.org/api/tap",
        "live": "https://live.example.org/tap",
    }


def test_merge_order_never_overrides_an_earlier_source(tmp_path: Path) -> None:
    path = write(tmp_path, DOCUMENT)
    result = discover(
        [{"id": "tap", "title": "Mine", "kind": "tap", "url": "https://mine.org/tap"}],
        path,
        {"EXTERNAL_INSTANCE_URL": "https://data.example.org", "TAP_ROUTE": "/api/tap"},
    )
    tap = result.find("tap")
    assert tap is not None and tap.title == "Mine" and tap.source == "config"
    assert result.on_platform
    assert [s.id for s in result.services].count("tap") == 1
    assert "https://mine.org:443" in result.token_origins()


def test_missing_document_off_the_platform(tmp_path: Path) -> None:
    result = discover([], tmp_path / "absent.json", {})
    assert result.services == [] and result.problems == [] and not result.on_platform


def test_invalid_json_document_is_a_problem(tmp_path: Path) -> None:
    result = discover([], write(tmp_path, "{not json"), {})
    assert result.services == []
    assert "not valid JSON" in result.problems[0].message
    assert not result.discovery_document_found


def test_on_platform_can_be_forced(tmp_path: Path) -> None:
    result = discover([], tmp_path / "absent.json", {}, on_platform=True)
    assert result.on_platform
