"""Customer value (RFM and lifetime value) and the bulk import of visits, against Odoo.

    ./smartcrm bench history                      # the issue's sizes
    SMARTCRM_BENCH_ROWS=0 ./smartcrm bench history  # customer values only
    SMARTCRM_BENCH_PURCHASES=0 ./smartcrm bench history  # imports only (once the data is there)
    SMARTCRM_BENCH_PURCHASES=100000 SMARTCRM_BENCH_CUSTOMERS=10000 SMARTCRM_BENCH_ROWS=20000 ./smartcrm bench history

* RFM scores, segments and lifetime values of C customers (default 100,000)
  from P purchases (default 1,000,000): Smart CRM's SQL computation, which
  writes the customers whose figures changed and the month's snapshot — once
  from none (every customer written), once again on the same data (nothing
  written) and once after 1% of the customers bought — against the same
  figures computed with the ORM: ``_read_group`` per customer, then the
  quintiles, segments and lifetime values in Python (not written); both
  sides' figures are then compared customer by customer;
* the import of N visits (default 100,000): ``smart.visit.import_visits``
  and the upload of the same rows as a CSV file (Japanese headers, customers
  by code) through the data tools (``smart.data.io.import_file``), against
  Odoo's own import (``base_import``) of the same rows as a CSV file (Smart
  CRM best of two runs each, Odoo one run).
"""
import base64
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
    from odoo.addons.crm_smart_history.tools import ltv_factor, rfm_label  # noqa: PLC0415
    now = env.cr.now()
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
        label = rfm_label(r, f, m)
        years = max((now - first).days / 365.25, 1)
        values[partner.id] = (r, f, m, label, round(total / years * factor))
    return values


def clear_values(env):
    """No customer value and no snapshot yet: the next computation writes every customer."""
    from odoo.tools import SQL  # noqa: PLC0415

    from odoo.addons.crm_smart_history.models.smart_customer_value import VALUE_COLUMNS  # noqa: PLC0415
    env.cr.execute(SQL("UPDATE res_partner SET %s WHERE smart_value_date IS NOT NULL",
                       SQL(", ").join(SQL("%s = NULL", SQL.identifier(name)) for name in VALUE_COLUMNS)))
    env.cr.execute(SQL("DELETE FROM smart_customer_value_snapshot"))
    env.cr.commit()
    env.cr.execute(SQL("ANALYZE res_partner"))
    env.invalidate_all()


def new_purchases(env, share):
    """One more purchase today for ``share`` of the customers (a day at the counters)."""
    from odoo.tools import SQL  # noqa: PLC0415
    env.cr.execute(SQL(
        """INSERT INTO smart_visit (partner_id, company_id, date, store, amount, channel, source, state,
                                    external_ref, user_id, create_uid, write_uid, create_date, write_date)
           SELECT id, 1, now(), 's1', 2500, 'store', 'upload', 'done', 'BENCH-DAY-' || id, 1, 1, 1, now(), now()
             FROM res_partner WHERE name LIKE %s AND random() < %s""", PREFIX + "%", share))
    count = env.cr.rowcount
    env.cr.commit()
    return count


def bench_customer_value(env):
    fill(env)
    env.cr.execute("DELETE FROM smart_visit WHERE external_ref LIKE 'BENCH-DAY-%%'")
    env.cr.commit()
    # a first pass over fresh rows sets their hint bits: neither side pays for it in the figures
    env.cr.execute("SELECT count(*) FROM smart_visit")
    # every customer written (first computation), then the same data again (nothing changed), then after
    # 1% of the customers bought something; the ORM computation twice, best taken, in between
    clear_values(env)
    runs = {}
    with Timer() as timer:
        counts = env["smart.customer.value"]._recompute()
    env.cr.commit()
    runs["first"] = (timer.seconds, counts)
    base_runs = []
    with Timer() as base:
        values = orm_customer_value(env)
    env.invalidate_all()
    base_runs.append(base.seconds)
    with Timer() as timer:
        again = env["smart.customer.value"]._recompute()
    env.cr.commit()
    runs["again"] = (timer.seconds, again)
    with Timer() as base:
        orm_customer_value(env)
    env.invalidate_all()
    base_runs.append(base.seconds)
    bought = new_purchases(env, 0.01)
    with Timer() as timer:
        daily = env["smart.customer.value"]._recompute()
    env.cr.commit()
    runs["daily"] = (timer.seconds, daily)
    env.cr.execute("DELETE FROM smart_visit WHERE external_ref LIKE 'BENCH-DAY-%%'")
    env.cr.commit()
    assert counts["scored"] == len(values) == counts["written"], (counts, len(values))
    print(f"runs: {runs}")
    report(f"RFM and lifetime value: {counts['scored']:,} customers, {PURCHASES:,} purchases", [
        ("SQL, first computation: every customer written", runs["first"][0], min(base_runs), "s"),
        ("SQL, the same again (nothing changed, nothing written)", runs["again"][0], None, "s"),
        (f"SQL, after {bought:,} new purchases ({daily['written']:,} customers written)", runs["daily"][0],
         None, "s"),
    ])
    print("Odoo baseline: the same figures with _read_group + Python, computed, not written")
    verify(env, values)


def verify(env, values):
    """The same scores, segments and lifetime values on both sides (the first computation's data)."""
    env["smart.customer.value"]._recompute()
    env.cr.execute("SELECT id, smart_r_score, smart_f_score, smart_m_score, smart_rfm_label, smart_ltv "
                   "FROM res_partner WHERE smart_rfm_label IS NOT NULL")
    ours = {row[0]: (row[1], row[2], row[3], row[4], round(float(row[5]))) for row in env.cr.fetchall()}
    differ = [pid for pid, value in values.items() if ours.get(pid) != value]
    for pid in differ[:5]:
        print(f"customer {pid}: SQL {ours.get(pid)}, ORM {values[pid]}")
    # lifetime values may differ by a yen where the two clocks round differently
    close = [pid for pid in differ if ours.get(pid) and ours[pid][:4] == values[pid][:4]
             and abs(ours[pid][4] - values[pid][4]) <= 1]
    print(f"customers compared: {len(values):,}; different: {len(differ) - len(close)} "
          f"(lifetime value within a yen: {len(close)})")
    env.cr.commit()


def visit_rows(env, count, tag):
    env.cr.execute("SELECT id FROM res_partner WHERE name LIKE %s ORDER BY id LIMIT 1000", [PREFIX + "%"])
    partners = [row[0] for row in env.cr.fetchall()]
    start = datetime.datetime(2026, 1, 1, 9, 0)
    return [{"partner_id": partners[i % len(partners)], "date": str(start + datetime.timedelta(minutes=i)),
             "amount": 300 + i % 5000, "store": "本店", "description": "煎茶 100g", "channel": "store",
             "external_ref": f"IMPORT-{tag}-{i}"} for i in range(count)]


def smart_upload(env, rows):
    """The same rows as a CSV file (customer codes, Japanese headers) through the data tools' upload."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["顧客コード", "来店日時", "金額", "店舗", "商品", "チャネル", "伝票番号"])
    for row in rows:
        writer.writerow([f"B{row['partner_id']}", row["date"], row["amount"], row["store"], row["description"],
                         "店舗", row["external_ref"]])
    content = base64.b64encode(buffer.getvalue().encode()).decode()
    result = env["smart.data.io"].import_file("smart.visit", content, "visits.csv")
    assert not result["errors"], result["errors"][:5]
    return result["created"]


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
    # the customer codes the uploaded file names its customers by (rolled back with the rest)
    env.cr.execute("UPDATE res_partner SET ref = 'B' || id WHERE id = ANY(%s)",
                   [list({row["partner_id"] for row in rows})])
    env.invalidate_all()
    # Smart CRM best of two; Odoo's import once (it takes minutes)
    ours_n, ours_s = min((measure(env, smart_import, rows) for _round in range(2)), key=lambda run: run[1])
    file_n, file_s = min((measure(env, smart_upload, rows) for _round in range(2)), key=lambda run: run[1])
    base_n, base_s = measure(env, odoo_import, rows)
    assert ours_n == file_n == base_n == ROWS, (ours_n, file_n, base_n)
    # the same rows again: all replayed
    env.cr.execute("SAVEPOINT replay")
    smart_import(env, rows)
    with Timer() as replay:
        result = env["smart.visit"].import_visits(rows)
    env.cr.execute("ROLLBACK TO SAVEPOINT replay")
    assert result == {"created": 0, "replayed": ROWS}, result
    report(f"Import of {ROWS:,} visits", [
        ("time, import_visits over JSON-2", ours_s, base_s, "s"),
        ("time, CSV file through the data tools' upload", file_s, base_s, "s"),
        ("rows per second", ROWS / ours_s, ROWS / base_s, "rows/s"),
        ("the same rows again (all replayed)", replay.seconds, None, "s"),
    ])


def main():
    ensure_db(DB, ["crm_smart_history", "base_import"])
    if PURCHASES:
        with odoo_env(DB) as env:
            bench_customer_value(env)
    if ROWS:
        with odoo_env(DB, commit=False) as env:
            bench_import(env)
    return 0


if __name__ == "__main__":
    sys.exit(main())
