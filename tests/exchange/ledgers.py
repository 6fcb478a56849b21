"""Reading and rewriting ledger files in tests: a later export of the district, made by hand."""

import json

from django.core.management import call_command


def export(tmp_path, name="wj.jsonl", code="510115", district="温江区", **options):
    out = tmp_path / name
    call_command("export_ledger", out=str(out), district_code=code, district_name=district, **options)
    return out


def lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def write(path, records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def empty_instance():
    """Another instance's database, as a city that has never heard of the district: everything wiped."""
    call_command("flush", interactive=False, inhibit_post_migrate=True)
