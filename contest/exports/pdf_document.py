"""The committee's PDF documents drawn with fpdf2: the ranking annex and the certificates.

The documents are official Vietnamese papers, so their wording is Vietnamese whatever the
interface language. User text only ever goes into plain text cells (never HTML or markdown),
so nothing an entrant types can make the engine fetch a file or a URL. DejaVu Sans ships with
the project (contest/fonts, DejaVu/Bitstream Vera licence) and covers Vietnamese in NFC form.
"""
from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from contest.exports.awards import Award, Issuer, date_line, points, safe
from contest.exports.dossier_form import AUTHOR_HEADERS, DossierForm
from contest.models import Edition

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
FONT = "DejaVu"
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
HEADINGS = FontFace(emphasis="BOLD", fill_color=(230, 230, 230))
LOGO_MM = 16


class Document(FPDF):
    """An A4 document in DejaVu Sans with page numbers."""

    def __init__(self, *, landscape: bool = False, numbered: bool = True,
                 created_at: datetime | None = None):
        super().__init__(orientation="L" if landscape else "P", format="A4")
        if created_at is not None:  # the same document, byte for byte, when made again
            self.set_creation_date(created_at)
        self.add_font(FONT, "", FONT_DIR / "DejaVuSans.ttf")
        self.add_font(FONT, "B", FONT_DIR / "DejaVuSans-Bold.ttf")
        self.set_lang("vi")
        self.set_creator("Sáng tạo")
        self.numbered = numbered
        self.set_margins(15, 15, 15)
        self.set_font(FONT, size=10)

    def footer(self) -> None:
        if self.numbered:
            self.set_y(-12)
            self.set_font(FONT, size=8)
            self.cell(0, 5, f"Trang {self.page_no()}/{{nb}}", align="C")

    def line_of(self, text: str, *, size: float = 10, bold: bool = False, align: str = "L",
                height: float | None = None, width: float = 0) -> None:
        """One wrapped paragraph of plain text, full width unless `width` is given."""
        self.set_font(FONT, "B" if bold else "", size)
        self.multi_cell(width, height or size * 0.5, safe(text), align=align,
                        new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def heading(self, issuer: Issuer) -> None:
        """The two-column heading of Vietnamese official papers: issuer left (after its logo),
        nation right."""
        top, half = self.get_y(), (self.epw / 2)
        indent = 0.0
        if issuer.logo:
            self.image(io.BytesIO(issuer.logo), x=self.l_margin, y=top, w=LOGO_MM, h=LOGO_MM,
                       keep_aspect_ratio=True)
            indent = LOGO_MM + 2
        self.set_font(FONT, "B", 10)
        for line in (safe(issuer.name).upper(), "BAN TỔ CHỨC"):
            self.set_x(self.l_margin + indent)
            self.multi_cell(half - 5 - indent, 5, line, align="C",
                            new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        left_bottom = max(self.get_y(), top + (LOGO_MM if issuer.logo else 0))
        self.set_xy(self.l_margin + half, top)
        self.multi_cell(half, 5, NATION, align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
        self.multi_cell(half, 5, MOTTO, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_y(max(left_bottom, self.get_y()) + 4)

    def pdf_bytes(self) -> bytes:
        return bytes(self.output())


def ranking_report_pdf(edition: Edition, awarded: list[Award], *, issued_on: date,
                       issuer: Issuer) -> bytes:
    """The annex of the committee's decision: awarded entries in tables by field and tier."""
    pdf = Document()
    pdf.set_title(f"Danh sách giải pháp đạt giải - {safe(edition.title)}")
    pdf.add_page()
    pdf.heading(issuer)
    pdf.line_of(date_line(issuer.place, issued_on), size=10, align="R")
    pdf.ln(3)
    pdf.line_of("PHỤ LỤC", size=13, bold=True, align="C", height=7)
    pdf.line_of("DANH SÁCH GIẢI PHÁP ĐẠT GIẢI", size=13, bold=True, align="C", height=7)
    pdf.line_of(edition.title, size=11, align="C", height=6)
    pdf.line_of("(Kèm theo Quyết định công nhận kết quả của Ban Tổ chức)", size=9, align="C")
    pdf.ln(4)
    if not awarded:
        pdf.line_of("Không có giải pháp nào đạt giải.", align="C")
    sections: dict[str, dict[str, list[Award]]] = {}
    for award in awarded:
        sections.setdefault(award.field, {}).setdefault(award.award_name, []).append(award)
    for number, (field, tiers) in enumerate(sections.items(), start=1):
        pdf.line_of(f"{number}. Lĩnh vực: {field or 'Chưa phân lĩnh vực'}", size=11, bold=True,
                    height=7)
        for tier, items in tiers.items():
            pdf.line_of(f"{tier} ({len(items)})", size=10, bold=True, height=6)
            award_table(pdf, items)
            pdf.ln(3)
    return pdf.pdf_bytes()


def award_table(pdf: Document, items: list[Award]) -> None:
    pdf.set_font(FONT, size=8.5)
    with pdf.table(col_widths=(25, 50, 34, 34, 12, 22), line_height=4.5, padding=1,
                   text_align=("LEFT", "LEFT", "LEFT", "LEFT", "RIGHT", "LEFT"),
                   headings_style=HEADINGS, markdown=False) as table:
        header = table.row()
        for title in ("Mã hồ sơ", "Tên giải pháp", "Tác giả", "Đơn vị", "Điểm", "Giải"):
            header.cell(title)
        for item in items:
            row = table.row()
            for text in (item.code, item.title, "\n".join(item.authors), item.unit,
                         points(item.score), item.award_name):
                row.cell(text)


def certificates_pdf(edition: Edition, awarded: list[Award], *, issued_on: date,
                     issuer: Issuer, created_at: datetime | None = None) -> bytes:
    """One A4 landscape certificate (giấy chứng nhận) per author of each awarded entry."""
    pdf = Document(landscape=True, numbered=False, created_at=created_at)
    pdf.set_title(f"Giấy chứng nhận - {safe(edition.title)}")
    pdf.set_auto_page_break(False)
    for award in awarded:
        for author in award.authors or ("",):
            certificate(pdf, edition, award, author, issued_on=issued_on, issuer=issuer)
    if not awarded:
        pdf.add_page()
        pdf.line_of("Không có giải pháp nào đạt giải.", align="C")
    return pdf.pdf_bytes()


def certificate(pdf: Document, edition: Edition, award: Award, author: str, *,
                issued_on: date, issuer: Issuer) -> None:
    pdf.add_page()
    pdf.set_line_width(1.2)
    pdf.rect(8, 8, pdf.w - 16, pdf.h - 16)
    pdf.set_line_width(0.3)
    pdf.rect(11, 11, pdf.w - 22, pdf.h - 22)
    pdf.set_y(18)
    pdf.heading(issuer)
    pdf.ln(2)
    pdf.line_of("GIẤY CHỨNG NHẬN", size=28, bold=True, align="C", height=14)
    pdf.ln(2)
    pdf.line_of(f"Ban Tổ chức {edition.title} chứng nhận", size=12, align="C", height=7)
    pdf.ln(2)
    pdf.line_of(author, size=22, bold=True, align="C", height=11)
    pdf.ln(1)
    if award.unit:
        pdf.line_of(f"Đơn vị: {award.unit}", size=11, align="C", height=6)
    size = 13 if len(award.title) <= 120 else 10
    pdf.line_of(f"Tác giả giải pháp: “{award.title}”", size=size, align="C", height=size * 0.55)
    if award.field:
        pdf.line_of(f"Lĩnh vực: {award.field}", size=11, align="C", height=6)
    pdf.ln(2)
    pdf.line_of(f"Đã đạt {award.award_name}", size=18, bold=True, align="C", height=10)
    signature_block(pdf, issued_on=issued_on, place=issuer.place, code=award.code)


def signature_block(pdf: Document, *, issued_on: date, place: str, code: str) -> None:
    column = pdf.epw / 2
    top = max(pdf.get_y() + 4, pdf.h - 62)
    pdf.set_xy(pdf.l_margin, top + 30)
    pdf.set_font(FONT, size=8)
    pdf.cell(column, 5, f"Mã hồ sơ: {code}")
    pdf.set_xy(pdf.l_margin + column, top)
    pdf.set_font(FONT, size=11)
    pdf.multi_cell(column, 6, date_line(place, issued_on), align="C",
                   new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font(FONT, "B", 12)
    pdf.multi_cell(column, 6, "TM. BAN TỔ CHỨC", align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font(FONT, size=9)
    pdf.multi_cell(column, 5, "(Ký, ghi rõ họ tên và đóng dấu)", align="C",
                   new_x=XPos.LEFT, new_y=YPos.NEXT)


def dossier_form_pdf(form: DossierForm, *, issuer: Issuer, created_at: datetime) -> bytes:
    """An entry's registration form: its facts, a table of its authors, its description."""
    pdf = Document(created_at=created_at)
    pdf.set_title(f"Hồ sơ dự thi {form.code} - {form.title}")
    pdf.add_page()
    pdf.heading(issuer)
    pdf.line_of("HỒ SƠ DỰ THI", size=14, bold=True, align="C", height=7)
    pdf.line_of(form.title, size=12, bold=True, align="C", height=6)
    pdf.ln(3)
    for label, value in form.facts:
        pdf.line_of(f"{label}: {value}", size=10, height=5.5)
    pdf.ln(2)
    pdf.line_of("TÁC GIẢ", size=11, bold=True, height=6)
    pdf.set_font(FONT, size=8)
    with pdf.table(col_widths=(8, 32, 18, 13, 32, 22, 20, 35), line_height=4, padding=1,
                   headings_style=HEADINGS, markdown=False) as table:
        header = table.row()
        for title in AUTHOR_HEADERS:
            header.cell(title)
        for author in form.authors:
            row = table.row()
            for text in author:
                row.cell(text)
    for title, text in form.sections:
        pdf.ln(2)
        pdf.line_of(title.upper(), size=11, bold=True, height=6)
        pdf.line_of(text, size=10, height=5)
    return pdf.pdf_bytes()
