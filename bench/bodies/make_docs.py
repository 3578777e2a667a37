#!/usr/bin/env python3
"""Build the two synthetic meeting papers of the bodies2 dev set, and their decisions gold.

Usage (from this folder, with reportlab installed and poppler's pdftotext on PATH):

    python3 make_docs.py            # writes corpus/*.pdf and decisions.jsonl

Adapted from ../../shared/eval/bodies/make_docs.py (same helpers, same conventions). The papers are written in
the house styles of two real English police and crime panels (Sussex: ModernGov-style minutes; Avon and
Somerset: an agenda pack). Their facts come from public records of those bodies where known (see README.md for
the sources and for every invented fact); every sentence is our own wording. The output is deterministic:
reportlab runs in invariant mode (no timestamps or random document ids), so the same script gives
byte-identical PDFs.

decisions.jsonl lists every decision the papers record, with the page pdftotext finds it on. The decision texts
are looked up in pdftotext's output, so the script fails if a decision is split across a page break or is not
extracted verbatim.
"""
import json
import os
import re
import subprocess
import sys

from reportlab import rl_config

rl_config.invariant = 1

from reportlab.lib import colors  # noqa: E402
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.pdfmetrics import registerFontFamily  # noqa: E402
from reportlab.pdfbase.ttfonts import TTFont  # noqa: E402
from reportlab.platypus import (BaseDocTemplate, CondPageBreak, Frame, KeepTogether, PageBreak,  # noqa: E402
                                PageTemplate, Paragraph, Spacer, Table, TableStyle)

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")
FONT_DIR = "/usr/share/fonts/truetype/dejavu"

for name, file in [("Sans", "DejaVuSans.ttf"), ("Sans-Bold", "DejaVuSans-Bold.ttf"),
                   ("Sans-Italic", "DejaVuSans-Oblique.ttf"), ("Sans-BoldItalic", "DejaVuSans-BoldOblique.ttf"),
                   ("Serif", "DejaVuSerif.ttf"), ("Serif-Bold", "DejaVuSerif-Bold.ttf"),
                   ("Serif-Italic", "DejaVuSerif-Italic.ttf"), ("Serif-BoldItalic", "DejaVuSerif-BoldItalic.ttf")]:
    pdfmetrics.registerFont(TTFont(name, os.path.join(FONT_DIR, file)))
registerFontFamily("Sans", normal="Sans", bold="Sans-Bold", italic="Sans-Italic", boldItalic="Sans-BoldItalic")
registerFontFamily("Serif", normal="Serif", bold="Serif-Bold", italic="Serif-Italic",
                   boldItalic="Serif-BoldItalic")


# ----------------------------------------------------------------------------------------------------------
# Shared helpers
# ----------------------------------------------------------------------------------------------------------

def esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class Styles:
    """A small set of paragraph styles in one font family and size."""

    def __init__(self, family: str, size: float, leading: float, head_colour=colors.black):
        self.family = family
        bold = family + "-Bold"
        self.body = ParagraphStyle("body", fontName=family, fontSize=size, leading=leading, spaceAfter=size * 0.7)
        self.bullet = ParagraphStyle("bullet", parent=self.body, leftIndent=8 * mm, bulletIndent=3 * mm,
                                     spaceAfter=size * 0.45)
        self.indent = ParagraphStyle("indent", parent=self.body, leftIndent=10 * mm, firstLineIndent=-10 * mm)
        self.indent2 = ParagraphStyle("indent2", parent=self.body, leftIndent=20 * mm, firstLineIndent=-10 * mm)
        self.h1 = ParagraphStyle("h1", fontName=bold, fontSize=size + 5, leading=size + 9, spaceAfter=size * 0.6,
                                 textColor=head_colour)
        self.h2 = ParagraphStyle("h2", fontName=bold, fontSize=size + 1.5, leading=size + 5, spaceBefore=size * 0.9,
                                 spaceAfter=size * 0.5, textColor=head_colour, keepWithNext=1)
        self.h3 = ParagraphStyle("h3", fontName=bold, fontSize=size, leading=leading, spaceBefore=size * 0.5,
                                 spaceAfter=size * 0.35, keepWithNext=1)
        self.centre = ParagraphStyle("centre", parent=self.body, alignment=TA_CENTER)
        self.centre_bold = ParagraphStyle("centre_bold", parent=self.centre, fontName=bold)
        self.title = ParagraphStyle("title", fontName=bold, fontSize=size + 8, leading=size + 13,
                                    alignment=TA_CENTER, spaceAfter=size, textColor=head_colour)
        self.right = ParagraphStyle("right", parent=self.body, alignment=TA_RIGHT)
        self.cell = ParagraphStyle("cell", fontName=family, fontSize=size - 1.5, leading=leading - 2.5)
        self.cell_bold = ParagraphStyle("cell_bold", parent=self.cell, fontName=bold)
        self.small = ParagraphStyle("small", parent=self.body, fontSize=size - 2, leading=leading - 3)


def para(text: str, style) -> Paragraph:
    """A paragraph from plain text; **bold** spans become <b>."""
    parts = esc(text).split("**")
    marked = "".join(f"<b>{p}</b>" if i % 2 else p for i, p in enumerate(parts))
    return Paragraph(marked, style)


def bullets(items, st: Styles, char="•"):
    return [Paragraph(esc(t), st.bullet, bulletText=char) for t in items]


def grid_table(rows, st: Styles, widths, header_fill=colors.HexColor("#d9d9d9"), header=True):
    data = []
    for r, row in enumerate(rows):
        style = st.cell_bold if header and r == 0 else st.cell
        data.append([para(c, style) for c in row])
    t = Table(data, colWidths=widths, repeatRows=1 if header else 0)
    cmds = [("GRID", (0, 0), (-1, -1), 0.6, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]
    if header:
        cmds.append(("BACKGROUND", (0, 0), (-1, 0), header_fill))
    t.setStyle(TableStyle(cmds))
    return t


def build_pdf(path: str, story, header_left: str, header_right: str, family: str, rule=True,
              top=25 * mm, bottom=22 * mm, side=20 * mm, first_page_header=True, page_of=False):
    """Render `story` to an A4 PDF with a running header and a centred 'Page N' (or 'Page N of M') footer.

    With page_of the story is laid out twice: once to count the pages, then for real with the total known."""
    import copy
    import io
    width, height = A4
    total = {"n": 0}

    def decorate(canvas, doc):
        canvas.saveState()
        page = canvas.getPageNumber()
        if first_page_header or page > 1:
            canvas.setFont(family, 8.5)
            canvas.drawString(side, height - 13 * mm, header_left)
            canvas.drawRightString(width - side, height - 13 * mm, header_right)
            if rule:
                canvas.setLineWidth(0.5)
                canvas.line(side, height - 15 * mm, width - side, height - 15 * mm)
        canvas.setFont(family, 9)
        footer = f"Page {page} of {total['n']}" if page_of else f"Page {page}"
        canvas.drawCentredString(width / 2, 11 * mm, footer)
        canvas.restoreState()

    def make(target):
        doc = BaseDocTemplate(target, pagesize=A4, leftMargin=side, rightMargin=side, topMargin=top,
                              bottomMargin=bottom, title=os.path.basename(path), author="", subject="",
                              creator="make_docs.py", invariant=1)
        frame = Frame(side, bottom, width - 2 * side, height - top - bottom, id="body", leftPadding=0,
                      rightPadding=0, topPadding=0, bottomPadding=0)
        doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=decorate)])
        return doc

    if page_of:
        total["n"] = 99
        probe = make(io.BytesIO())
        probe.build(copy.deepcopy(story))
        total["n"] = probe.page
    make(path).build(story)


class Decisions:
    """Collects the decisions a document records: (item as printed, decision sentence, meeting date)."""

    def __init__(self):
        self.rows = []

    def add(self, item: str, text: str, meeting_date: str):
        self.rows.append({"item": item, "text": text, "meeting_date": meeting_date})
        return text


# ----------------------------------------------------------------------------------------------------------
# (e) Sussex Police and Crime Panel, 26 January 2024: ModernGov-style minutes ("1/24", "RESOLVED: That ...")
# ----------------------------------------------------------------------------------------------------------

def sussex(path: str) -> list:
    st = Styles("Sans", 11, 16)
    dec = Decisions()
    date = "2024-01-26"
    s = []
    label_style = ParagraphStyle("label", parent=st.body, fontName="Sans-Bold", spaceAfter=3)

    def item(num, title, minutes_label=False):
        s.append(CondPageBreak(35 * mm))
        s.append(Spacer(1, 2 * mm))
        s.append(Table([[para(num, st.h3), para(title, st.h3)]], colWidths=[18 * mm, 152 * mm],
                       style=[("LEFTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        if minutes_label:
            s.append(para("Minutes:", label_style))
        return f"{num} {title}"

    def p(num, text):
        s.append(para(f"{num}\u2003{text}", st.indent))

    def resolved(item_label, limbs):
        if len(limbs) == 1:
            s.append(para(f"**RESOLVED:** {dec.add(item_label, limbs[0], date)}", st.body))
            return
        s.append(para("**RESOLVED –**", st.body))
        for i, limb in enumerate(limbs, 1):
            s.append(para(f"({i})\u2003{dec.add(item_label, limb, date)}", st.indent))

    s.append(para("Sussex Police and Crime Panel", st.title))
    s.append(para("26 January 2024 – At a meeting of the Sussex Police and Crime Panel held at 10.30 am at County "
                  "Hall, Lewes.", st.centre))
    s.append(para("MINUTES of the meeting held on Friday, 26 January 2024", st.centre_bold))
    s.append(Spacer(1, 3 * mm))
    s.append(para("**Present:** Cllr R Ashdown (West Sussex County Council) (Chairman), Cllr J Meriton (East Sussex "
                  "County Council) (Vice-Chairman), Cllr T Brackley (Adur District Council), Cllr S Fenwick (Arun "
                  "District Council), Cllr H Holloway (Chichester District Council), Cllr N Iqbal (Crawley Borough "
                  "Council), Cllr L Carver (Horsham District Council), Cllr P Lindsay (Mid Sussex District "
                  "Council), Cllr D Gorringe (Worthing Borough Council), Cllr A Moreton (West Sussex County "
                  "Council), Cllr M Hampton (Eastbourne Borough Council), Cllr K Okafor (Hastings Borough "
                  "Council), Cllr P Keene (Lewes District Council), Cllr G Rowntree (Rother District Council), "
                  "Cllr E Wadhurst (Wealden District Council) and Mrs J Ellery (Independent Member).", st.body))
    s.append(para("**Apologies:** Cllr S Patel (Brighton & Hove City Council) and Mr R Dunmore (Independent "
                  "Member).", st.body))
    s.append(para("**Also in attendance:** Mrs Katy Bourne OBE (Sussex Police and Crime Commissioner), Mark Streater "
                  "(Chief Executive and Monitoring Officer, Office of the Sussex Police and Crime Commissioner) and "
                  "Iain McCulloch (Chief Finance Officer, OSPCC).", st.body))
    s.append(para("**Officers:** Tony Kershaw (Clerk to the Panel) and a Democratic Services Officer of West Sussex "
                  "County Council, the host authority.", st.body))
    s.append(para("Part I", st.h2))

    item("1/24", "Declarations of Interest")
    p("1.1", "In line with the code of conduct, Cllr Meriton declared a personal interest as a member of East "
             "Sussex Fire Authority, and Cllr Iqbal declared a personal interest as a trustee of a victim support "
             "charity in Crawley that receives grant funding from the Commissioner.")

    lab = item("2/24", "Minutes of the Previous Meeting")
    resolved(lab, ["That the minutes of the meeting held on 6 October 2023 be approved as a correct record and "
                   "that they be signed by the Chairman."])

    item("3/24", "Urgent Matters")
    p("3.1", "There were no urgent matters.")

    lab = item("4/24", "Public and Panel Questions to the Commissioner", minutes_label=True)
    p("4.1", "The Panel received two written questions from members of the public, together with the "
             "Commissioner’s responses. One asked about speed enforcement in rural villages and the other about "
             "the opening hours of police station front counters.")
    p("4.2", "Members then put questions to the Commissioner. In reply, the Commissioner said that the force was "
             "answering more 999 calls within the national target of ten seconds than a year earlier, and that the "
             "average wait for a 101 call to be answered had fallen; she undertook to circulate the latest monthly "
             "figures to Members.")
    s.append(para("**AGREED** " + dec.add(lab, "that the written responses be noted, and that the Commissioner "
                                                "circulate a note on front counter opening hours in each district "
                                                "before the next meeting.", date), st.body))

    lab = item("5/24", "Final Report of the Budget and Precept Working Group", minutes_label=True)
    p("5.1", "The Panel considered the final report of its Budget and Precept Working Group, introduced by Cllr "
             "Fenwick as Chair of the Working Group. The Group had met the Commissioner and her Chief Finance "
             "Officer three times between October 2023 and January 2024, acting as a critical friend while the "
             "precept proposal was developed.")
    p("5.2", "Cllr Fenwick reported that the Group had been given full access to the force’s medium-term financial "
             "plan and had been assured about the savings programme. The Group felt, however, that the public "
             "could be told more clearly what earlier precept increases had paid for.")
    s.append(para("After discussion, the Panel AGREED the following recommendation:", st.body))
    s.append(para(dec.add(lab, "That the Commissioner sets out in her Annual Report for 2023/24 how the additional "
                               "income from the 2024/25 precept is being used to improve 101 call handling and "
                               "police visibility.", date), st.indent))

    lab = item("6/24", "Proposed Precept 2024/25", minutes_label=True)
    p("6.1", "The Commissioner presented her proposed precept and draft budget for 2024/25. She described this "
             "year’s precept as one of the most critical she had set since she was first elected in 2012.")
    p("6.2", "She proposed an increase of £13 a year for a Band D property, taking the policing element of council "
             "tax from £239.91 in 2023/24 to £252.91 in 2024/25, or about £1.08 a month. Even with the increase, "
             "Sussex Police would have to find £6m of savings to balance its 2024/25 budget; the earlier forecast "
             "had been £8m.")
    p("6.3", "The Commissioner said that crime was continuing to rise and that investigations were becoming more "
             "complex, while the force faced the same inflationary pressures as other organisations. Investment "
             "from earlier precepts had increased police visibility through recruitment, helped to reduce crime "
             "and improved the time taken to answer 999 and 101 calls.")
    p("6.4", "Cllr Keene (Lewes District Council) observed that the increase came at a time of the highest "
             "deprivation for decades and asked how the views of the lowest-income households had been taken into "
             "account. The Commissioner replied that she never took such a decision lightly and accepted that £13 "
             "was a real ask of some households, but noted that more than half of those who had answered her "
             "public survey supported an increase.")
    p("6.5", "The Clerk reminded Members that the Panel could veto the proposed precept only with the votes of at "
             "least two-thirds of its membership at the time, that is 12 of its 18 Members.")
    s.append(KeepTogether([
        para("Table 1: Proposed precept 2024/25 – key figures", st.h3),
        grid_table([["Measure", "Figure"],
                    ["Band D police precept 2023/24", "£239.91"],
                    ["Proposed increase for a Band D property", "£13 a year (about £1.08 a month)"],
                    ["Proposed Band D police precept 2024/25", "£252.91"],
                    ["Percentage increase", "5.4%"],
                    ["Savings needed to balance the 2024/25 budget", "£6m (earlier forecast £8m)"],
                    ["Public survey: respondents supporting an increase", "more than 50%"],
                    ["Votes needed for a veto", "12 of 18 Members"]],
                   st, [105 * mm, 65 * mm]),
        Spacer(1, 3 * mm)]))
    p("6.6", "The proposal was put to the vote and was supported, with 15 of the 16 Members present voting in "
             "favour.")
    resolved(lab, [
        "That the Panel supports the Commissioner’s proposed precept of £252.91 for a Band D property in 2024/25, "
        "an increase of £13;",
        "That the Chairman writes on behalf of the Panel to the Minister of State for Crime, Policing and Fire to "
        "ask for an early review of the police funding formula;",
        "That the Panel’s report on the proposed precept be sent to the Commissioner and published on the Panel’s "
        "website.",
    ])

    lab = item("7/24", "Progress Report on the Police and Crime Plan 2021/24", minutes_label=True)
    p("7.1", "The Commissioner presented her progress report on the final year of her Police and Crime Plan "
             "2021/24. During 2023 she had held six public Performance and Accountability Meetings with the Chief "
             "Constable, Jo Shiner, at which the force’s performance against the Plan’s objectives was examined.")
    p("7.2", "Members welcomed the continued fall in residential burglary but asked for more information about "
             "the time taken to charge suspects in domestic abuse cases. The Commissioner agreed to include charge "
             "times in her next progress report.")
    p("7.3", "The Commissioner reminded the Panel that her current Plan ended in March 2024 and that a new Police "
             "and Crime Plan would be drawn up after the election of a Commissioner in May 2024.")
    resolved(lab, ["That the progress report be noted, and that the next report include the time taken to charge "
                   "suspects in domestic abuse cases."])

    lab = item("8/24", "Quarterly Report of Complaints")
    p("8.1", "The Panel received a report from the Clerk on complaints about the Commissioner received between 1 "
             "October and 31 December 2023. Two complaints had been received; neither was a serious complaint, and "
             "both had been resolved informally.")
    resolved(lab, ["That the report be noted."])

    lab = item("9/24", "Date of Next Meeting")
    p("9.1", "The Panel noted that the reserve date of 9 February 2024, held for any revised precept, would not be "
             "needed, and that its next meeting would take place on Friday 28 June 2024 at County Hall, Lewes.")
    s.append(Spacer(1, 6 * mm))
    s.append(para("The meeting ended at 12.55 pm.", st.body))
    s.append(Spacer(1, 8 * mm))
    s.append(para("Chairman", st.body))

    build_pdf(path, s, "Sussex Police and Crime Panel", "26 January 2024", "Sans", page_of=True)
    return dec.rows


# ----------------------------------------------------------------------------------------------------------
# (f) Avon and Somerset Police and Crime Panel, 4 February 2025: agenda pack (front sheet, agenda, minutes of
#     10 December 2024 with DECISION: boxes, the Commissioner's precept report with Recommendation(s))
# ----------------------------------------------------------------------------------------------------------

def avon_somerset(path: str) -> list:
    st = Styles("Serif", 10.5, 15, head_colour=colors.HexColor("#0b4f3c"))
    dec = Decisions()
    prev = "2024-12-10"
    s = []
    green = colors.HexColor("#0b4f3c")

    # Page 1: front sheet
    s.append(para("Public Document Pack", ParagraphStyle("pdp", parent=st.right, fontName="Serif-Bold")))
    s.append(Spacer(1, 6 * mm))
    s.append(para("Somerset Council", st.centre_bold))
    s.append(para("Avon and Somerset Police and Crime Panel", st.title))
    s.append(Spacer(1, 2 * mm))
    s.append(grid_table([["Date:", "Tuesday, 4 February 2025"], ["Time:", "10.00 am"],
                         ["Venue:", "John Meikle Room, The Deane House, Belvedere Road, Taunton TA1 1HE"],
                         ["Contact:", "Patricia Jones, Democratic Services, Somerset Council"]],
                        st, [30 * mm, 140 * mm], header=False))
    s.append(Spacer(1, 5 * mm))
    s.append(para("Membership", st.h2))
    s.append(para("Councillor Heather Shearer (Chair) and Julie Knight (Vice-Chair, Independent Member), with "
                  "the other members of the Panel: fourteen councillors appointed by Bath and North East Somerset "
                  "Council, Bristol City Council, North Somerset Council, Somerset Council and South "
                  "Gloucestershire Council, and three independent members.", st.body))
    s.append(para("Agenda", st.h2))
    agenda = [
        ("1.", "Apologies for Absence", ""),
        ("2.", "Public Question Time", ""),
        ("3.", "Declarations of Interest", ""),
        ("4.", "Minutes of the meeting held on 10 December 2024", "3 - 4"),
        ("5.", "Chair’s Business", ""),
        ("6.", "Police and Crime Commissioner’s Proposed Precept 2025/26", "5 - 7"),
        ("7.", "Date of Next Meeting", ""),
    ]
    rows = [[para(n, st.body), para(t, st.body), para(f"(Pages {pg})" if pg else "", st.right)]
            for n, t, pg in agenda]
    s.append(Table(rows, colWidths=[12 * mm, 123 * mm, 35 * mm],
                   style=[("LEFTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                          ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.grey)]))
    s.append(Spacer(1, 6 * mm))
    s.append(para("Issued by Democratic Services on 27 January 2025.", st.small))
    s.append(PageBreak())

    # Page 2: notes for the public
    s.append(para("Notes for members of the public", st.h2))
    s.append(para("Public Question Time", st.h3))
    s.append(para("Anyone who lives or works in the Avon and Somerset force area may make a statement or ask up to "
                  "two questions at a meeting of the Panel. Questions must reach Democratic Services at least three "
                  "clear working days before the meeting, and statements by 12 noon on the working day before it. "
                  "Statements and questions must relate to the Panel’s own functions.", st.body))
    s.append(para("The Panel’s role", st.h3))
    s.append(para("The Panel supports and scrutinises the Police and Crime Commissioner. It does not scrutinise the "
                  "Chief Constable or the operational work of Avon and Somerset Police. Once a year it reviews the "
                  "Commissioner’s proposed precept and may support it, make recommendations on it or, by a "
                  "two-thirds majority of its membership, veto it.", st.body))
    s.append(para("Recording of meetings", st.h3))
    s.append(para("The meeting is open to the press and public and may be filmed or recorded. The Chair will "
                  "announce at the start of the meeting if it is being broadcast.", st.body))
    s.append(PageBreak())

    # Pages 3-5: minutes of the previous meeting
    s.append(para("Item 4", st.right))
    s.append(para("AVON AND SOMERSET POLICE AND CRIME PANEL", st.centre_bold))
    s.append(para("Minutes of a meeting of the Avon and Somerset Police and Crime Panel held in the John Meikle Room, "
                  "The Deane House, Taunton, on Tuesday, 10 December 2024 at 10.00 am", st.centre))
    s.append(Spacer(1, 2 * mm))
    s.append(para("**Present:** Councillor Heather Shearer (Chair) (Somerset Council); Julie Knight (Vice-Chair) "
                  "(Independent Member); Councillors R Aldous and M Pennington (Bath and North East Somerset "
                  "Council); Councillors F Ahmed, C Bellamy and T Rowe (Bristol City Council); Councillors J Dyer "
                  "and S Marsh (North Somerset Council); Councillors P Hensley and A Webber (Somerset Council); "
                  "Councillors K Frampton and L Stokes (South Gloucestershire Council); D Latham and E Morgan "
                  "(Independent Members).", st.body))
    s.append(para("**In attendance:** Clare Moody (Police and Crime Commissioner) and officers of the Office of the "
                  "Police and Crime Commissioner; Patricia Jones (Democratic Services Officer, Somerset Council).",
                  st.body))

    def minute(num, title):
        s.append(CondPageBreak(30 * mm))
        s.append(Spacer(1, 1.5 * mm))
        s.append(para(f"{num}\u2003{title}", st.h3))
        return f"{num} {title}"

    def decision(item_label, text):
        box = Table([[para("DECISION:", st.cell_bold), para(dec.add(item_label, text, prev), st.cell)]],
                    colWidths=[27 * mm, 143 * mm])
        box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.9, green),
                                 ("LINEAFTER", (0, 0), (0, 0), 0.5, green),
                                 ("BACKGROUND", (0, 0), (0, 0), colors.HexColor("#e3efe9")),
                                 ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                 ("LEFTPADDING", (0, 0), (-1, -1), 5), ("RIGHTPADDING", (0, 0), (-1, -1), 5),
                                 ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]))
        s.append(KeepTogether([Spacer(1, 1 * mm), box, Spacer(1, 3 * mm)]))

    minute("28.24/25", "Apologies for Absence")
    s.append(para("Apologies were received from Councillor G Tremlett (Somerset Council) and Councillor B Oduya "
                  "(Bristol City Council).", st.body))
    minute("29.24/25", "Public Question Time")
    s.append(para("One statement had been received, from a resident of Frome, about the visibility of "
                  "neighbourhood officers in market towns. The Chair thanked the resident and the statement was "
                  "noted.", st.body))
    minute("30.24/25", "Declarations of Interest")
    s.append(para("There were no declarations of interest.", st.body))
    lab = minute("31.24/25", "Minutes of the meeting held on 1 October 2024")
    decision(lab, "The minutes of the meeting held on 1 October 2024 were confirmed as a correct record and signed "
                  "by the Chair.")
    lab = minute("32.24/25", "Police and Crime Plan 2024–2029")
    s.append(para("The Commissioner presented the final version of her Police and Crime Plan for 2024–2029. The Act "
                  "required her to issue a plan within the financial year in which she was elected. The final plan "
                  "had been shaped by a public consultation that drew more than 1,400 contributions through an "
                  "online survey, postal surveys, public forums and focus groups with groups whose voices were often "
                  "under-represented in policing.", st.body))
    s.append(para("The plan had five priorities:", st.body))
    s.extend(bullets(["Strengthening Neighbourhood Policing, including tackling anti-social behaviour;",
                      "Reducing Violent Crime, with a focus on male violence against women and girls and serious "
                      "youth violence;",
                      "Preventing Crime;",
                      "Supporting Victims; and",
                      "Improving Standards of Policing."], st))
    s.append(para("The Commissioner said that a detailed delivery plan would be drawn up early in 2025 and kept up to "
                  "date throughout her term. Members asked how progress against each priority would be measured and "
                  "reported to the Panel.", st.body))
    decision(lab, "The Panel accepted the Police and Crime Plan 2024–2029 and asked the Commissioner to bring the "
                  "delivery plan, with performance measures for each priority, to its meeting on 25 March 2025.")
    lab = minute("33.24/25", "Precept Consultation and Budget Process 2025/26")
    s.append(para("The Panel received a report on the Commissioner’s consultation on the policing precept for "
                  "2025/26 and on the timetable for setting the budget. The survey had opened in October and would "
                  "close in December; it was available online and on paper, and asked residents how much more, if "
                  "anything, they were willing to pay for policing through council tax.", st.body))
    s.append(para("The Government’s provisional police funding settlement had not yet been announced. Members noted "
                  "that the Commissioner would bring her proposal to the Panel on 4 February 2025.", st.body))
    decision(lab, "The Panel agreed that its Precept Task and Finish Group would meet the Commissioner’s Chief "
                  "Finance Officer in January 2025 to examine the draft budget before the precept meeting.")
    lab = minute("34.24/25", "Commissioner’s Update Report")
    s.append(para("The Commissioner reported on her activity since the last meeting, including her meetings with "
                  "the Chief Constable, Sarah Crew, and her work with partners on serious youth violence.",
                  st.body))
    decision(lab, "The Panel noted the Commissioner’s update report.")
    lab = minute("35.24/25", "Work Programme")
    decision(lab, "The Panel agreed its work programme, adding a report on serious youth violence and knife crime "
                  "for its meeting in September 2025.")
    s.append(para("The meeting closed at 12.40 pm.", st.body))
    s.append(para("CHAIR", st.body))
    s.append(PageBreak())

    # Pages 6-9: the Commissioner's precept report
    s.append(para("Item 6", st.right))
    s.append(para("Avon and Somerset Police and Crime Panel – 4 February 2025", st.h3))
    s.append(para("Proposed Police Precept 2025/26", st.h1))
    s.append(grid_table([["Report of:", "Clare Moody, Police and Crime Commissioner for Avon and Somerset"],
                         ["Purpose:", "To set out the Commissioner’s proposed precept for 2025/26 so that the Panel "
                                      "can review it and report to the Commissioner"],
                         ["Status:", "For decision by the Panel"]], st, [30 * mm, 140 * mm], header=False))
    s.append(para("Recommendation(s)", st.h2))
    s.append(para("The Panel is recommended:", st.body))
    for letter, t in [("a", "to review the Commissioner’s proposal to increase the policing precept by £14 a year "
                            "for an average Band D property in 2025/26;"),
                      ("b", "to support the proposed precept without qualification; and"),
                      ("c", "to make its report on the proposal to the Commissioner by 8 February 2025.")]:
        s.append(para(f"({letter})\u2003{t}", st.indent))

    n = [0]

    def p(text):
        n[0] += 1
        s.append(para(f"{n[0]}.\u2003{text}", st.indent))

    s.append(para("Background", st.h2))
    p("The precept is the part of council tax that pays for local policing. About 57% of the funding of Avon and "
      "Somerset Police comes from central Government grants; the other 43% is raised locally through the precept.")
    p("Each year the Government sets the largest increase that a Commissioner may make without a local referendum. "
      "For 2025/26 the limit is £14 a year for a Band D property, and the Government’s own funding assumptions take "
      "for granted that Commissioners will use it in full.")
    p("Under Schedule 5 to the Police Reform and Social Responsibility Act 2011 the Panel must review the proposed "
      "precept and report on it to the Commissioner by 8 February. A veto requires the votes of at least two-thirds "
      "of the Panel’s members at the time, which with seventeen members means twelve. If the Panel vetoes the "
      "proposal, the Commissioner must put a revised precept to it by 15 February, and the Panel must report on the "
      "revised precept by 22 February.")
    s.append(para("Consultation", st.h2))
    p("The Commissioner’s precept survey ran from October to December 2024, online and by post. In all, 3,146 "
      "residents from across the force area gave their views.")
    p("A majority of respondents, 52%, supported an increase of £10 or more a year for a Band D property. The survey "
      "also asked for views on the five priorities of the Police and Crime Plan, which the Panel considered on 10 "
      "December 2024.")
    s.append(para("The proposal", st.h2))
    p("The Commissioner proposes the full increase of £14 a year for an average Band D property in 2025/26, which is "
      "about £1.16 a month. Households in Bands A to C would pay less.")
    p("The additional income would help Avon and Somerset Police to maintain frontline services, to continue its "
      "work on serious violence and on violence against women and girls, and to invest in work that prevents crime "
      "and anti-social behaviour. The Chief Constable has set out a dedicated programme to tackle knife crime, and "
      "charge rates for rape and serious sexual offences have risen.")
    p("Without the increase the force would face a wider funding gap. Higher employer National Insurance "
      "contributions and pay awards that are not fully funded by the Government add to the pressure on the "
      "budget.")
    s.append(KeepTogether([
        para("Table 1: Key figures for the 2025/26 proposal", st.h3),
        grid_table([["Measure", "Figure"],
                    ["Proposed increase for an average Band D property", "£14 a year"],
                    ["Equivalent monthly increase", "about £1.16"],
                    ["Share of force funding from central Government grants", "57%"],
                    ["Share of force funding from the precept", "43%"],
                    ["Residents who answered the precept survey", "3,146"],
                    ["Respondents supporting an increase of £10 or more", "52%"],
                    ["Votes needed for a veto", "12 of 17 members"]],
                   st, [110 * mm, 60 * mm]),
        Spacer(1, 3 * mm)]))
    s.append(para("Earlier precept decisions", st.h2))
    p("Table 2 sets the proposal beside earlier Band D increases and the Panel’s response to each.")
    s.append(KeepTogether([
        para("Table 2: Band D precept increases and the Panel’s response", st.h3),
        grid_table([["Year", "Band D increase", "Commissioner", "Panel’s response"],
                    ["2019/20", "£24 (12.4%)", "Sue Mountstevens", "Approved by 14 votes to one"],
                    ["2021/22", "£15 proposed; £13.39 revised", "Sue Mountstevens",
                     "First proposal vetoed; revised precept agreed in February 2021"],
                    ["2023/24", "£15 (6%)", "Mark Shelford", "Supported on 1 February 2023"],
                    ["2024/25", "£13", "Mark Shelford", "Agreed on 1 February 2024"],
                    ["2025/26", "£14 (proposed)", "Clare Moody", "For consideration at this meeting"]],
                   st, [22 * mm, 45 * mm, 35 * mm, 68 * mm]),
        Spacer(1, 3 * mm)]))
    p("In 2023/24 the £15 increase raised an additional £8.8m; 3,700 people answered that year’s survey, and 45.3% "
      "of those with an opinion supported the increase.")
    s.append(para("Conclusion", st.h2))
    p("The Commissioner considers the full increase necessary to protect the improvements of recent years and to "
      "deliver the Police and Crime Plan 2024–2029, and asks the Panel to support it.")
    s.append(Spacer(1, 2 * mm))
    s.append(para("Background papers: Police and Crime Plan 2024–2029; precept survey results 2025/26.", st.small))
    s.append(grid_table([["Contact:", "Chief Finance Officer, Office of the Police and Crime Commissioner for Avon "
                                      "and Somerset"]], st, [30 * mm, 140 * mm], header=False))

    build_pdf(path, s, "Avon and Somerset Police and Crime Panel – 4 February 2025", "Somerset Council", "Serif",
              first_page_header=False)
    return dec.rows


# ----------------------------------------------------------------------------------------------------------

DOCS = [
    ("2024-01-26-sussex-pcp-minutes.pdf", sussex),
    ("2025-02-04-avon-somerset-pcp-agenda-pack.pdf", avon_somerset),
]


def ws(text: str) -> str:
    return " ".join(text.split())


def pdftotext_pages(path: str) -> list:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"], capture_output=True, text=True,
                         check=True).stdout
    pages = out.split("\f")
    if pages and not pages[-1].strip():
        pages = pages[:-1]
    return pages


def main() -> int:
    os.makedirs(CORPUS, exist_ok=True)
    gold = []
    problems = []
    for name, builder in DOCS:
        path = os.path.join(CORPUS, name)
        rows = builder(path)
        pages = [ws(p) for p in pdftotext_pages(path)]
        print(f"{name}: {len(pages)} pages, {len(rows)} decisions")
        for row in rows:
            target = ws(row["text"])
            hits = [i + 1 for i, p in enumerate(pages) if target in p]
            if len(hits) != 1:
                problems.append(f"{name}: decision found on pages {hits}: {target[:70]}")
                continue
            gold.append({"file": name, "page": hits[0], "meeting_date": row["meeting_date"],
                         "item": row["item"], "text": target})
        if not 4 <= len(pages) <= 8:
            problems.append(f"{name}: {len(pages)} pages (want 4-8)")
    with open(os.path.join(HERE, "decisions.jsonl"), "w", encoding="utf-8") as f:
        for g in gold:
            f.write(json.dumps(g, ensure_ascii=False) + "\n")
    for p in problems:
        print("PROBLEM:", p, file=sys.stderr)
    print(f"decisions.jsonl: {len(gold)} decisions")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
