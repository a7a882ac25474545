"""Survey results over many responses: Smart CRM's results against Odoo's own results page.

    ./smartcrm bench survey                               # 100,000 responses
    SMARTCRM_BENCH_RESPONSES=20000 ./smartcrm bench survey

A survey with a choice question, a 0-10 scale (NPS), a 1-5 scale (CSAT) and a
number question, answered by N completed responses (default 100,000, four
answers each) of 20,000 customers spread over 26 weeks, written with SQL. Then:

* the results (NPS, CSAT, counts per question with their bands, trend by
  week), against the statistics of Odoo's results page
  (``/survey/results/<id>``: the answer lines read as the controller reads
  them, ``survey._prepare_statistics`` and the questions'
  ``_prepare_statistics``), then its QWeb page rendered (header and
  content; the layout around them needs an HTTP request);
* the cross-tab prefecture of the customer × satisfaction (data tools'
  cross-tab over the answers, with totals);
* the XLSX download, a sheet and a native chart per question.
"""
import os
import sys

from harness import Timer, ensure_db, odoo_env, report

DB = "smartcrm_bench_survey"
RESPONSES = int(os.environ.get("SMARTCRM_BENCH_RESPONSES", 100_000))
CUSTOMERS = 20_000
WEEKS = 26


def setup(env):
    """The survey and its responses (once per database and size)."""
    from odoo import Command  # noqa: PLC0415
    from odoo.tools import SQL  # noqa: PLC0415
    survey = env["survey.survey"].search([("title", "=", f"ベンチ {RESPONSES}")], limit=1)
    if survey:
        return survey
    survey = env["survey.survey"].create({"title": f"ベンチ {RESPONSES}", "access_mode": "public"})
    Question = env["survey.question"]
    choice = Question.create({
        "survey_id": survey.id, "sequence": 1, "title": "当店を知ったきっかけ", "question_type": "simple_choice",
        "suggested_answer_ids": [Command.create({"value": value, "sequence": i})
                                 for i, value in enumerate(["紹介", "ウェブ", "チラシ", "店頭"])],
    })
    nps = Question.create({"survey_id": survey.id, "sequence": 2, "title": "推奨度", "question_type": "scale",
                           "scale_min": 0, "scale_max": 10})
    csat = Question.create({"survey_id": survey.id, "sequence": 3, "title": "満足度", "question_type": "scale",
                            "scale_min": 1, "scale_max": 5})
    number = Question.create({"survey_id": survey.id, "sequence": 4, "title": "来店回数",
                              "question_type": "numerical_box"})
    states = env["res.country.state"].search([("country_id.code", "=", "JP")]).ids
    env.cr.execute(SQL(
        """INSERT INTO res_partner (name, complete_name, active, type, state_id, create_uid, write_uid,
                                    create_date, write_date)
           SELECT 'ベンチ 顧客 ' || g, 'ベンチ 顧客 ' || g, true, 'contact', (%s::int[])[1 + g %% %s],
                  1, 1, now(), now()
             FROM generate_series(1, %s) AS g RETURNING id""", states, len(states), CUSTOMERS))
    partners = [row[0] for row in env.cr.fetchall()]
    env.cr.execute(SQL(
        """INSERT INTO survey_user_input (survey_id, partner_id, state, test_entry, access_token, start_datetime,
                                          end_datetime, create_uid, write_uid, create_date, write_date)
           SELECT %(survey)s, (%(partners)s::int[])[1 + g %% %(customers)s], 'done', false, md5(%(survey)s || '-' || g),
                  now() - make_interval(hours => g %% (%(weeks)s * 168)) - interval '5 minutes',
                  now() - make_interval(hours => g %% (%(weeks)s * 168)), 1, 1, now(), now()
             FROM generate_series(1, %(count)s) AS g""",
        survey=survey.id, partners=partners, customers=CUSTOMERS, weeks=WEEKS, count=RESPONSES))
    answers = choice.suggested_answer_ids.ids
    env.cr.execute(SQL(
        """INSERT INTO survey_user_input_line (user_input_id, survey_id, question_id, question_sequence, skipped,
                                               answer_type, suggested_answer_id, value_scale, value_numerical_box,
                                               answer_score, answer_is_correct, create_uid, write_uid,
                                               create_date, write_date)
           SELECT ui.id, ui.survey_id, q.id, q.sequence, false, q.answer_type,
                  CASE WHEN q.answer_type = 'suggestion' THEN (%(answers)s::int[])[1 + (ui.id * 7) %% 4] END,
                  CASE WHEN q.id = %(nps)s THEN (ui.id * 13) %% 11
                       WHEN q.id = %(csat)s THEN 1 + (ui.id * 17) %% 5 END,
                  CASE WHEN q.id = %(number)s THEN (ui.id %% 12) END,
                  0, false, 1, 1, now(), now()
             FROM survey_user_input ui
            CROSS JOIN (VALUES (%(choice)s, 1, 'suggestion'), (%(nps)s, 2, 'scale'), (%(csat)s, 3, 'scale'),
                               (%(number)s, 4, 'numerical_box')) AS q(id, sequence, answer_type)
            WHERE ui.survey_id = %(survey)s""",
        answers=answers, nps=nps.id, csat=csat.id, number=number.id, choice=choice.id, survey=survey.id))
    env.cr.execute(SQL("ANALYZE survey_user_input; ANALYZE survey_user_input_line; ANALYZE res_partner"))
    env.invalidate_all()
    return survey


def smart_results(survey):
    survey.invalidate_recordset()
    return survey.nps_score, survey.csat_score, survey._results_by_question(), survey._results_trend()


def odoo_results(env, survey):
    """What Odoo's /survey/results/<id> computes (its controller's steps, without the HTTP request)."""
    from odoo.fields import Domain  # noqa: PLC0415
    env.invalidate_all()
    domain = Domain.AND([Domain("state", "!=", "new"), Domain("test_entry", "=", False),
                         Domain("survey_id", "=", survey.id)])
    query = env["survey.user_input"].sudo()._search(domain)
    lines = env["survey.user_input.line"].search([("user_input_id", "in", query)])
    survey_data = survey._prepare_statistics(lines)
    question_data = survey.question_and_page_ids._prepare_statistics(lines)
    return lines, survey_data, question_data


def main():
    ensure_db(DB, ["crm_survey"])
    with odoo_env(DB) as env:
        setup(env)
    with odoo_env(DB, commit=False) as env:
        survey = setup(env)
        smart_results(survey)           # warm the registry and caches on both sides alike
        with Timer() as ours:
            nps, csat, questions, trend = smart_results(survey)
        with Timer() as base:
            lines, survey_data, question_data = odoo_results(env, survey)
        values = {"survey": survey, "question_and_page_data": question_data, "survey_data": survey_data,
                  "search_filters": [], "search_finished": False, "search_failed": False, "search_passed": False,
                  "page_record_limit": 10}  # set by the page around them
        with Timer() as render:
            # the page's header and content; its layout (menus, assets) needs an HTTP request
            page = "".join(env["ir.qweb"]._render(template, values) for template in (
                "survey.survey_page_statistics_header", "survey.survey_page_statistics_inner"))
        assert survey_data["count_finished"] == RESPONSES and len(lines) == 4 * RESPONSES
        assert sum(row["total"] for row in questions) == 4 * RESPONSES and page
        csat_question = survey.question_ids.filtered(lambda q: q.scale_max == 5)
        report_model = env["survey.answer.report"]
        with Timer() as crosstab:
            data = env["smart.data.io"]._crosstab(report_model, "partner_id.state_id", "value_scale",
                                                  domain=[("question_id", "=", csat_question.id)])
        assert data["total"] == RESPONSES
        with Timer() as xlsx:
            content = survey._results_xlsx()
        report(f"Survey results over {RESPONSES:,} responses ({4 * RESPONSES:,} answers)", [
            ("results: NPS, CSAT, counts per question, weekly trend", ours.seconds, base.seconds, "s"),
            ("Odoo results page: statistics + QWeb content", None, base.seconds + render.seconds, "s"),
            ("cross-tab prefecture × satisfaction, with totals", crosstab.seconds, None, "s"),
            ("XLSX, a sheet and a native chart per question", xlsx.seconds, None, "s"),
        ])
        print(f"NPS {nps:.1f}, CSAT {csat:.1f} %, {len(trend)} weeks, {len(data['rows'])} prefectures, "
              f"XLSX {len(content) / 1024:.0f} KB, Odoo page {len(page) / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
