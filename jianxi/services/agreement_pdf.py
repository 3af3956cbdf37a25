"""The 见习协议 as a PDF for printing and stamping, drawn by ReportLab.

ReportLab's CID font STSong-Light (Adobe's Chinese-Simplified set) needs no font file: the PDF
names the font and every reader (Acrobat, browsers' viewers, phones) supplies its own Song face,
so an agreement is a few KB on a weak connection, and its text stays text (searchable, copyable,
readable back by tests). `wordWrap="CJK"` breaks lines between any two Chinese characters."""
import io
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from .agreement import Document

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

TITLE = ParagraphStyle("title", fontName=FONT, fontSize=18, leading=26, alignment=1, spaceAfter=4 * mm)
REFERENCE = ParagraphStyle("reference", fontName=FONT, fontSize=9, leading=13, alignment=2, spaceAfter=4 * mm)
HEADING = ParagraphStyle("heading", fontName=FONT, fontSize=12, leading=18, spaceBefore=3 * mm, spaceAfter=1 * mm)
BODY = ParagraphStyle("body", fontName=FONT, fontSize=10.5, leading=16, wordWrap="CJK")
SIGNATURE = ParagraphStyle("signature", parent=BODY, spaceBefore=2 * mm)


AGREEMENT_SEALS = "甲方（盖章）：＿＿＿＿＿＿＿＿　　乙方（签名）：＿＿＿＿＿＿＿＿"
CERTIFICATE_SEAL = "见习单位（盖章）：＿＿＿＿＿＿＿＿"


def render(document: Document, seals: str = AGREEMENT_SEALS) -> bytes:
    """A document on A4 (the agreement, a 见习证明), with space under it for the seals or signatures."""
    out = io.BytesIO()
    pdf = SimpleDocTemplate(out, pagesize=A4, leftMargin=22 * mm, rightMargin=22 * mm, topMargin=20 * mm,
                            bottomMargin=20 * mm, title=document.title, author="山西就业见习服务",
                            subject=document.reference)
    story = [Paragraph(escape(document.title), TITLE), Paragraph(escape(document.reference), REFERENCE)]
    for section in document.sections:
        if section.heading:
            story.append(Paragraph(escape(section.heading), HEADING))
        story.extend(Paragraph(escape(line), BODY) for line in section.lines)
    story.append(Spacer(1, 6 * mm))
    story.extend(Paragraph(escape(line), SIGNATURE) for line in document.signatures)
    story.append(Spacer(1, 8 * mm))
    story.append(Paragraph(seals, BODY))
    pdf.build(story)
    return out.getvalue()
