from odoo import models

#: question types whose answers are counted per choice or value and charted
CHARTED_TYPES = ("simple_choice", "multiple_choice", "matrix", "scale", "numerical_box")


class SurveyQuestion(models.Model):
    """The results of a question from the counts its survey computed in the
    database, with the NPS of 0-10 and the CSAT of 1-5 scale questions."""

    _inherit = "survey.question"  # pylint: disable=consider-merging-classes-inherited

    def _results(self, counts, bands):
        """The results of this question from its grouped ``counts``
        ([(choice, matrix row, number, count)]) and NPS/CSAT ``bands``."""
        self.ensure_one()
        if self.question_type in ("simple_choice", "multiple_choice", "matrix"):
            by_label = {}
            for choice, row, _number, count in counts:
                label = f"{row.value}: {choice.value}" if row else (choice.value or self.env._("(other)"))
                by_label[label] = by_label.get(label, 0) + count
            order = [f"{row.value}: {choice.value}" for row in self.matrix_row_ids for choice in
                     self.suggested_answer_ids] if self.question_type == "matrix" else self.suggested_answer_ids.mapped("value")
            rows = [(label, by_label.pop(label, 0)) for label in order] + sorted(by_label.items())
        elif self.question_type in ("scale", "numerical_box"):
            by_value = {}
            for _choice, _row, number, count in counts:
                by_value[number] = by_value.get(number, 0) + count
            if self.question_type == "scale":
                for value in range(self.scale_min, self.scale_max + 1):
                    by_value.setdefault(float(value), 0)
            rows = [(_number_label(number), count) for number, count in sorted(
                by_value.items(), key=lambda item: (item[0] is False, item[0] or 0))]
        else:
            rows = [(self.env._("Answers"), sum(count for *_values, count in counts))]
        total = sum(count for *_values, count in counts)
        result = {"question": self, "total": total, "rows": rows, "chart": self.question_type in CHARTED_TYPES,
                  "bands": [], "score": None, "score_label": None}
        if self._is_nps():
            result.update(self._nps_results(bands))
        elif self._is_csat():
            result.update(self._csat_results(bands))
        return result

    def _is_nps(self):
        return self.question_type == "scale" and (self.scale_min, self.scale_max) == (0, 10)

    def _is_csat(self):
        return self.question_type == "scale" and (self.scale_min, self.scale_max) == (1, 5)

    def _nps_results(self, bands):
        labels = dict(self.env["survey.answer.report"]._fields["nps_band"]._description_selection(self.env))
        total = sum(bands.values())
        score = 100.0 * (bands.get("promoter", 0) - bands.get("detractor", 0)) / total if total else 0.0
        return {"bands": [(labels[key], bands.get(key, 0)) for key in ("promoter", "passive", "detractor")],
                "score": score, "score_label": self.env._("NPS")}

    def _csat_results(self, bands):
        labels = dict(self.env["survey.answer.report"]._fields["csat_band"]._description_selection(self.env))
        total = sum(bands.values())
        score = 100.0 * bands.get("satisfied", 0) / total if total else 0.0
        return {"bands": [(labels[key], bands.get(key, 0)) for key in ("satisfied", "neutral", "dissatisfied")],
                "score": score, "score_label": self.env._("CSAT (%)")}


def _number_label(number):
    if number is False or number is None:
        return ""
    return str(int(number)) if float(number).is_integer() else str(number)
