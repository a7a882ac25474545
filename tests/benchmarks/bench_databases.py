"""Registry load time against the number of Smart CRM databases.

    ./smartcrm bench databases                      # 0, 25, 50 and 100 databases
    SMARTCRM_BENCH_DATABASES=40 ./smartcrm bench databases

Each database gets five custom fields (text, number, date, choice, yes/no).
The baseline is the same Odoo database with no Smart CRM database: the
registry Odoo loads at every worker start and after every model change. Each
size is timed as wall-clock time and as CPU time of the loading process, which
other processes of a shared machine disturb less.
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


def load_time(runs=5):
    """Best wall-clock and best CPU time of this process (which other processes
    of a shared machine disturb less) of loading the registry."""
    from odoo.modules.registry import Registry  # noqa: PLC0415
    Registry.delete(DB)
    Registry.new(DB)  # warm up: imports, file system caches
    walls, cpus = [], []
    for _ in range(runs):
        Registry.delete(DB)
        start, start_cpu = time.perf_counter(), time.process_time()
        Registry.new(DB)
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - start_cpu)
    return min(walls), min(cpus)


def main():
    ensure_db(DB, ["crm_smart_data"], fresh=True)
    with odoo_env(DB):
        pass  # configures Odoo
    rows = []
    baseline = None
    for count in STEPS:
        grow_to(count)
        seconds, cpu = load_time()
        if count == 0:
            baseline = seconds, cpu
        rows.append((f"{count} databases, 5 custom fields each: wall", seconds, baseline[0], "s"))
        rows.append((f"{count} databases, 5 custom fields each: CPU", cpu, baseline[1], "s"))
        print(f"{count:>4} databases: {seconds:.3f} s, CPU {cpu:.3f} s", flush=True)
    report("Registry load against the number of databases (best of 5), baseline 0 databases", rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
