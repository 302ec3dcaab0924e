"""The workflows are the part of policypress with write access to the public site: their trust, checked statically.

zizmor (pinned in requirements/test.txt) audits them as the field audits
GitHub Actions; the tests below hold what the design needs that no general
auditor knows: which checkout each step reads, which virtualenv runs
policypress, which job may write, and that the verdict on a pull request is
the base branch's code reading the pull request as data (issues 24 and 30).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT, cli_env, run_cli

GITHUB = ROOT / ".github"
WORKFLOWS = GITHUB / "workflows"
PINNED = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+(\.\d+)*$")


def zizmor_command() -> list[str]:
    found = shutil.which("zizmor", path=str(Path(sys.executable).parent)) or shutil.which("zizmor")
    if found is None:
        pytest.fail("zizmor is not installed: requirements/test.txt pins it (scripts/test installs it)")
    return [found, "--offline", "--no-progress", "--format=json"]


def zizmor(folder: Path) -> list[dict[str, Any]]:
    """zizmor's findings (not those ignored with a reason) for the workflows under ``folder``."""
    result = subprocess.run([*zizmor_command(), str(folder)], capture_output=True, text=True, timeout=300)
    assert result.returncode in (0, 10, 11, 12, 13, 14), result.stderr  # 10–14: findings of each severity
    return json.loads(result.stdout or "[]")


def load(name: str) -> dict[str, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(workflow: str, job: str) -> list[dict[str, Any]]:
    return load(workflow)["jobs"][job]["steps"]


def test_zizmor_finds_nothing_in_the_workflows() -> None:
    findings = zizmor(WORKFLOWS)
    assert [(f["ident"], f["locations"][0]["symbolic"]["key"]["Local"]["given_path"]) for f in findings] == []


def test_every_ignored_finding_says_why_where_it_stands() -> None:
    for path in WORKFLOWS.glob("*.yml"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if "zizmor: ignore[" in line:
                reason = line.split("]", 1)[1].strip()
                assert len(reason) >= 40, f"{path.name}: an ignored finding without its reason: {line.strip()}"


def own_rules(folder: Path) -> set[str]:
    """What this project's own rules find in the workflows under ``folder`` (beside zizmor's findings)."""
    found = set()
    for path in folder.glob("*.yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data.get("permissions") != {}:
            found.add("workflow-level-permissions")
        for job in data["jobs"].values():
            if "permissions" not in job:
                found.add("job-without-permissions")
            for step in job["steps"]:
                uses = step.get("uses", "")
                if uses and not re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", uses):
                    found.add("unpinned-uses")
                if uses.startswith("actions/checkout@") and step.get("with", {}).get("persist-credentials") is not False:
                    found.add("persisted-credential")
        for line in path.read_text(encoding="utf-8").splitlines():
            if "uses:" in line and "@" in line and not PINNED.match(line.split("uses:", 1)[1].strip()):
                found.add("unpinned-uses")
    return found


def test_the_projects_own_rules_hold() -> None:
    assert own_rules(WORKFLOWS) == set()


@pytest.mark.parametrize(
    ("workflow", "change", "caught"),
    [
        # An action pinned by tag: the tag can be moved to other code.
        ("publish.yml", ("actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1", "actions/checkout@v7"), {"unpinned-uses"}),
        # A checkout that leaves the token in the working copy, for every later step (and upload) to read.
        ("preview.yml", ("          persist-credentials: false\n", ""), {"artipacked", "persisted-credential"}),
        # Write access for every job of the workflow instead of the one that pushes.
        ("publish.yml", ("permissions: {}\n", "permissions:\n  contents: write\n"), {"workflow-level-permissions"}),
        ("preview.yml", ("permissions: {}\n", "permissions:\n  contents: write\n"), {"workflow-level-permissions"}),
    ],
    ids=["unpinned-action", "persisted-credential", "workflow-level-write", "workflow-level-write-on-pull-request"],
)
def test_what_the_workflows_must_never_gain_is_caught(tmp_path: Path, workflow: str, change: tuple[str, str], caught: set[str]) -> None:
    shutil.copytree(GITHUB, tmp_path / ".github")
    target = tmp_path / ".github/workflows" / workflow
    text = target.read_text(encoding="utf-8")
    assert change[0] in text
    target.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    folder = tmp_path / ".github/workflows"
    found = {finding["ident"] for finding in zizmor(folder)} | own_rules(folder)
    assert caught <= found, found


def test_the_workflows_init_writes_are_this_repositorys_own() -> None:
    """One set of workflows: every trust test of this file holds for a site made by init too."""
    from policypress.package_data import TEMPLATES

    shipped = TEMPLATES / "scaffold/common/github"
    for path in [*WORKFLOWS.glob("*.yml"), WORKFLOWS.parent / "dependabot.yml"]:
        copy = shipped / path.relative_to(WORKFLOWS.parent)
        assert copy.read_bytes() == path.read_bytes(), f"{copy} differs from {path}: change both, or copy one"
    assert sorted(p.name for p in (shipped / "workflows").iterdir()) == sorted(p.name for p in WORKFLOWS.glob("*.yml"))


def test_a_new_site_made_by_init_passes_zizmor(tmp_path: Path) -> None:
    run_cli("init", str(tmp_path / "site"), cwd=tmp_path, env=cli_env(), check=True)
    workflows = tmp_path / "site/.github/workflows"
    assert sorted(path.name for path in workflows.glob("*.yml")) == ["preview-deploy.yml", "preview.yml", "publish.yml"]
    assert zizmor(workflows) == []


def test_every_action_is_pinned_by_commit_with_its_tag_and_every_checkout_keeps_no_token() -> None:
    for path in WORKFLOWS.glob("*.yml"):
        data = load(path.name)
        assert data["permissions"] == {}, f"{path.name}: permissions are given per job"
        for name, job in data["jobs"].items():
            assert "permissions" in job, f"{path.name}: job {name} says what it may do"
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip().startswith(("uses:", "- uses:")):
                assert PINNED.match(line.split("uses:", 1)[1].strip()), f"{path.name}: {line.strip()}"
        for job in data["jobs"].values():
            for step in job["steps"]:
                if step.get("uses", "").startswith("actions/checkout@"):
                    assert step["with"]["persist-credentials"] is False, (path.name, step)


def test_only_the_jobs_that_push_or_comment_may_write() -> None:
    writes = {
        (path.name, name): sorted(scope for scope, level in job["permissions"].items() if level == "write")
        for path in WORKFLOWS.glob("*.yml")
        for name, job in load(path.name)["jobs"].items()
    }
    assert {key: value for key, value in writes.items() if value} == {
        ("preview-deploy.yml", "deploy"): ["contents", "pull-requests", "statuses"],
        ("preview-deploy.yml", "remove"): ["contents"],
        ("publish.yml", "publish"): ["contents"],
    }
    # The token reaches git only in the step that pushes, as a header of that one command.
    for path in WORKFLOWS.glob("*.yml"):
        for job in load(path.name)["jobs"].values():
            for step in job["steps"]:
                run = step.get("run", "")
                if "git" in run and "push" in run:
                    assert step["env"]["TOKEN"] == "${{ github.token }}" and "http.extraheader=AUTHORIZATION" in run
                elif "TOKEN" in step.get("env", {}):
                    pytest.fail(f"{path.name}: a step that does not push is given the token: {step.get('name')}")


def test_the_pull_requests_own_code_builds_its_preview_and_never_its_verdict() -> None:
    data = load("preview.yml")
    assert set(data["on"]) == {"pull_request"}
    [job] = data["jobs"].values()
    assert job["permissions"] == {"contents": "read"}
    text = (WORKFLOWS / "preview.yml").read_text(encoding="utf-8")
    assert "policypress report" not in text and "secrets." not in text


def test_the_verdict_is_the_base_branchs_code_reading_the_pull_request_as_data() -> None:
    job = load("preview-deploy.yml")["jobs"]["verdict"]
    assert job["permissions"] == {"contents": "read"}
    assert job["needs"] == "identify"
    names = [step.get("name", step.get("uses", "")) for step in job["steps"]]
    order = {step.get("with", {}).get("path"): index for index, step in enumerate(job["steps"]) if step.get("uses", "").startswith("actions/checkout@")}
    install = next(i for i, step in enumerate(job["steps"]) if "setup_venv" in step.get("run", ""))
    judge = next(i for i, step in enumerate(job["steps"]) if "policypress report" in step.get("run", ""))
    # The judge's code is the base commit GitHub names for the PR, installed before the PR's files are even there.
    assert job["steps"][order["base"]]["with"]["ref"] == "${{ needs.identify.outputs.base_sha }}"
    assert job["steps"][install]["working-directory"] == "base"
    assert order["base"] < install < order["head"] < judge, names
    head = job["steps"][order["head"]]["with"]
    assert (head["repository"], head["ref"]) == ("${{ needs.identify.outputs.head_repo }}", "${{ needs.identify.outputs.head_sha }}")
    # It runs the base's virtualenv on the head's files; nothing under head/ is ever run.
    run = job["steps"][judge]["run"]
    assert "base/.venv/bin/policypress report -f head/mkdocs.yml --base base" in " ".join(run.split())
    for step in job["steps"]:
        assert step.get("working-directory") != "head"
        assert not re.search(r"(^|[\s;&|(])(\./)?head/(?!mkdocs\.yml)", step.get("run", "")), step


def test_the_write_jobs_check_the_pull_request_number_against_the_event() -> None:
    workflow = load("preview-deploy.yml")
    assert set(workflow["on"]) == {"workflow_run", "pull_request_target"}
    identify = workflow["jobs"]["identify"]
    assert identify["permissions"] == {"actions": "read", "pull-requests": "read"}
    script = next(step["with"]["script"] for step in identify["steps"] if "github-script" in step.get("uses", ""))
    assert "pr.head.sha !== run.head_sha" in script and "pr.head.repo.full_name !== run.head_repository.full_name" in script
    assert 'replace(/[^0-9]/g, "")' in script
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == ["identify", "verdict"]
    text = json.dumps(deploy)
    # The number and commit come from `identify`, never from the artifact the PR's run wrote.
    assert "needs.identify.outputs.number" in text and "needs.identify.outputs.head_sha" in text
    assert "pr-number" not in text
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            if step.get("uses", "").startswith("actions/checkout@") and job is not workflow["jobs"]["verdict"]:
                assert step["with"]["ref"] == "gh-pages", step  # write jobs never check out the PR


def test_publish_counts_notice_from_the_deployed_site_and_deploys_around_a_withheld_version() -> None:
    data = load("publish.yml")
    assert data["on"]["schedule"] == [{"cron": "5 15 * * *"}]
    job = data["jobs"]["publish"]
    runs = [step.get("run", "") for step in job["steps"]]
    deployed = next(i for i, step in enumerate(job["steps"]) if step.get("with", {}).get("ref") == "gh-pages")
    build = next(i for i, run in enumerate(runs) if "scripts/build" in run)
    deploy = next(i for i, run in enumerate(runs) if "git" in run and "push" in run)
    assert deployed < build < deploy
    assert "--deployed .deployed/policies.json" in runs[build]
    assert '-ne 3' in runs[build]  # a build that withheld versions is deployed…
    fail = job["steps"][-1]
    assert fail["if"] == "steps.build.outputs.status == '3'" and "exit 1" in fail["run"]  # …then fails visibly
    assert "! -name 'pr-*'" in runs[deploy]
    cache = next(i for i, step in enumerate(job["steps"]) if step.get("uses", "").startswith("actions/cache@"))
    assert cache < build and job["steps"][cache]["with"]["path"] == ".cache/policypress/*.json"


def test_dependabot_keeps_the_pinned_actions_current() -> None:
    data = yaml.safe_load((GITHUB / "dependabot.yml").read_text(encoding="utf-8"))
    assert [update["package-ecosystem"] for update in data["updates"]] == ["github-actions"]
