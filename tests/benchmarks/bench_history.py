"""Customer value (RFM and lifetime value) and the bulk import of visits, against Odoo.

    ./smartcrm bench history                      # the issue's sizes
    SMARTCRM_BENCH_PURCHASES=100000 SMARTCRM_BENCH_CUSTOMERS=10000 SMARTCRM_BENCH_ROWS=20000 ./smartcrm bench history

* RFM scores, segments and lifetime values of C customers (default 100,000)
  from P purchases (default 1,000,000): Smart CRM's SQL computation, which
  also writes every customer and the month's snapshot, against the same
  figures computed with the ORM: ``_read_group`` per customer, then the
  quintiles, segments and lifetime values in Python (not written);
* the import of N visits (default 100,000): ``smart.visit.import_visits``
  against Odoo's own import (``base_import``) of the same rows as a CSV file
  (Smart CRM best of two runs, Odoo one run).
"""
import csv
import datetime
import io
import os
import sys

from harness import Timer, ensure_db, odoo_env, report

DB = "smartcrm_bench_history"
PURCHASES = int(os.environ.get("SMARTCRM_BENCH_PURCHASES", 1_000_000))
CUSTOMERS = int(os.environ.get("SMARTCRM_BENCH_CUSTOMERS", 100_000))
ROWS = int(os.environ.get("SMARTCRM_BENCH_ROWS", 100_000))
PREFIX = "ベンチ顧客 "


def fill(env):
    """CUSTOMERS customers and PURCHASES purchases over two years, written with SQL (once)."""
    from odoo.tools import SQL  # noqa: PLC0415
    env.cr.execute(SQL("SELECT count(*) FROM res_partner WHERE name LIKE %s", PREFIX + "%"))
    if env.cr.fetchone()[0] < CUSTOMERS:
        env.cr.execute(SQL(
            """INSERT INTO res_partner (name, complete_name, active, is_company, create_uid, write_uid,
                                        create_date, write_date)
               SELECT %s || g, %s || g, TRUE, FALSE, 1, 1, now(), now() FROM generate_series(1, %s) AS g""",
            PREFIX, PREFIX, CUSTOMERS))
    env.cr.execute(SQL("SELECT count(*) FROM smart_visit WHERE external_ref LIKE 'BENCH2-%%'"))
    if env.cr.fetchone()[0] < PURCHASES:
        env.cr.execute(SQL("DELETE FROM smart_visit WHERE external_ref LIKE 'BENCH%%'"))
        # a seeded random draw: some customers buy often, most now and then, amounts and dates spread
        env.cr.execute(SQL("SELECT setseed(0.42)"))
        env.cr.execute(SQL(
            """WITH customers AS (
                   SELECT array_agg(id ORDER BY id) AS ids FROM res_partner WHERE name LIKE %s)
               INSERT INTO smart_visit (partner_id, company_id, date, store, amount, channel, source, state,
                                        external_ref, user_id, create_uid, write_uid, create_date, write_date)
               SELECT ids[1 + floor(%s * power(random(), 2))::int], 1,
                      now() - make_interval(days => floor(random() * 730)::int, hours => g %% 12),
                      's' || (g %% 5), 500 + floor(random() * 20000), 'store', 'upload', 'done',
                      'BENCH2-' || g, 1, 1, 1, now(), now()
                 FROM customers, generate_series(1, %s) AS g""",
            PREFIX + "%", CUSTOMERS, PURCHASES))
    env.cr.execute(SQL("ANALYZE smart_visit"))
    env.cr.execute(SQL("ANALYZE res_partner"))


def orm_customer_value(env):
    """The same figures with the ORM: _read_group, then quintiles, segments and LTV in Python."""
    from odoo.addons.crm_smart_history.tools import ltv_factor  # noqa: PLC0415
    now = datetime.datetime.now()
    groups = env["smart.visit"]._read_group(
        [("state", "=", "done"), ("amount", ">", 0)], ["partner_id"],
        ["date:max", "date:min", "__count", "amount:sum"])
    count = len(groups)

    def quintiles(values):
        # CEIL(5 × share of customers at or below), equal values equal scores
        ordered = sorted(values)
        position, scores = {}, {}
        for index, value in enumerate(ordered, start=1):
            position[value] = index
        for value, index in position.items():
            scores[value] = -(-5 * index // count)
        return scores

    recency = quintiles([last for _p, last, _f, _n, _m in groups])
    frequency = quintiles([number for _p, _l, _f, number, _m in groups])
    monetary = quintiles([total for _p, _l, _f, _n, total in groups])
    factor = ltv_factor(3, 0)
    values = {}
    for partner, last, first, number, total in groups:
        r, f, m = recency[last], frequency[number], monetary[total]
        if r >= 4 and f >= 4 and m >= 4:
            label = "champion"
        elif r >= 4 and f <= 2:
            label = "new"
        elif r >= 3 and f >= 3:
            label = "loyal"
        elif r <= 2 and f >= 3:
            label = "at_risk"
        elif r <= 2:
            label = "dormant"
        else:
            label = "promising"
        years = max((now - first).total_seconds() / (365.25 * 86400), 1)
        values[partner.id] = (r, f, m, label, round(total / years * factor))
    return values


def bench_customer_value(env):
    fill(env)
    env.cr.commit()
    # a first pass over fresh rows sets their hint bits: neither side pays for it in the figures
    env.cr.execute("SELECT count(*) FROM smart_visit")
    # best of two each, taken in turn
    ours_runs, base_runs = [], []
    for _round in range(2):
        with Timer() as ours:
            counts = env["smart.customer.value"]._recompute()
        env.cr.commit()
        ours_runs.append(ours.seconds)
        with Timer() as base:
            values = orm_customer_value(env)
        env.invalidate_all()
        base_runs.append(base.seconds)
    assert counts["scored"] == len(values), (counts, len(values))
    env.cr.execute("SELECT smart_rfm_label, count(*) FROM res_partner WHERE smart_rfm_label IS NOT NULL GROUP BY 1")
    ours_labels = dict(env.cr.fetchall())
    base_labels = {}
    for _r, _f, _m, label, _ltv in values.values():
        base_labels[label] = base_labels.get(label, 0) + 1
    print(f"segments, SQL: {sorted(ours_labels.items())}\nsegments, ORM: {sorted(base_labels.items())}")
    report(f"RFM and lifetime value: {counts['scored']:,} customers, {PURCHASES:,} purchases", [
        ("SQL: figures, scores, segments, LTV, written", min(ours_runs), None, "s"),
        ("ORM _read_group + Python (computed, not written)", None, min(base_runs), "s"),
    ])


def visit_rows(env, count, tag):
    env.cr.execute("SELECT id FROM res_partner WHERE name LIKE %s ORDER BY id LIMIT 1000", [PREFIX + "%"])
    partners = [row[0] for row in env.cr.fetchall()]
    start = datetime.datetime(2026, 1, 1, 9, 0)
    return [{"partner_id": partners[i % len(partners)], "date": str(start + datetime.timedelta(minutes=i)),
             "amount": 300 + i % 5000, "store": "本店", "description": "煎茶 100g", "channel": "store",
             "external_ref": f"IMPORT-{tag}-{i}"} for i in range(count)]


def smart_import(env, rows):
    return env["smart.visit"].import_visits(rows)["created"]


def odoo_import(env, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    names = ["partner_id/.id", "date", "amount", "store", "description", "channel", "external_ref"]
    writer.writerow(names)
    for row in rows:
        writer.writerow([row["partner_id"], row["date"], row["amount"], row["store"], row["description"],
                         row["channel"], row["external_ref"]])
    wizard = env["base_import.import"].create({
        "res_model": "smart.visit", "file": buffer.getvalue().encode(), "file_name": "visits.csv",
        "file_type": "text/csv"})
    options = {"has_headers": True, "quoting": '"', "separator": ",", "date_format": "%Y-%m-%d",
               "datetime_format": "%Y-%m-%d %H:%M:%S", "float_thousand_separator": ",",
               "float_decimal_separator": "."}
    result = wizard.execute_import(names, names, options)
    assert result.get("ids"), result.get("messages", [])[:5]
    return len(result["ids"])


def measure(env, func, rows):
    env.cr.execute("SAVEPOINT bench")
    with Timer() as timer:
        count = func(env, rows)
    env.cr.execute("ROLLBACK TO SAVEPOINT bench")
    env.invalidate_all()
    return count, timer.seconds


def bench_import(env):
    rows = visit_rows(env, ROWS, "A")
    # Smart CRM best of two; Odoo's import once (it takes minutes)
    ours_n, ours_s = min((measure(env, smart_import, rows) for _round in range(2)), key=lambda run: run[1])
    base_n, base_s = measure(env, odoo_import, rows)
    assert ours_n == base_n == ROWS, (ours_n, base_n)
    # the same rows again: all replayed
    env.cr.execute("SAVEPOINT replay")
    smart_import(env, rows)
    with Timer() as replay:
        result = env["smart.visit"].import_visits(rows)
    env.cr.execute("ROLLBACK TO SAVEPOINT replay")
    assert result == {"created": 0, "replayed": ROWS}, result
    report(f"Import of {ROWS:,} visits", [
        ("time", ours_s, base_s, "s"),
        ("rows per second", ROWS / ours_s, ROWS / base_s, "rows/s"),
        ("the same rows again (all replayed)", replay.seconds, None, "s"),
    ])


def main():
    ensure_db(DB, ["crm_smart_history", "base_import"])
    with odoo_env(DB) as env:
        bench_customer_value(env)
    with odoo_env(DB, commit=False) as env:
        bench_import(env)
    return 0


if __name__ == "__main__":
    sys.exit(main())
