from odoo.addons.crm_valuecard.tests.common import ValuecardCase


class SegmentCardCase(ValuecardCase):
    """Card holders of Yokohama: two gold members in the segment, and one
    ordinary member left out of it by an excluded segment."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.gold = Partner.create([{"name": f"ゴールド 会員 {index}", "city": "横浜市"} for index in range(2)])
        cls.other = Partner.create({"name": "一般 会員", "city": "横浜市"})
        cls.gold_cards = cls.Card.create([{"program_id": cls.program.id, "partner_id": p.id} for p in cls.gold])
        cls.other_card = cls.Card.create({"program_id": cls.program.id, "partner_id": cls.other.id})
        Segment = cls.env["smart.segment"]
        excluded = Segment.create({"name": "一般", "domain": f"[('id', '=', {cls.other.id})]"})
        # the customers of Yokohama, but not the one of the excluded segment
        cls.segment = Segment.create({"name": "横浜のゴールド会員", "domain": "[('city', '=', '横浜市')]",
                                      "exclude_segment_ids": [excluded.id]})
