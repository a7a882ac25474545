from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestSmartDatabaseUi(HttpCase):
    # wide enough for every Smart CRM section of the menu bar in English (narrower, the last ones move
    # under "+"), so that the tour can check the new database's menu
    browser_size = "1920x1080"

    def test_database_tour(self):
        """An administrator creates a database, adds two fields, uploads a file and runs a draw."""
        self.env.ref("base.user_admin").lang = "en_US"
        self.start_tour("/odoo", "crm_smart_database_tour", login="admin", timeout=180)
        database = self.env["smart.database"].search([("name", "=", "展示会来場者")])
        self.assertEqual(database.field_count, 2)
        self.assertEqual(self.env[database.model].search_count([]), 3)
        draw = self.env["smart.draw"].search([("name", "=", "来場者プレゼント")])
        self.assertEqual((draw.state, len(draw.winner_ids)), ("done", 1))
