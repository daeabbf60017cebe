"""Spreadsheet conventions that imports and exports share: what reads as a formula, and the
entries file's columns (an entries export imports back into another edition)."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # a cell that starts so is read as a formula

ENTRY_COLUMNS = (  # (name of FORMATS.md, Vietnamese title), in file order
    ("code", "Mã hồ sơ"),
    ("title", "Tên giải pháp"),
    ("field_code", "Mã lĩnh vực"),
    ("authors", "Tác giả"),
    ("birth_dates", "Ngày sinh"),
    ("unit", "Đơn vị"),
    ("teacher", "Giáo viên hướng dẫn"),
    ("email", "E-mail"),
    ("phone", "Điện thoại"),
)
