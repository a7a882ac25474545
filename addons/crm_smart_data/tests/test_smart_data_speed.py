import base64
import csv
import datetime
import io
import tracemalloc
from unittest.mock import patch

import phonenumbers
import psycopg2.errors
import xlsxwriter

from odoo import tools as odoo_tools
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import email_normalize

from ..models import smart_data_upload
from ..models.smart_data_upload import SmartDataUpload
from ..models.smart_field_target_mixin import UPLOAD_DEFAULTS
from ..tools import xlsx_reader
from ..tools.xlsx_reader import blocks as xlsx_blocks
from .common_data import SmartDataCase
from odoo.addons.base.models.res_partner import ResPartner as BasePartner
from odoo.addons.crm_smart_base.tests.test_convert_fast import phone_shapes
from odoo.addons.crm_smart_base.tools import convert
from odoo.addons.phone_validation.tools import phone_validation

MESSY_HEADER = ("Name", "電話", "メール", "誕生日", "金額", "メモ")
PHONE_SHAPES = ("０９０－{a}－{b}", "03({a}){b}", "+81 90 {a} {b}", "  090-{a}-{b}  ", "090{a}{b}")
BIRTHDAYS = ("2001/04/05", "2001年4月5日", "2001-04-05", "平成13年4月5日", "昭和60年1月2日")


def messy_rows(count):
    """Rows of a member list from an old system: full-width spaces and digits,
    phones in five shapes, emails in capitals, dates in four, a sparse column."""
    rows = []
    for i in range(1, count + 1):
        a, b = f"{5000 + i % 5000}", f"{(i * 7) % 10000:04d}"
        rows.append([f"山田\u3000{i}", PHONE_SHAPES[i % 5].format(a=a, b=b), f" Member{i}@Example.JP ",
                     BIRTHDAYS[i % 5], f"{i % 100 * 1000:,}".translate(str.maketrans("0123456789", "０１２３４５６７８９")),
                     "メモ" if i % 10 == 0 else None])
    return rows


def small_blocks():
    """Uploads read in blocks of 100 rows, so that small files span several."""
    read_blocks = SmartDataUpload._read_blocks
    return patch.object(SmartDataUpload, "_read_blocks", autospec=True,
                        side_effect=lambda self, *args: read_blocks(self, *args, size=100))


def messy_xlsx(rows, header=MESSY_HEADER):
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, header)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if value is not None:
                sheet.write_string(r, c, value)
    book.close()
    return buffer.getvalue()


@tagged("at_install", "-post_install")
class TestSmartDataSpeed(SmartDataCase):
    """Messy files go the fast ways: each distinct value converted once, phones
    of common shapes without the phone parser, sparse rows on the fast reader,
    CSV files decoded as they are read."""

    ROWS = 1500

    def test_sparse_rows_stay_on_the_fast_reader(self):
        content = messy_xlsx(messy_rows(self.ROWS))
        one_by_one = []
        chunk_rows = xlsx_blocks.chunk_rows

        def spy(*args, **kwargs):
            for number, values in chunk_rows(*args, **kwargs):
                one_by_one.append(number)
                yield number, values

        with patch.object(xlsx_blocks, "chunk_rows", spy):
            blocks = list(xlsx_reader.iter_blocks(io.BytesIO(content), 500))
        self.assertEqual(one_by_one, [1], "only the header row is read on its own")
        rows = list(xlsx_reader.iter_rows(io.BytesIO(content)))
        self.assertEqual([(number, block.row(i)) for block in blocks for i, number in enumerate(block.numbers)],
                         [(number, row + [None] * (6 - len(row))) for number, row in enumerate(rows, start=1)])
        self.assertEqual(blocks[1].column(0)[0], "text")
        self.assertEqual(blocks[1].column(5)[1][:10], [None] * 9 + ["メモ"])
        self.assertEqual(xlsx_reader.row_count_hint(io.BytesIO(content)), self.ROWS + 1)

    def messy_database(self):
        database = self.env["smart.database"].create({"name": "会員名簿（旧システム）"})
        Field = self.env["smart.field"].with_context(default_model_id=database.model_id.id)
        fields_ = {
            "phone": Field.create({"label": "電話", "field_type": "phone"}),
            "email": Field.create({"label": "メール", "field_type": "email"}),
            "birthday": Field.create({"label": "誕生日", "field_type": "date"}),
            "amount": Field.create({"label": "金額", "field_type": "integer"}),
            "memo": Field.create({"label": "メモ"}),
        }
        return database, fields_

    def test_messy_upload_converts_each_value_once_and_skips_the_phone_parser(self):
        database, fields_ = self.messy_database()
        rows = messy_rows(self.ROWS)
        rows[1198][3] = "2001年2月30日"  # a date that does not exist
        content = base64.b64encode(messy_xlsx(rows))
        conversions = []
        to_date = convert.to_date

        def counted(raw):
            conversions.append(raw)
            return to_date(raw)

        with patch.object(phonenumbers, "parse", side_effect=AssertionError("phone parsed")), \
                patch.object(convert, "to_date", side_effect=counted):
            result = self.io.import_file(database.model, content, "members.xlsx")
            self.assertEqual(result["created"], 0)
            self.assertEqual([(row, col) for row, col, _msg in result["errors"]], [(1200, "誕生日")])
            self.assertFalse(self.env[database.model].search_count([]))
            # the column's dates are read at once; each era date and the bad one alone, once
            self.assertEqual(sorted(conversions), sorted(["平成13年4月5日", "昭和60年1月2日", "2001年2月30日"]))
            result = self.io.import_file(database.model, content, "members.xlsx", mode="valid")
        self.assertEqual((result["created"], result["rejected_count"]), (self.ROWS - 1, 1))
        Model = self.env[database.model]
        expected = {
            1: ("+81350010007", "member1@example.jp", datetime.date(2001, 4, 5), 1000),
            2: ("+819050020014", "member2@example.jp", datetime.date(2001, 4, 5), 2000),
            3: ("+819050030021", "member3@example.jp", datetime.date(2001, 4, 5), 3000),
            4: ("+819050040028", "member4@example.jp", datetime.date(1985, 1, 2), 4000),
            5: ("+819050050035", "member5@example.jp", datetime.date(2001, 4, 5), 5000),
        }
        for i, values in expected.items():
            record = Model.search([("x_name", "=", f"山田 {i}")])
            self.assertEqual(tuple(record[fields_[name].name] for name in ("phone", "email", "birthday", "amount")),
                             values)
        self.assertEqual(Model.search_count([(fields_["memo"].name, "=", "メモ")]), self.ROWS // 10)

    def test_column_conversion_and_bounded_memo_write_what_cells_alone_give(self):
        """Columns converted at once (convert_column) and a memo of a few values
        write the same records and reject the same cells as each cell converted
        on its own with nothing kept from one block to the next."""
        database, fields_ = self.messy_database()
        rows = messy_rows(900)
        odd = [("+1 650-253-0000", "Taro@例え.jp", "令和6年4月1日", "５人"), ("03-1234-567", "a..b@x.jp", "2024-02-30", "1e3"),
               ("(03) 1234-5678", "Ｔａｒｏ＠Ｅｘａｍｐｌｅ．ＪＰ", "R6.4.1", "１２，３４５円"), ("", " ", "", ""),
               ("tel:0312345678", "x@y", "平成31年5月1日", "-0"), ("090\u30001234\u30005678", "x @y.jp", "1999/9/9", "12.5")]
        for i, (phone, email, birthday, amount) in enumerate(odd * 20):
            rows[i * 7][1:5] = [phone, email, birthday, amount]
        names = {key: field.name for key, field in fields_.items()}
        Model = self.env[database.model]

        def upload(filename, content):
            with small_blocks():
                result = self.io.import_file(database.model, base64.b64encode(content), filename, mode="valid")
            records = Model.search_read([], ["x_name", *names.values()], order="id")
            Model.search([]).unlink()
            return (result["created"], result["errors"],
                    [tuple(record[name] for name in ("x_name", *names.values())) for record in records])

        lines = io.StringIO()
        csv.writer(lines).writerows([MESSY_HEADER, *rows])
        for filename, content in (("members.xlsx", messy_xlsx(rows)), ("members.csv", lines.getvalue().encode())):
            with self.subTest(filename=filename):
                fast = upload(filename, content)
                with patch.object(convert, "convert_column", return_value=None), \
                        patch("odoo.addons.crm_smart_data.models.smart_data_upload.MEMO_SIZE", 0):
                    by_cell = upload(filename, content)
                with patch("odoo.addons.crm_smart_data.models.smart_data_upload.MEMO_SIZE", 3):
                    small_memo = upload(filename, content)
                self.assertEqual(fast, by_cell)
                self.assertEqual(fast, small_memo)
                self.assertGreater(fast[0], 800)
                self.assertGreaterEqual(len(fast[1]), 40, "the odd rows that do not convert are refused")
                self.assertIn(("+16502530000", datetime.date(2024, 4, 1), 5), [record[1:2] + record[3:5]
                                                                               for record in fast[2]])

    def test_memo_of_a_column_stays_bounded(self):
        """A column keeps the conversions of its first MEMO_SIZE distinct values
        from one block to the next, and no more: the others are converted again
        in each block (once per block)."""
        database, fields_ = self.messy_database()
        Model = self.env[database.model]
        field = Model._fields[fields_["birthday"].name]
        # era dates, which convert_column leaves to the conversion of each value
        texts = [f"平成{2 + i % 20}年{1 + i // 20}月1日" for i in range(200)]
        conversions = []
        to_date = convert.to_date

        def counted(raw):
            conversions.append(raw)
            return to_date(raw)

        for memo_size, expected in ((50, 200 + 5 * 150), (1000, 200)):
            conversions.clear()
            with self.subTest(memo_size=memo_size), patch.object(convert, "to_date", side_effect=counted), \
                    patch("odoo.addons.crm_smart_data.models.smart_data_upload.MEMO_SIZE", memo_size):
                convert_column = self.io._column_converter(Model, field, "date", {}, True)
                for _block in range(6):
                    values, bad = convert_column("text", texts)
                    self.assertFalse(bad)
                    self.assertEqual(values[21], "1991-02-01")
                self.assertEqual(len(conversions), expected)

    def test_csv_decoded_as_read_in_flat_memory(self):
        line = "山田\u3000太郎{i},０９０－１２３４－５６７８,Taro{i}@Example.JP,令和6年4月1日,１２，３４５円\r\n"
        text = "Name,電話,メール,誕生日,金額\r\n" + "".join(line.format(i=i) for i in range(40000))
        for encoding in ("utf-8", "cp932"):
            content = text.encode(encoding)
            tracemalloc.start()
            try:
                count = sum(len(block) for block in self.io._read_blocks(content, "members.csv", "auto", size=500))
                peak = tracemalloc.get_traced_memory()[1]
            finally:
                tracemalloc.stop()
            with self.subTest(encoding=encoding):
                self.assertEqual(count, 40001)
                self.assertLess(peak, len(content) / 4, "the file is never decoded whole")

    def test_progress_reported_up_to_the_end(self):
        database, _fields = self.messy_database()
        lines = io.StringIO()
        csv.writer(lines).writerows([MESSY_HEADER, *messy_rows(self.ROWS)])
        for filename, content in (("members.xlsx", messy_xlsx(messy_rows(self.ROWS))),
                                  ("members.csv", lines.getvalue().encode())):
            shares = []
            with self.subTest(filename=filename), small_blocks():
                result = self.io._import_file(database.model, base64.b64encode(content), filename,
                                              progress=lambda share, rows, shares=shares: shares.append((share, rows)))
                self.assertEqual(result["created"], self.ROWS)
                self.assertGreater(len(shares), 10)
                self.assertEqual(shares, sorted(shares), "the progress only grows")
                self.assertEqual(shares[-1], (1.0, self.ROWS + 1))



@tagged("at_install", "-post_install")
class TestCustomerUpload(SmartDataCase):
    """Customers are written through the ORM: every row is checked before any
    is written, then the rows are written in batches that leave the cache."""

    ROWS = 1000

    def customers_csv(self, count, bad=None):
        lines = ["Name,Email,Country"] + [f"顧客\u3000{i},customer{i}@example.jp,Japan" for i in range(1, count + 1)]
        if bad:
            lines[bad] = f"顧客 {bad},customer{bad}@example.jp,Atlantis"  # no such country
        return base64.b64encode("\r\n".join(lines).encode())

    def upload(self, content, **kwargs):
        return self.io._import_file("res.partner", content, "customers.csv",
                                    mapping={0: "name", 1: "email", 2: "country_id"}, **kwargs)

    def test_all_or_nothing_checks_every_row_before_writing(self):
        written = []
        write_batch = SmartDataUpload._write_batch

        def spy(self, model, field_objs, values, *args):
            written.append(len(values[0]))
            return write_batch(self, model, field_objs, values, *args)

        before = self.env["res.partner"].search_count([])
        with small_blocks(), patch.object(SmartDataUpload, "_write_batch", autospec=True, side_effect=spy):
            result = self.upload(self.customers_csv(self.ROWS, bad=self.ROWS - 5))
            self.assertEqual(written, [], "no record was created before the bad row was found")
            self.assertEqual(result["created"], 0)
            self.assertEqual([(row, col) for row, col, _msg in result["errors"]], [(self.ROWS - 4, "Country")])
            self.assertEqual(self.env["res.partner"].search_count([]), before)
            shares = []
            result = self.upload(self.customers_csv(self.ROWS), progress=lambda share, rows: shares.append(share))
        self.assertEqual(result["created"], self.ROWS)
        self.assertEqual(written, [100] * (self.ROWS // 100))
        self.assertEqual(len(shares), 2 * self.ROWS // 100, "checked, then written")
        self.assertAlmostEqual(shares[len(shares) // 2 - 1], 0.5, places=2)
        self.assertEqual(shares[-1], 1.0)
        partner = self.env["res.partner"].search([("email", "=", "customer7@example.jp")])
        self.assertEqual((partner.name, partner.country_id.code), ("顧客 7", "JP"))

    def test_valid_rows_written_in_batches_that_leave_the_cache(self):
        invalidated = []
        invalidate_all = type(self.env).invalidate_all

        def spy(env, *args, **kwargs):
            invalidated.append(len(env.cache.get_records(env["res.partner"], env["res.partner"]._fields["name"])))
            return invalidate_all(env, *args, **kwargs)

        with small_blocks(), patch.object(type(self.env), "invalidate_all", autospec=True, side_effect=spy):
            result = self.upload(self.customers_csv(self.ROWS, bad=250), mode="valid")
        self.assertEqual((result["created"], result["rejected_count"]), (self.ROWS - 1, 1))
        self.assertGreaterEqual(len(invalidated), self.ROWS // 100)
        self.assertLessEqual(max(invalidated), 300, "the cache holds the customers of a few batches at most")
        self.assertEqual(self.env["res.partner"].search_count([("email", "=like", "customer_%@example.jp")]),
                         self.ROWS - 1)

    def test_salesperson_given_instead_of_computed_per_customer(self):
        """Customers uploaded without a salesperson or a parent company column
        get no salesperson without the ORM computing it record by record before
        creating them; a parent column or a default salesperson still give theirs."""
        Partner = type(self.env["res.partner"])
        precomputed = []
        add_precomputed = Partner._add_precomputed_values

        def spy(model, vals_list):
            precomputed.extend(1 for vals in vals_list if "user_id" not in vals)
            return add_precomputed(model, vals_list)

        company = self.env["res.partner"].create({"name": "株式会社 山田商事", "is_company": True,
                                                  "user_id": self.user_manager.id})
        with patch.object(Partner, "_add_precomputed_values", autospec=True, side_effect=spy):
            result = self.upload(self.customers_csv(30))
            self.assertEqual((result["created"], len(precomputed)), (30, 0), "nothing computed before creation")
            content = base64.b64encode("名前,会社\r\n佐藤 一郎,株式会社 山田商事\r\n".encode())
            result = self.io._import_file("res.partner", content, "c.csv", mapping={0: "name", 1: "parent_id"})
            self.assertEqual(len(precomputed), 1, "with a parent column the ORM computes the salesperson")
            self.env["ir.default"].set("res.partner", "user_id", self.user_manager.id)
            self.io._import_file("res.partner", base64.b64encode("名前\r\n高橋 次郎\r\n".encode()), "c.csv",
                                 mapping={0: "name"})
        customers = self.env["res.partner"].search([("email", "=like", "customer_%@example.jp")])
        self.assertEqual((len(customers), customers.user_id), (30, self.env["res.users"]))
        by_name = {p.name: p for p in self.env["res.partner"].search([("name", "in", ["佐藤 一郎", "高橋 次郎"])])}
        self.assertEqual(by_name["佐藤 一郎"].parent_id, company)
        for name in ("佐藤 一郎", "高橋 次郎"):
            self.assertEqual(by_name[name].user_id, self.user_manager, name)

    def test_pictures_of_customers_not_resized_one_by_one(self):
        """Customers uploaded without a picture have empty smaller sizes of it
        without the ORM resizing nothing customer by customer; given a
        picture (here by a default) they have them as usual."""
        Image = type(self.env["res.partner"]._fields["image_128"])
        resized = []
        compute_value = Image.compute_value

        def spy(field, records):
            if field.model_name == "res.partner":
                resized.append(field.name)
            return compute_value(field, records)

        with patch.object(Image, "compute_value", autospec=True, side_effect=spy):
            self.upload(self.customers_csv(20))
            self.env.flush_all()
        customers = self.env["res.partner"].search([("email", "=like", "customer_%@example.jp")])
        self.assertEqual((len(customers), resized), (20, []))
        self.assertEqual(set(customers.mapped("image_128")), {False})
        self.assertFalse(self.env["ir.attachment"].sudo().search_count(
            [("res_model", "=", "res.partner"), ("res_id", "in", customers.ids)]))

        picture = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
        self.env["ir.default"].set("res.partner", "image_1920", picture)
        content = base64.b64encode("Name,Email\r\n写真 一郎,photo@example.jp\r\n".encode())
        self.io._import_file("res.partner", content, "c.csv", mapping={0: "name", 1: "email"})
        with_picture = self.env["res.partner"].search([("email", "=", "photo@example.jp")])
        self.assertTrue(with_picture.image_1920)
        self.assertTrue(with_picture.image_128, "a default picture is resized")

    def test_statistics_refreshed_when_an_upload_outgrows_them(self):
        """Once an upload has created more customers than PostgreSQL's
        statistics say the table holds, it has them counted again (ANALYZE),
        so that the ORM's updates of the new customers find them by id instead
        of reading the whole table each time; not while the statistics count
        at least half of them. When the statistics stay behind (another transaction holds
        their lock, or autovacuum counted the table again without the upload's
        records), it tries again each time the upload has doubled."""
        cr = self.env.cr

        def reltuples():
            cr.execute("SELECT reltuples FROM pg_class WHERE oid = 'res_partner'::regclass")
            return cr.fetchone()[0]

        analyzed = []
        execute = type(cr).execute
        locked = [True]

        def spy(cursor, query, *args, **kwargs):
            if "ANALYZE" in str(getattr(query, "code", query)):
                analyzed.append(query)
                if locked[0]:
                    # as PostgreSQL answers when another upload holds the lock past lock_timeout
                    raise psycopg2.errors.LockNotAvailable("canceling statement due to lock timeout")
            return execute(cursor, query, *args, **kwargs)

        mapping = {0: "name", 1: "email", 2: "country_id"}
        Upload = type(self.io)
        with patch.object(smart_data_upload, "WRITE_BATCH", 100), \
                patch.object(type(cr), "execute", autospec=True, side_effect=spy):
            # statistics that stay behind: tried after 100, 200, 400 and 800 customers, not after each 100
            before = reltuples()
            with patch.object(Upload, "_estimated_rows", autospec=True, return_value=0):
                result = self.io._import_file("res.partner", self.customers_csv(1000), "c.csv", mapping=mapping)
            self.assertEqual((result["created"], len(analyzed), reltuples()), (1000, 4, before),
                             "the upload went on without them")
            locked[0] = False
            analyzed.clear()

            before = reltuples()
            rows = 2 * max(int(before), 0) + 250
            result = self.io._import_file("res.partner", self.customers_csv(rows), "c.csv", mapping=mapping)
            self.assertEqual((result["created"], len(analyzed)), (rows, 1))
            # counted once the upload had written more than twice what the table held
            self.assertGreaterEqual(reltuples(), 2 * max(before, 0) + 100, "the new customers are counted")
            result = self.io._import_file("res.partner", self.customers_csv(150), "c.csv", mapping=mapping)
            self.assertEqual((result["created"], len(analyzed)), (150, 1), "the statistics count more already")
        cr.execute("SHOW lock_timeout")
        self.assertEqual(cr.fetchone()[0], "0", "the upload's own wait for locks is as it was")

    def test_default_values_looked_up_once_per_chunk(self):
        """The ORM looks up the default values of each new record over all the
        model's fields: an upload looks them up for a chunk at once and gives
        them to its records, which get the same values (user defaults and
        the context's included). A default that changes from one lookup to the
        next (a sequence, the time) is looked up for each record as before, and
        records created otherwise get theirs as usual."""
        Partner = type(self.env["res.partner"])
        self.env["ir.default"].set("res.partner", "comment", "お得意様")
        tag = self.env["res.partner.category"].create({"name": "展示会"})
        lookups = []
        default_get = Partner.default_get

        def spy(model, fields_list):
            lookups.append(len(fields_list))
            return default_get(model, fields_list)

        last = self.env["res.partner"].search([], order="id desc", limit=1).id
        with patch.object(Partner, "default_get", autospec=True, side_effect=spy):
            result = self.io.with_context(default_lang="ja_JP", category_id=tag.id)._import_file(
                "res.partner", self.customers_csv(30), "c.csv", mapping={0: "name", 1: "email", 2: "country_id"})
        self.assertEqual(result["created"], 30)
        self.assertLessEqual(len(lookups), 4, "looked up for the chunk, not for each of its 30 customers")
        customers = self.env["res.partner"].search([("id", ">", last)])
        self.assertEqual(len(customers), 30)
        self.assertEqual({(c.active, c.type, c.lang, c.comment) for c in customers},
                         {(True, "contact", "ja_JP", "<p>お得意様</p>")})
        self.assertEqual(customers.category_id, tag, "a default tag (linked records) given to each")
        self.assertEqual(len(customers.filtered("category_id")), 30)

        # a default that differs from one lookup to the next stays each record's own
        numbers = iter(range(1000))

        def numbered(model, fields_list):
            values = default_get(model, fields_list)
            if "ref" in fields_list:
                values["ref"] = f"NO-{next(numbers)}"
            return values

        content = base64.b64encode(b"Name,Email\r\n" + "\r\n".join(
            f"番号 {i},numbered{i}@example.jp" for i in range(5)).encode())
        with patch.object(Partner, "default_get", autospec=True, side_effect=numbered):
            self.io._import_file("res.partner", content, "c.csv", mapping={0: "name", 1: "email"})
            numbered_customers = self.env["res.partner"].search([("email", "=like", "numbered%@example.jp")])
            self.assertEqual(len(set(numbered_customers.mapped("ref"))), 5, "each its own number")
            # a customer created while an upload's chunk is created, but not by it, gets its own defaults
            token = UPLOAD_DEFAULTS.set(("res.partner", ("name", "active", "type", "ref"), ()))
            try:
                other = self.env["res.partner"].create({"name": "別の顧客"})
            finally:
                UPLOAD_DEFAULTS.reset(token)
            # a client's context cannot say that defaults were given
            bare = self.env["res.partner"].with_context(smart_upload_defaults=("res.partner", ())).create(
                {"name": "文脈の顧客"})
        self.assertEqual((other.active, other.type), (True, "contact"))
        self.assertTrue(other.ref.startswith("NO-"))
        self.assertEqual((bare.active, bare.type), (True, "contact"))
        self.assertTrue(bare.ref.startswith("NO-"))

    def test_plain_email_addresses_normalised_without_the_parser(self):
        """The stored address of a customer (email_normalized) is what mail's
        parser gives; plain addresses skip it."""
        texts = ["Yamada.Taro@Example.CO.JP", "a_b+c-d@sub.example.jp", "x@localhost",
                 "山田 <Taro@Example.jp>", "a@b.jp, c@d.jp", "tarou山田@example.jp", " spaced@example.jp ",
                 "no-at-sign", "a..b@example.jp", '"quoted name"@example.jp', "@example.jp", "a@", False]
        Partner = self.env["res.partner"]
        partners = Partner.create([{"name": f"顧客 {i}", "email": text} for i, text in enumerate(texts)])
        for partner, text in zip(partners, texts):
            self.assertEqual(partner.email_normalized, email_normalize(text, strict=False) if text else False,
                             text)
        with patch.object(odoo_tools, "email_normalize", side_effect=AssertionError("parsed")):
            plain = Partner.create([{"name": "平 一郎", "email": "Taira.Ichiro@Example.JP"}])
            self.assertEqual(plain.email_normalized, "taira.ichiro@example.jp")

    def test_complete_names_and_stored_numbers_as_odoo_computes_them(self):
        """A customer's complete name and stored number (phone_sanitized) are
        what base and phone_validation compute record by record; the complete
        name of a customer without parent or company name is its name, without
        the complete-name rules, and countries are looked up once per batch."""
        Partner = self.env["res.partner"]
        company = Partner.create({"name": "株式会社 見本", "is_company": True, "country_id": self.env.ref("base.jp").id})
        partners = Partner.create([
            {"name": "  山田 太郎  ", "phone": "03-1234-5678"},
            {"name": "佐藤 花子", "parent_id": company.id, "phone": "090 1234 5678"},
            {"name": "鈴木 一郎", "company_name": "鈴木商店", "phone": "+1 650-253-0000",
             "country_id": self.env.ref("base.us").id},
            {"type": "invoice", "parent_id": company.id, "phone": "not a number"},
            {"name": "Plain", "is_company": True, "phone": "0467-12-3456", "country_id": self.env.ref("base.us").id},
        ])
        for partner in partners | company:
            self.assertEqual(partner.complete_name, partner.with_context(lang=None)._get_complete_name(), partner.name)
            self.assertEqual(partner.phone_sanitized, partner._phone_format(fname="phone"), partner.phone)
        self.assertEqual(partners[0].complete_name, "山田 太郎")
        self.assertEqual(partners[1].complete_name, "株式会社 見本, 佐藤 花子")

        rules = []
        get_complete_name = BasePartner._get_complete_name

        def spy(partner):
            rules.append(partner.id)
            return get_complete_name(partner)

        countries = []
        get_country = type(Partner)._phone_get_country

        def country_spy(records):
            countries.append(len(records))
            return get_country(records)

        with patch.object(BasePartner, "_get_complete_name", autospec=True, side_effect=spy), \
                patch.object(type(Partner), "_phone_get_country", autospec=True, side_effect=country_spy):
            many = Partner.create([{"name": f"顧客 {i}", "phone": f"03-1234-{i:04d}"} for i in range(20)]
                                  + [{"name": "子", "parent_id": company.id}])
            many.flush_recordset()
        self.assertEqual(rules, [many[-1].id], "the complete-name rules only for the contact of a company")
        self.assertEqual(many[0].complete_name, "顧客 0")
        self.assertEqual(many[0].phone_sanitized, "+81312340000")
        self.assertEqual(countries, [21], "the countries of the batch looked up at once")

        # a module that makes complete names its own way keeps it
        with patch.object(type(Partner), "_get_complete_name", autospec=True, return_value="独自の名前"):
            own = Partner.create({"name": "独自"})
            own.flush_recordset()
        self.assertEqual(own.complete_name, "独自の名前")

    def test_customers_without_parent_not_synchronised_one_by_one(self):
        """New customers without a parent have nothing to synchronise with a
        parent company or children: an upload skips base's synchronisation
        customer by customer, not when a column gives a parent, whose address
        and commercial fields the contacts then take."""
        synced = []
        fields_sync = BasePartner._fields_sync

        def spy(partner, values):
            synced.append(partner.id)
            return fields_sync(partner, values)

        company = self.env["res.partner"].create({"name": "株式会社 親", "is_company": True, "city": "札幌市",
                                                  "vat": "T1234567890123"})
        with patch.object(BasePartner, "_fields_sync", autospec=True, side_effect=spy):
            result = self.upload(self.customers_csv(30))
            self.assertEqual((result["created"], synced), (30, []))
            content = base64.b64encode(b"Name,Company\r\n" + "\r\n".join(
                f"社員 {i},株式会社 親" for i in range(3)).encode())
            result = self.io._import_file("res.partner", content, "c.csv", mapping={0: "name", 1: "parent_id"})
            self.assertEqual(result["created"], 3)
        contacts = self.env["res.partner"].search([("parent_id", "=", company.id)])
        self.assertEqual(len(contacts), 3)
        self.assertLessEqual(set(contacts.ids), set(synced), "each contact synchronised with its company")
        self.assertEqual(set(contacts.mapped("city")), {"札幌市"}, "the company's address")
        self.assertEqual(set(contacts.mapped("vat")), {"T1234567890123"}, "the company's commercial fields")

    def test_updates_write_what_changes_with_one_write_per_change(self):
        """Rows that match customers by a key column give each customer only
        the values that differ from its own, one write for all the customers
        given the same changes: the customers a file repeats as they are keep
        their last-update date; a customer two rows update takes both, in the
        file's order. Archived customers are matched too."""
        Partner = self.env["res.partner"]
        vip = self.env["res.partner.category"].create({"name": "上得意様"})
        mapping = {0: "name", 1: "ref", 2: "city", 3: "phone", 4: "category_id"}

        def upload(rows):
            lines = ["Name,Reference,City,Phone,Tags"] + [",".join(row) for row in rows]
            content = base64.b64encode("\r\n".join(lines).encode())
            return self.io._import_file("res.partner", content, "customers.csv", mapping=mapping, key_field="ref")

        rows = [[f"顧客 {i}", f"C{i:03d}", "東京都渋谷区", f"03-1234-{i:04d}", "上得意様" if i % 2 else ""]
                for i in range(1, 31)]
        result = upload(rows)
        self.assertEqual((result["created"], result["errors"]), (30, []))
        partners = Partner.search([("ref", "=like", "C0%")], order="ref")
        self.assertEqual(partners[0].category_id, vip)
        partners[9].action_archive()  # matched all the same, not made again
        self.env.flush_all()
        self.env.cr.execute("UPDATE res_partner SET write_date = '2020-01-01' WHERE id IN %s", [tuple(partners.ids)])
        self.env.invalidate_all()
        for row in rows[10:25]:
            row[2] = "大阪市北区"  # the same change for 15 customers
        for row in rows[25:]:
            row[3] = row[3].replace("03-", "06-")  # a change of its own for each of 5
        rows.append(["顧客 1", "C001", "京都市", rows[0][3], "上得意様"])  # a second row for the first customer
        written = []
        write = BasePartner.write

        def spy(records, vals):
            written.append((frozenset(records.mapped("ref")), frozenset(vals)))
            return write(records, vals)

        with patch.object(BasePartner, "write", autospec=True, side_effect=spy):
            result = upload(rows)
            self.env.flush_all()
        self.assertEqual((result["created"], result["updated"], result["errors"]), (0, 31, []))
        osaka = frozenset(f"C{i:03d}" for i in range(11, 26))
        self.assertIn((osaka, frozenset({"city"})), written, "one write for the same change")
        for i in range(26, 31):
            self.assertIn((frozenset({f"C{i:03d}"}), frozenset({"phone"})), written)
        self.assertEqual(len(written), 1 + 5 + 2, "the customers the file repeats are not written")
        self.assertEqual(written[-1], (frozenset({"C001"}), frozenset(mapping.values())), "row by row at the end")
        self.env.invalidate_all()
        self.assertEqual(partners.mapped("city"), ["京都市"] + ["東京都渋谷区"] * 9 + ["大阪市北区"] * 15
                         + ["東京都渋谷区"] * 5)
        self.assertEqual(partners[27].phone, "06-1234-0028")
        self.assertEqual(partners.filtered("category_id").mapped("ref"), [f"C{i:03d}" for i in range(1, 31, 2)])
        untouched = partners[1:10]
        self.assertEqual(set(untouched.mapped("write_date")), {datetime.datetime(2020, 1, 1)})
        self.assertNotIn(datetime.datetime(2020, 1, 1), (partners - untouched).mapped("write_date"))

    def test_japanese_phones_of_customers_stored_without_the_parser(self):
        """The stored number of a customer's phone (phone_sanitized) is what
        phone_validation's parser gives; the common Japanese shapes skip it."""
        japan = self.env.ref("base.jp")
        Partner = self.env["res.partner"]
        fast = 0
        for raw in phone_shapes(20000):
            try:
                expected = phone_validation.phone_format(raw, "JP", 81, force_format="E164")
            except UserError:
                expected = False
            if convert.jp_phone_e164(raw):
                fast += 1
                self.assertEqual(Partner._phone_format_number(raw, japan), expected, raw)
        self.assertGreater(fast, 1000)
        lines = ["Name,Phone,Country", "顧客 1,03-1234-5678,Japan", "顧客 2,+81 90 1234 5678,Japan",
                 "顧客 3,0467-12-3456,Japan", "顧客 4,+1 650-253-0000,Japan"]
        content = base64.b64encode("\r\n".join(lines).encode())
        parse = phonenumbers.parse
        parsed = []

        def spy(number, *args, **kwargs):
            parsed.append(number)
            return parse(number, *args, **kwargs)

        with patch.object(phonenumbers, "parse", side_effect=spy):
            result = self.io._import_file("res.partner", content, "customers.csv",
                                          mapping={0: "name", 1: "phone", 2: "country_id"})
            self.env.flush_all()
        self.assertEqual(result["created"], 4)
        partners = Partner.search([("name", "in", ["顧客 1", "顧客 2", "顧客 3", "顧客 4"])], order="name")
        self.assertEqual(partners.mapped("phone_sanitized"),
                         ["+81312345678", "+819012345678", "+81467123456", "+16502530000"])
        self.assertTrue(parsed)
        self.assertTrue(all("650" in number for number in parsed), "only the American number was parsed")
