from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.crm_smart_base.tools import convert

# the one format of customers' readings: kana order (あいうえお順) and the
# refusal of readings that are not kana rely on it
PARTNER_KANA_FORMAT = "full_width_katakana"


class ResPartner(models.Model):
    """The reading of a customer's name in kana (フリガナ), stored in full-width
    katakana; l10n_jp_kana normalises it on every create and write (forms,
    uploads, JSON-2) and finds customers by it in name searches."""

    _name = "res.partner"
    _inherit = ["res.partner", "kana.mixin", "name.kana.mixin"]

    name_kana = fields.Char(
        string="Furigana",
        help="Reading of the name in katakana, for searching and sorting in kana order (あいうえお順); "
             "hiragana and half-width katakana are converted.")

    @api.model
    def _get_kana_format(self):
        """Customers' readings stay in full-width katakana whatever the Japanese Kana setting."""
        return PARTNER_KANA_FORMAT

    @api.model
    def _normalize_name_kana(self, value):
        """Search terms and readings normalised by the one rule of crm_smart_base's tools.convert."""
        if not isinstance(value, str):
            return value
        return convert.normalize_kana(value)

    @api.model
    def _normalize_name_kana_write_value(self, value):
        """A reading that is not kana (kanji, Latin letters, digits) is refused."""
        if not isinstance(value, str) or not value.strip():
            return super()._normalize_name_kana_write_value(value)
        try:
            return convert.to_kana(value, self._fields["name_kana"]._description_string(self.env))
        except convert.ConvertError as error:
            raise ValidationError(self.env._(error.message)) from None
