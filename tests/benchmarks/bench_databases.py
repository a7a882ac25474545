"""Registry load time against the number of Smart CRM databases.

    ./smartcrm bench databases                      # 0, 25, 50 and 100 databases
    SMARTCRM_BENCH_DATABASES=40 ./smartcrm bench databases

Each database gets five custom fields (text, number, date, choice, yes/no).
The baseline is the same Odoo database with no Smart CRM database: the
registry Odoo loads at every worker start and after every model change.
"""
import os
import sys
import time

from harness import ensure_db, odoo_env, report

DB = "smartcrm_bench_databases"
TOP = int(os.environ.get("SMARTCRM_BENCH_DATABASES", 100))
STEPS = sorted({0, TOP // 4, TOP // 2, TOP})


def grow_to(count):
    from odoo.fields import Command  # noqa: PLC0415
    with odoo_env(DB) as env:
        have = env["smart.database"].with_context(active_test=False).search_count([])
        for index in range(have, count):
            database = env["smart.database"].create({"name": f"ベンチ用データベース {index + 1:03d}",
                                                     "partner_link": index % 2 == 0})
            env["smart.field"].create([
                {"label": "メモ", "field_type": "char", "model_id": database.model_id.id},
                {"label": "数量", "field_type": "integer", "model_id": database.model_id.id},
                {"label": "日付", "field_type": "date", "model_id": database.model_id.id},
                {"label": "区分", "field_type": "selection", "model_id": database.model_id.id,
                 "choice_ids": [Command.create({"label": "A"}), Command.create({"label": "B"})]},
                {"label": "確認済み", "field_type": "boolean", "model_id": database.model_id.id},
            ])
            env.cr.commit()


def load_time(runs=3):
    from odoo.modules.registry import Registry  # noqa: PLC0415
    best = None
    Registry.delete(DB)
    Registry.new(DB)  # warm up: imports, file system caches
    for _ in range(runs):
        Registry.delete(DB)
        start = time.perf_counter()
        Registry.new(DB)
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best


def main():
    ensure_db(DB, ["crm_smart"], fresh=True)
    with odoo_env(DB):
        pass  # configures Odoo
    rows = []
    baseline = None
    for count in STEPS:
        grow_to(count)
        seconds = load_time()
        if count == 0:
            baseline = seconds
        rows.append((f"registry load, {count} databases, 5 custom fields each", seconds, baseline, "s"))
        print(f"{count:>4} databases: {seconds:.3f} s", flush=True)
    report("Registry load against the number of databases (best of 3)", rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
