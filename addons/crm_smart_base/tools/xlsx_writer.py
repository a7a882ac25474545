"""Writing Odoo records into XLSX workbooks: the shared formats and typed cells."""
import datetime

from odoo import fields


def formats(book):
    return {
        "header": book.add_format({"bold": True, "bg_color": "#1F6FB2", "font_color": "#FFFFFF",
                                   "border": 1, "valign": "vcenter", "text_wrap": True}),
        "integer": book.add_format({"num_format": "#,##0"}),
        "float": book.add_format({"num_format": "#,##0.00"}),
        "money": book.add_format({"num_format": "¥#,##0"}),
        "date": book.add_format({"num_format": "yyyy-mm-dd"}),
        "datetime": book.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
    }


def display_value(record, field):
    value = record[field.name]
    if field.type in ("many2one",):
        return value.display_name or ""
    if field.type in ("many2many", "one2many"):
        return ", ".join(value.mapped("display_name"))
    if field.type == "selection":
        return dict(field._description_selection(record.env)).get(value, "") if value else ""
    if field.type == "boolean":
        return "1" if value else "0"
    if field.type == "datetime" and value:
        return fields.Datetime.to_string(fields.Datetime.context_timestamp(record, value))
    if value is False or value is None:
        return ""
    return str(value)


def write_record_cell(sheet, row, col, record, field, formats):
    """Writes one typed cell; returns the width it needs."""
    value = record[field.name]
    if field.type in ("integer",) and value is not False:
        sheet.write_number(row, col, value, formats["integer"])
        return len(f"{value:,}") + 2
    if field.type == "float" and value is not False:
        sheet.write_number(row, col, value, formats["float"])
        return len(f"{value:,.2f}") + 2
    if field.type == "monetary" and value is not False:
        sheet.write_number(row, col, value, formats["money"])
        return len(f"{value:,.0f}") + 4
    if field.type == "date" and value:
        sheet.write_datetime(row, col, datetime.datetime.combine(value, datetime.time()), formats["date"])
        return 12
    if field.type == "datetime" and value:
        local = fields.Datetime.context_timestamp(record, value).replace(tzinfo=None)
        sheet.write_datetime(row, col, local, formats["datetime"])
        return 18
    if field.type == "boolean":
        sheet.write_boolean(row, col, bool(value))
        return 6
    text = display_value(record, field)
    if text:
        sheet.write_string(row, col, text)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text) + 2
