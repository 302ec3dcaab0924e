"""A deterministic corpus of bilingual (ko/en) versioned policies, for benchmarks.

Everything here is generated from a seeded :class:`random.Random`, so the same
arguments always give byte-identical sites::

    .venv/bin/python benchmarks/corpus.py OUT --policies 1 --versions 50
    .venv/bin/policypress check -f OUT/policypress/mkdocs.yml

writes three sites from the same texts:

* ``OUT/policypress``: the content model (``docs/<policy>/policy.yml`` and
  ``docs/<policy>/versions/<effective>.yml``) with the repository's plugins,
  theme and i18n configuration;
* ``OUT/naive``: what one would write without policypress: one Markdown page
  per version and language (``docs/<policy>/<date>.ko.md``), Material and
  mkdocs-static-i18n, every version page in the nav;
* the *floor* (:func:`write_floor`) is written by ``run.py`` once it knows how
  many HTML pages the policypress build produced.

Texts are built from a vocabulary of real privacy-policy phrases, in both
languages with the same facts (numbers, dates, phone numbers, laws), Korean
particles chosen by the final consonant of the word they attach to
(개인정보를 / 이름을, 전화로 / 서면으로). Consecutive versions differ by small
edits: a few words or a number changed in one to three sections, occasionally
a sentence added or removed, rarely a section renamed or moved. The last
section always states the version's announcement and effective dates.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import yaml

REPO = Path(__file__).resolve().parent.parent

# -- Korean particles -------------------------------------------------------------

# Digits read with a final consonant: 영(0) 일(1) 삼(3) 육(6) 칠(7) 팔(8);
# ㄹ-final ones (일, 칠, 팔) take 로 like Hangul words ending in ㄹ.
_DIGIT_BATCHIM = set("013678")
_DIGIT_RIEUL = set("178")
_PARTICLES = {"을": ("을", "를"), "은": ("은", "는"), "이": ("이", "가"), "과": ("과", "와"), "으로": ("으로", "로")}


def _final(word: str) -> tuple[bool, bool]:
    """(has a final consonant, that consonant is ㄹ) for the last readable character of ``word``."""
    for char in reversed(word):
        if "가" <= char <= "힣":
            jong = (ord(char) - 0xAC00) % 28
            return jong != 0, jong == 8
        if char.isdigit():
            return char in _DIGIT_BATCHIM, char in _DIGIT_RIEUL
        if char.isalpha():  # Latin: read as English letters/words; good enough
            return char.lower() in "lmnr", char.lower() in "lr"
    return False, False


def josa(word: str, particle: str) -> str:
    """``word`` with the right form of ``particle`` attached.

    >>> josa("이름", "을"), josa("주소", "을"), josa("서면", "으로"), josa("이메일", "으로"), josa("02-3444-2080", "으로")
    ('이름을', '주소를', '서면으로', '이메일로', '02-3444-2080으로')
    """
    batchim, rieul = _final(word)
    with_final, without = _PARTICLES[particle]
    if particle == "으로":
        return word + (with_final if batchim and not rieul else without)
    return word + (with_final if batchim else without)


# -- vocabulary (ko, en) ------------------------------------------------------------

ITEMS = [
    ("이름", "name"), ("생년월일", "date of birth"), ("성별", "sex"), ("휴대전화번호", "mobile phone number"),
    ("이메일 주소", "email address"), ("주소", "postal address"), ("진료기록", "medical records"),
    ("처방전 내역", "prescription history"), ("건강보험 자격 정보", "health insurance eligibility"),
    ("결제 카드 정보", "payment card details"), ("환불 계좌번호", "refund bank account number"),
    ("접속 IP 주소", "IP address"), ("쿠키", "cookies"), ("서비스 이용 기록", "service usage records"),
    ("접속 로그", "access logs"), ("예약 내역", "appointment history"), ("상담 내용", "consultation details"),
    ("법정대리인의 성명", "name of the legal representative"), ("기기 식별번호", "device identifier"),
    ("방문 일시", "date and time of visits"), ("치아 방사선 사진", "dental X-ray images"), ("보험사 청구 내역", "insurance claim history"),
]  # fmt: skip
PURPOSES = [
    ("본인 확인", "identity verification"), ("진료 예약 및 안내", "booking and reminding you of appointments"),
    ("진료비 청구 및 수납", "billing and collecting fees"), ("민원 처리", "handling complaints"),
    ("서비스 품질 개선", "improving our services"), ("공지사항 전달", "delivering notices"),
    ("부정 이용 방지", "preventing fraudulent use"), ("통계 작성", "compiling statistics"),
    ("법령상 의무 이행", "fulfilling legal obligations"), ("건강 정보 안내", "sending health information"),
    ("분쟁 조정", "settling disputes"), ("보험금 청구 지원", "supporting insurance claims"),
]  # fmt: skip
LAWS = [
    ("「개인정보 보호법」", "the Personal Information Protection Act"), ("「의료법」", "the Medical Service Act"),
    ("「전자상거래 등에서의 소비자보호에 관한 법률」", "the Act on Consumer Protection in Electronic Commerce"),
    ("「통신비밀보호법」", "the Protection of Communications Secrets Act"), ("「국민건강보험법」", "the National Health Insurance Act"),
    ("「정보통신망 이용촉진 및 정보보호 등에 관한 법률」", "the Network Act"),
    ("「신용정보의 이용 및 보호에 관한 법률」", "the Credit Information Use and Protection Act"),
    ("「국세기본법」", "the Framework Act on National Taxes"),
]  # fmt: skip
RECORDS = [
    ("계약 또는 청약철회 등에 관한 기록", "Records of contracts or withdrawal of offers"),
    ("대금결제 및 재화 등의 공급에 관한 기록", "Records of payment and supply of goods"),
    ("소비자의 불만 또는 분쟁처리에 관한 기록", "Records of consumer complaints or dispute resolution"),
    ("표시·광고에 관한 기록", "Records of labelling and advertising"),
    ("웹사이트 방문 기록", "Records of website visits"), ("본인확인에 관한 기록", "Records of identity verification"),
    ("진료기록부", "Medical charts"), ("처방전", "Prescriptions"), ("진단서 사본", "Copies of medical certificates"),
]  # fmt: skip
RECIPIENTS = [
    ("건강보험심사평가원", "the Health Insurance Review and Assessment Service"), ("국민건강보험공단", "the National Health Insurance Service"),
    ("(주)한빛정보통신", "Hanbit Information & Communications Co., Ltd."), ("(주)케이페이먼츠", "K-Payments Inc."),
    ("(주)서울메시징", "Seoul Messaging Co., Ltd."), ("(주)누리클라우드", "Nuri Cloud Co., Ltd."),
    ("(주)바른의료정보", "Bareun Medical Information Co., Ltd."), ("(주)다온택배", "Daon Logistics Co., Ltd."),
    ("민간 보험회사", "private insurance companies"), ("관할 보건소", "the local public health center"),
]  # fmt: skip
TASKS = [
    ("문자 메시지 발송", "sending text messages"), ("전자 결제 처리", "processing electronic payments"),
    ("전산 시스템 유지보수", "maintaining our IT systems"), ("진료 예약 시스템 운영", "running the appointment system"),
    ("데이터 보관 및 백업", "storing and backing up data"), ("우편물 발송", "sending postal mail"),
    ("고객 상담 전화 운영", "running the customer call line"), ("보철물 제작 의뢰", "ordering dental prostheses"),
]  # fmt: skip
RIGHTS = [("열람", "access"), ("정정", "correction"), ("삭제", "deletion"), ("처리정지", "suspension of processing"), ("동의 철회", "withdrawal of consent")]
METHODS = [("서면", "in writing"), ("전화", "by phone"), ("이메일", "by email"), ("팩스", "by fax"), ("우편", "by post")]
MEASURES = [
    ("개인정보의 암호화", "encryption of personal information"), ("접근 권한의 관리", "management of access rights"),
    ("접속기록의 보관 및 위조·변조 방지", "keeping access records safe from forgery"),
    ("보안 프로그램의 설치 및 주기적 갱신", "installing security software and updating it regularly"),
    ("개인정보 취급 직원의 최소화 및 교육", "keeping the staff who handle personal information few and trained"),
    ("문서보안을 위한 잠금장치 사용", "locking away paper records"), ("내부관리계획의 수립 및 시행", "an internal management plan"),
    ("정기적인 자체 감사", "regular internal audits"), ("비인가자에 대한 출입 통제", "controlling access by unauthorised people"),
]  # fmt: skip
DEPTS = [("원무과", "the Front Office"), ("개인정보보호팀", "the Privacy Team"), ("고객지원센터", "the Customer Support Center"),
         ("대표원장실", "the Office of the Head Doctor"), ("정보보안팀", "the Information Security Team")]  # fmt: skip
NAMES = [("김민준", "Kim Min-jun"), ("이서연", "Lee Seo-yeon"), ("박지호", "Park Ji-ho"), ("최수아", "Choi Su-a"),
         ("정현우", "Jung Hyun-woo"), ("강하은", "Kang Ha-eun"), ("윤도윤", "Yoon Do-yoon"), ("한지민", "Han Ji-min")]  # fmt: skip
SOURCES = [("홈페이지", "the website"), ("진료 접수 창구", "the reception desk"), ("전화 상담", "phone consultations"),
           ("모바일 앱", "the mobile app"), ("온라인 예약", "online booking")]  # fmt: skip
BROWSERS = [
    ("Chrome: 설정 > 개인 정보 보호 및 보안 > 서드 파티 쿠키", "Chrome: Settings > Privacy and security > Third-party cookies"),
    ("Microsoft Edge: 설정 > 쿠키 및 사이트 권한", "Microsoft Edge: Settings > Cookies and site permissions"),
    ("Safari: 설정 > 개인정보 보호 > 모든 쿠키 차단", "Safari: Settings > Privacy > Block all cookies"),
    ("Firefox: 설정 > 개인 정보 및 보안 > 쿠키 및 사이트 데이터", "Firefox: Settings > Privacy & Security > Cookies and Site Data"),
    ("Whale: 설정 > 개인정보 보호 > 쿠키 및 기타 사이트 데이터", "Whale: Settings > Privacy > Cookies and other site data"),
]  # fmt: skip
AGENCIES = [
    ("개인정보분쟁조정위원회", "the Personal Information Dispute Mediation Committee", "1833-6972", "www.kopico.go.kr"),
    ("개인정보침해신고센터", "the Personal Information Infringement Report Center", "118", "privacy.kisa.or.kr"),
    ("대검찰청", "the Supreme Prosecutors' Office", "1301", "www.spo.go.kr"),
    ("경찰청", "the Korean National Police Agency", "182", "ecrm.police.go.kr"),
]  # fmt: skip

VOCAB: dict[str, list[Any]] = {
    "item": ITEMS, "purpose": PURPOSES, "law": LAWS, "record": RECORDS, "recipient": RECIPIENTS, "task": TASKS,
    "right": RIGHTS, "method": METHODS, "measure": MEASURES, "dept": DEPTS, "name": NAMES, "source": SOURCES,
    "browser": BROWSERS, "agency": AGENCIES,
}  # fmt: skip
#: Numeric slots: the values they may take.
NUMBERS: dict[str, list[int]] = {
    "years": [1, 2, 3, 5, 10], "months": [3, 6, 12, 18, 24], "days": [3, 5, 7, 10, 14, 30], "age": [14],
    "times": [1, 2, 4], "notice": [7, 14, 30],
}  # fmt: skip

MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def date_ko(day: dt.date) -> str:
    return f"{day.year}년 {day.month}월 {day.day}일"


def date_en(day: dt.date) -> str:
    return f"{MONTHS_EN[day.month - 1]} {day.day}, {day.year}"


# -- sentence templates ---------------------------------------------------------------
#
# A template is (slots, render): ``slots`` names the vocabulary or number list
# of each slot, ``render(v, n)`` returns (ko, en) from the chosen entries ``v``
# (tuples (ko, en, ...)) and numbers ``n``. A sentence is (template key, values),
# so an edit changes one value and re-renders.

K = Callable[..., tuple[str, str]]
_T: dict[str, tuple[tuple[str, ...], K]] = {}


def _t(key: str, *slots: str) -> Callable[[K], K]:
    def register(func: K) -> K:
        _T[key] = (slots, func)
        return func

    return register


@_t("col.collect", "purpose", "item", "item", "item")
def _(p, a, b, c):  # type: ignore[no-untyped-def]
    return (f"본원은 {josa(p[0], '을')} 위하여 {a[0]}, {b[0]} 및 {josa(c[0], '을')} 수집합니다.",
            f"The Clinic collects your {a[1]}, {b[1]} and {c[1]} for {p[1]}.")  # fmt: skip


@_t("col.source", "item", "source")
def _(i, s):  # type: ignore[no-untyped-def]
    return (f"{josa(i[0], '은')} {s[0]}에서 이용자가 직접 입력하거나 제출한 경우에만 수집합니다.",
            f"The Clinic collects your {i[1]} only from what you enter or hand in yourself at {s[1]}.")  # fmt: skip


@_t("col.auto", "item", "item")
def _(a, b):  # type: ignore[no-untyped-def]
    return (f"서비스 이용 과정에서 {a[0]}, {josa(b[0], '이')} 자동으로 생성되어 수집될 수 있습니다.",
            f"Your {a[1]} and {b[1]} may be generated and collected automatically while you use our services.")  # fmt: skip


@_t("col.child", "age", "item")
def _(n, i):  # type: ignore[no-untyped-def]
    return (f"만 {n}세 미만 아동의 {josa(i[0], '은')} 법정대리인의 동의를 받아 수집합니다.",
            f"The Clinic collects the {i[1]} of a child under {n} only with the consent of the child's legal representative.")  # fmt: skip


@_t("col.required", "item", "item", "item")
def _(a, b, c):  # type: ignore[no-untyped-def]
    return (f"**[필수항목]** {a[0]}, {b[0]}, {c[0]}", f"**[Required]** {a[1]}, {b[1]}, {c[1]}")


@_t("use.only", "item", "purpose")
def _(i, p):  # type: ignore[no-untyped-def]
    return (f"수집한 {josa(i[0], '은')} {p[0]} 목적으로만 이용되며, 그 밖의 용도로는 이용되지 않습니다.",
            f"The Clinic uses the {i[1]} it collects only for {p[1]} and for no other purpose.")  # fmt: skip


@_t("use.two", "purpose", "purpose")
def _(a, b):  # type: ignore[no-untyped-def]
    return (f"본원은 {josa(a[0], '과')} {josa(b[0], '을')} 위하여 개인정보를 처리합니다.",
            f"The Clinic processes personal information for {a[1]} and {b[1]}.")  # fmt: skip


@_t("use.change", "law")
def _(law):  # type: ignore[no-untyped-def]
    return (f"이용 목적이 변경되는 경우에는 {law[0]}에 따라 별도의 동의를 받는 등 필요한 조치를 이행하겠습니다.",
            f"If the purpose changes, the Clinic will take the steps required by {law[1]}, such as asking for your separate consent.")  # fmt: skip


@_t("ret.law", "item", "law", "years")
def _(i, law, n):  # type: ignore[no-untyped-def]
    return (f"{josa(i[0], '은')} {law[0]}에 따라 {n}년간 보관합니다.",
            f"The Clinic keeps your {i[1]} for {_plural(n, 'year')} under {law[1]}.")  # fmt: skip


@_t("ret.list", "record", "years", "law")
def _(r, n, law):  # type: ignore[no-untyped-def]
    return (f"{r[0]}: {n}년 ({law[0]})", f"{r[1]}: {_plural(n, 'year')} ({law[1]})")


@_t("ret.end", "days")
def _(n):  # type: ignore[no-untyped-def]
    return (f"보유 기간이 끝난 개인정보는 그날부터 {n}일 이내에 파기합니다.",
            f"Personal information whose retention period has ended is destroyed within {n} days.")  # fmt: skip


@_t("ret.months", "item", "months")
def _(i, n):  # type: ignore[no-untyped-def]
    return (f"{josa(i[0], '은')} 마지막 이용일부터 {n}개월이 지나면 분리하여 보관합니다.",
            f"The Clinic stores your {i[1]} separately once {_plural(n, 'month')} have passed since you last used its services.")  # fmt: skip


@_t("des.file", "item")
def _(i):  # type: ignore[no-untyped-def]
    return (f"전자적 파일 형태로 저장된 {josa(i[0], '은')} 기록을 재생할 수 없는 기술적 방법으로 삭제합니다.",
            f"The Clinic deletes your {i[1]} stored in electronic files by technical means that leave nothing to recover.")  # fmt: skip


@_t("des.paper")
def _():  # type: ignore[no-untyped-def]
    return ("종이에 출력된 개인정보는 분쇄기로 분쇄하거나 소각하여 파기합니다.",
            "Personal information printed on paper is shredded or incinerated.")  # fmt: skip


@_t("des.approve", "days")
def _(n):  # type: ignore[no-untyped-def]
    return (f"파기 사유가 발생한 개인정보는 개인정보 보호책임자의 승인을 받아 {n}일 이내에 파기합니다.",
            f"Personal information due for destruction is destroyed within {n} days, with the approval of the privacy officer.")  # fmt: skip


@_t("pro.give", "recipient", "item", "purpose", "years")
def _(r, i, p, n):  # type: ignore[no-untyped-def]
    return (f"본원은 {r[0]}에 {josa(i[0], '을')} 제공하며, 제공받는 자는 이를 {p[0]} 목적으로 {n}년간 보유합니다.",
            f"The Clinic provides your {i[1]} to {r[1]}, which keeps the data for {_plural(n, 'year')} for {p[1]}.")  # fmt: skip


@_t("pro.none")
def _():  # type: ignore[no-untyped-def]
    return ("본원은 법령에 특별한 규정이 있는 경우를 제외하고는 이용자의 동의 없이 개인정보를 제3자에게 제공하지 않습니다.",
            "Except where a law specifically provides otherwise, the Clinic does not provide personal information to third parties without your consent.")  # fmt: skip


@_t("pro.law", "law", "recipient")
def _(law, r):  # type: ignore[no-untyped-def]
    return (f"{law[0]}에 따라 {r[0]}의 요청이 있는 경우에는 필요한 범위에서 개인정보를 제공할 수 있습니다.",
            f"Under {law[1]}, personal information may be provided to the extent necessary when {r[1]} requests it.")  # fmt: skip


@_t("out.task", "task", "recipient")
def _(task, r):  # type: ignore[no-untyped-def]
    return (f"{task[0]}: {r[0]}", f"{task[1][0].upper() + task[1][1:]}: {r[1]}")


@_t("out.contract", "law")
def _(law):  # type: ignore[no-untyped-def]
    return (f"본원은 위탁계약 체결 시 {law[0]}에 따라 위탁업무 수행 목적 외 개인정보 처리 금지, 기술적·관리적 보호조치 등을 계약서에 명시합니다.",
            f"When entering a processing contract, the Clinic writes into it, as {law[1]} requires, that personal information may be processed only for the entrusted work and must be protected.")  # fmt: skip


@_t("out.intro", "task", "recipient")
def _(task, r):  # type: ignore[no-untyped-def]
    return (f"본원은 원활한 서비스 제공을 위하여 {task[0]} 업무를 {r[0]}에 위탁하고 있습니다.",
            f"To provide its services smoothly, the Clinic entrusts {task[1]} to {r[1]}.")  # fmt: skip


@_t("rig.ask", "right", "right")
def _(a, b):  # type: ignore[no-untyped-def]
    return (f"이용자는 언제든지 본원에 대하여 개인정보의 {a[0]} 및 {josa(b[0], '을')} 요구할 수 있습니다.",
            f"You may at any time exercise your rights of {a[1]} and {b[1]} regarding your personal information.")  # fmt: skip


@_t("rig.how", "method", "days")
def _(m, n):  # type: ignore[no-untyped-def]
    return (f"권리 행사는 {josa(m[0], '으로')} 하실 수 있으며, 본원은 요청을 받은 날부터 {n}일 이내에 조치하겠습니다.",
            f"You may exercise these rights {m[1]}, and the Clinic will act within {n} days of receiving your request.")  # fmt: skip


@_t("rig.child", "age")
def _(n):  # type: ignore[no-untyped-def]
    return (f"만 {n}세 미만 아동의 법정대리인은 아동의 개인정보에 대하여 같은 권리를 행사할 수 있습니다.",
            f"The legal representative of a child under {n} may exercise the same rights over the child's personal information.")  # fmt: skip


@_t("wit.ask", "dept", "method")
def _(d, m):  # type: ignore[no-untyped-def]
    return (f"동의 철회 또는 회원 탈퇴를 원하시는 경우 {d[0]}에 {josa(m[0], '으로')} 요청하시면 지체 없이 처리하겠습니다.",
            f"To withdraw your consent or close your account, contact {d[1]} {m[1]}; the Clinic will act without delay.")  # fmt: skip


@_t("wit.keep", "item", "law")
def _(i, law):  # type: ignore[no-untyped-def]
    return (f"다만, {law[0]}에 따라 보존하여야 하는 {josa(i[0], '은')} 탈퇴 후에도 보존 기간 동안 보관합니다.",
            f"However, the Clinic keeps your {i[1]}, which {law[1]} requires it to keep, for the retention period even after you leave.")  # fmt: skip


@_t("coo.use", "purpose")
def _(p):  # type: ignore[no-untyped-def]
    return (f"본원은 {josa(p[0], '을')} 위하여 이용자의 정보를 저장하고 수시로 불러오는 '쿠키(cookie)'를 사용합니다.",
            f"The Clinic uses cookies, which store and retrieve your information, for {p[1]}.")  # fmt: skip


@_t("coo.keep", "months")
def _(n):  # type: ignore[no-untyped-def]
    return (f"쿠키는 최대 {n}개월간 보관되며, 브라우저 설정에서 언제든지 삭제할 수 있습니다.",
            f"Cookies are kept for at most {_plural(n, 'month')}, and you can delete them at any time in your browser's settings.")  # fmt: skip


@_t("coo.browser", "browser")
def _(b):  # type: ignore[no-untyped-def]
    return (b[0], b[1])


@_t("man.officer", "name", "dept")
def _(n, d):  # type: ignore[no-untyped-def]
    return (f"개인정보 보호책임자: {n[0]} ({d[0]})", f"Privacy officer: {n[1]} ({d[1]})")


@_t("man.phone", "phone")
def _(p):  # type: ignore[no-untyped-def]
    return (f"연락처: {p}", f"Phone: {p}")


@_t("man.call", "phone")
def _(p):  # type: ignore[no-untyped-def]
    return (f"개인정보 보호와 관련한 문의는 {josa(p, '으로')} 연락하시기 바랍니다.",
            f"For questions about personal information, please call {p}.")  # fmt: skip


@_t("man.agency", "agency")
def _(a):  # type: ignore[no-untyped-def]
    return (f"{a[0]} (<https://{a[3]}> / {a[2]})", f"{a[1][0].upper() + a[1][1:]} (<https://{a[3]}> / {a[2]})")


@_t("sec.measure", "measure", "measure")
def _(a, b):  # type: ignore[no-untyped-def]
    return (f"본원은 개인정보의 안전성 확보를 위하여 {a[0]}, {josa(b[0], '을')} 시행하고 있습니다.",
            f"To keep personal information safe, the Clinic carries out {a[1]} and {b[1]}.")  # fmt: skip


@_t("sec.train", "times")
def _(n):  # type: ignore[no-untyped-def]
    return (f"개인정보를 취급하는 직원은 연 {n}회 이상 개인정보 보호 교육을 받습니다.",
            f"Staff who handle personal information are trained in data protection at least {_plural(n, 'time')} a year.")  # fmt: skip


@_t("sec.item", "measure")
def _(m):  # type: ignore[no-untyped-def]
    return (m[0], m[1][0].upper() + m[1][1:])


@_t("chg.notice", "notice", "law")
def _(n, law):  # type: ignore[no-untyped-def]
    return (f"이 처리방침이 변경되는 경우 {law[0]}에 따라 시행 {n}일 전부터 홈페이지를 통하여 변경 내용을 공지합니다.",
            f"When this policy changes, the Clinic announces the change on its website from {n} days before it takes effect, as {law[1]} requires.")  # fmt: skip


#: The sections of every policy: id, (ko, en) title, alternative title (a
#: rename), and the templates of its paragraphs ("p") and lists ("ul").
SECTIONS: list[tuple[str, tuple[str, str], tuple[str, str], list[tuple[str, list[str]]]]] = [
    ("collection", ("수집하는 개인정보의 항목 및 수집 방법", "Personal information collected and how"),
     ("처리하는 개인정보의 항목", "Personal information we process"),
     [("p", ["col.collect", "col.source", "col.auto"]), ("ul", ["col.required"]), ("p", ["col.child", "col.source"])]),
    ("purpose", ("개인정보의 처리 목적", "Purposes of processing"), ("개인정보의 수집 및 이용 목적", "Why we collect and use personal information"),
     [("p", ["use.two", "use.only", "use.only"]), ("p", ["use.change"])]),
    ("retention", ("개인정보의 처리 및 보유 기간", "Retention periods"), ("개인정보의 보유 및 이용 기간", "How long we keep personal information"),
     [("p", ["ret.law", "ret.months"]), ("ul", ["ret.list", "ret.list", "ret.list", "ret.list"]), ("p", ["ret.end"])]),
    ("destruction", ("개인정보의 파기 절차 및 방법", "Destruction of personal information"), ("개인정보의 파기", "How we destroy personal information"),
     [("p", ["des.approve", "des.file", "des.paper"])]),
    ("provision", ("개인정보의 제3자 제공", "Provision to third parties"), ("개인정보의 제공 및 공유", "Sharing of personal information"),
     [("p", ["pro.none", "pro.give"]), ("p", ["pro.law", "pro.give"])]),
    ("outsourcing", ("개인정보 처리의 위탁", "Processing by contractors"), ("개인정보 처리업무의 위탁", "Outsourcing of processing"),
     [("p", ["out.intro"]), ("ul", ["out.task", "out.task", "out.task"]), ("p", ["out.contract"])]),
    ("rights", ("정보주체의 권리·의무 및 행사 방법", "Your rights and how to exercise them"), ("이용자 및 법정대리인의 권리", "Rights of users and legal representatives"),
     [("p", ["rig.ask", "rig.how"]), ("p", ["rig.child"])]),
    ("withdrawal", ("동의 철회 및 회원 탈퇴", "Withdrawing consent and closing your account"), ("동의 철회 방법", "How to withdraw consent"),
     [("p", ["wit.ask", "wit.keep"])]),
    ("cookies", ("개인정보 자동 수집 장치의 설치·운영 및 거부", "Cookies and how to refuse them"), ("쿠키의 운영 및 거부", "Use of cookies"),
     [("p", ["coo.use", "coo.keep"]), ("ul", ["coo.browser", "coo.browser", "coo.browser"])]),
    ("manager", ("개인정보 보호책임자", "Privacy officer"), ("개인정보 보호책임자 및 담당부서", "Privacy officer and department"),
     [("ul", ["man.officer", "man.phone"]), ("p", ["man.call"]), ("ul", ["man.agency", "man.agency", "man.agency"])]),
    ("security", ("개인정보의 안전성 확보 조치", "Security measures"), ("개인정보 보호를 위한 기술적·관리적 대책", "Technical and administrative safeguards"),
     [("p", ["sec.measure", "sec.train"]), ("ul", ["sec.item", "sec.item", "sec.item"])]),
    ("changes", ("개인정보 처리방침의 변경", "Changes to this policy"), ("방침 변경에 따른 고지 의무", "Notice of changes"),
     [("p", ["chg.notice"])]),
]  # fmt: skip
SECTION_TEMPLATES = {sid: sorted({key for _kind, keys in blocks for key in keys}) for sid, _t1, _t2, blocks in SECTIONS}

#: Policies of a site, in order; more than five repeat them with a number.
POLICIES = [
    ("privacy", "개인정보 처리방침", "Privacy Policy"), ("terms", "이용약관", "Terms of Use"),
    ("location", "위치기반서비스 이용약관", "Location Services Terms"), ("cctv", "영상정보처리기기 운영·관리 방침", "CCTV Policy"),
    ("youth", "청소년 보호정책", "Youth Protection Policy"),
]  # fmt: skip
OWNER = ("한결치과의원", "Hangyeol Dental Clinic")
START = dt.date(2001, 3, 1)


# -- documents and edits -----------------------------------------------------------------


Sentence = tuple[str, tuple[Any, ...]]  # template key, slot values (vocabulary index or number)


@dataclass
class Section:
    id: str
    renamed: bool
    blocks: list[tuple[str, list[Sentence]]]
    #: Each block's number of sentences in the first version: its length walks around it, never away.
    homes: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.homes = self.homes or [len(sentences) for _kind, sentences in self.blocks]


@dataclass
class Doc:
    """One version of one policy, before rendering."""

    announced: dt.date
    effective: dt.date
    adverse: bool
    sections: list[Section]
    phone: str
    edited: list[str] = field(default_factory=list)
    """Ids of the sections this version changed, for its summary."""


def _slot_value(rng: random.Random, slot: str) -> Any:
    if slot in NUMBERS:
        return rng.choice(NUMBERS[slot])
    if slot == "phone":
        return None  # the document's phone number
    return rng.randrange(len(VOCAB[slot]))


def _sentence(rng: random.Random, key: str, avoid: tuple[Any, ...] = ()) -> Sentence:
    """A new sentence from template ``key``; a slot never repeats a value of another
    slot of the same kind, nor (when possible) the value in ``avoid`` at its position."""
    slots, _render = _T[key]
    values: list[Any] = []
    for index, slot in enumerate(slots):
        values.append(_fresh(rng, slot, [v for s, v in zip(slots, values) if s == slot], avoid[index] if index < len(avoid) else None))
    return key, tuple(values)


def _fresh(rng: random.Random, slot: str, taken: list[Any], avoid: Any = None) -> Any:
    for _attempt in range(8):
        value = _slot_value(rng, slot)
        if value not in taken and (value != avoid or avoid is None):
            return value
    return value


def render_sentence(sentence: Sentence, doc: Doc) -> tuple[str, str]:
    key, values = sentence
    slots, render = _T[key]
    args = []
    for slot, value in zip(slots, values):
        if slot == "phone":
            args.append(doc.phone)
        elif slot in NUMBERS:
            args.append(value)
        else:
            args.append(VOCAB[slot][value])
    return render(*args)


def _phone(rng: random.Random) -> str:
    return rng.choice([f"02-{rng.randint(2000, 3999)}-{rng.randint(1000, 9999)}", f"1588-{rng.randint(1000, 9999)}"])


def _block_sentences(rng: random.Random, keys: list[str]) -> list[Sentence]:
    """Sentences of one block; list items of one template start with different values."""
    out: list[Sentence] = []
    for key in keys:
        firsts = [values[0] for k, values in out if k == key and values]
        sentence = _sentence(rng, key)
        for _attempt in range(8):
            if not sentence[1] or sentence[1][0] not in firsts:
                break
            sentence = _sentence(rng, key)
        out.append(sentence)
    return out


def first_doc(rng: random.Random) -> Doc:
    sections = [
        Section(sid, False, [(kind, _block_sentences(rng, keys)) for kind, keys in blocks]) for sid, _title, _alt, blocks in SECTIONS
    ]
    gap = rng.randint(0, 40)
    effective = START + dt.timedelta(days=gap)
    announced = effective - dt.timedelta(days=rng.randint(7, 14))
    return Doc(announced, effective, False, sections, _phone(rng), edited=[])


def next_doc(rng: random.Random, previous: Doc) -> Doc:
    """The next version: small edits to one to three sections, new dates."""
    doc = copy.deepcopy(previous)
    doc.edited = []
    doc.adverse = rng.random() < 0.1
    notice = 30 if doc.adverse else 7
    # Announced after the previous version took effect, with at least the notice required.
    doc.announced = previous.effective + dt.timedelta(days=rng.randint(3, 60))
    doc.effective = doc.announced + dt.timedelta(days=notice + rng.randint(0, 14))
    editable = [section for section in doc.sections if section.id != "changes"]
    for section in rng.sample(editable, rng.choice([1, 1, 2, 2, 3])):
        _edit_section(rng, section)
        doc.edited.append(section.id)
    if rng.random() < 0.03:
        section = rng.choice(editable)
        section.renamed = not section.renamed
        doc.edited.append(section.id)
    if rng.random() < 0.02:
        # Move a section one place up or down (the "changes" section stays last).
        index = rng.randrange(len(doc.sections) - 2)
        doc.sections[index], doc.sections[index + 1] = doc.sections[index + 1], doc.sections[index]
        doc.edited.append(doc.sections[index + 1].id)
    if rng.random() < 0.02:
        doc.phone = _phone(rng)
        doc.edited.append("manager")
    return doc


def _edit_section(rng: random.Random, section: Section) -> None:
    block = rng.randrange(len(section.blocks))
    kind, sentences = section.blocks[block]
    roll = rng.random()
    templates = SECTION_TEMPLATES[section.id]
    # A block's length is a fair random walk between 1 and 2 × home − 1 sentences, so its mean stays
    # its first length however many versions follow: a long history is many versions of a text of
    # the same size, as a real policy's is, not a text that grows (which had version files four
    # times longer at V = 5,000 than at V = 200, and made every per-version cost look superlinear).
    if roll < 0.11 and len(sentences) < 2 * section.homes[block] - 1:
        # A sentence added.
        sentences.insert(rng.randint(0, len(sentences)), _sentence(rng, rng.choice(templates)))
    elif 0.11 <= roll < 0.22 and len(sentences) > 1:
        # A sentence removed.
        del sentences[rng.randrange(len(sentences))]
    else:
        # A few words: one or two slots of one sentence get another value.
        index = rng.randrange(len(sentences))
        key, values = sentences[index]
        slots = _T[key][0]
        changeable = [i for i, slot in enumerate(slots) if slot != "phone"]
        if not changeable:  # a fixed sentence: replace it by another one
            sentences[index] = _sentence(rng, rng.choice(templates))
            return
        new = list(values)
        for i in rng.sample(changeable, min(len(changeable), rng.choice([1, 1, 2]))):
            taken = [v for j, v in enumerate(new) if j != i and slots[j] == slots[i]]
            taken += [other[1][i] for other in sentences if other[0] == key and len(other[1]) > i]
            new[i] = _fresh(rng, slots[i], taken)
        sentences[index] = (key, tuple(new))


def generate(policy_index: int, versions: int, seed: int = 1) -> list[Doc]:
    """The versions of one policy, oldest first (a prefix of a longer run is identical)."""
    rng = random.Random(f"policypress-bench:{seed}:{policy_index}")
    docs = [first_doc(rng)]
    while len(docs) < versions:
        docs.append(next_doc(rng, docs[-1]))
    return docs


# -- rendering ---------------------------------------------------------------------------


def section_title(section: Section, code: str) -> str:
    for sid, title, alt, _blocks in SECTIONS:
        if sid == section.id:
            return (alt if section.renamed else title)[0 if code == "ko" else 1]
    raise KeyError(section.id)


def section_body(section: Section, doc: Doc, code: str) -> str:
    """Markdown of one section in one language."""
    side = 0 if code == "ko" else 1
    parts = []
    for kind, sentences in section.blocks:
        if not sentences:
            continue
        texts = [render_sentence(sentence, doc)[side] for sentence in sentences]
        texts = [text[0].upper() + text[1:] if side else text for text in texts]
        parts.append(" ".join(texts) if kind == "p" else "\n".join("- " + text for text in texts))
    if section.id == "changes":
        parts.append(
            f"- 공고일자: {date_ko(doc.announced)}\n- 시행일자: {date_ko(doc.effective)}"
            if side == 0
            else f"- Announcement date: {date_en(doc.announced)}\n- Effective date: {date_en(doc.effective)}"
        )
    return "\n\n".join(parts) + "\n"


def preamble(title: tuple[str, str], code: str) -> str:
    if code == "ko":
        return (f"{OWNER[0]}(이하 \"본원\")은 {josa('「개인정보 보호법」', '과')} 관계 법령이 정한 바를 준수하여 이용자의 개인정보를 보호하고 "
                f"이와 관련한 고충을 신속하고 원활하게 처리할 수 있도록 다음과 같이 {josa(title[0], '을')} 수립·공개합니다.\n")  # fmt: skip
    return (f"{OWNER[1]} (\"the Clinic\") complies with the Personal Information Protection Act and related laws, protects your "
            f"personal information and handles related complaints promptly, and publishes this {title[1]} as follows.\n")  # fmt: skip


def summary(doc: Doc, code: str, first: bool) -> str:
    if first:
        return "최초 제정" if code == "ko" else "First version."
    titles = []
    for sid in dict.fromkeys(doc.edited):
        section = next(section for section in doc.sections if section.id == sid)
        titles.append(section_title(section, code))
    # Dated, as real summaries are: two versions editing the same sections never share a summary (an error).
    if code == "ko":
        text = f"{date_ko(doc.effective)} 시행: " + ", ".join(f"「{title}」" for title in titles) + " 조항의 내용을 일부 변경하였습니다."
        return text + (" 이용자에게 불리한 변경이 포함되어 있습니다." if doc.adverse else "")
    text = f"Effective {date_en(doc.effective)}, revised: " + "; ".join(titles) + "."
    return text + (" This change is unfavourable to users." if doc.adverse else "")


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _block(text: str, indent: int) -> str:
    pad = " " * indent
    return "|\n" + "".join(pad + line + "\n" if line else "\n" for line in text.rstrip("\n").split("\n"))


def version_yaml(doc: Doc, title: tuple[str, str], first: bool) -> str:
    lines = [
        f"announced: {doc.announced.isoformat()}",
        f"effective: {doc.effective.isoformat()}",
        f"adverse: {'true' if doc.adverse else 'false'}",
        "summary:",
        f"  ko: {_q(summary(doc, 'ko', first))}",
        f"  en: {_q(summary(doc, 'en', first))}",
        "preamble:",
        f"  ko: {_block(preamble(title, 'ko'), 4)}".rstrip("\n"),
        f"  en: {_block(preamble(title, 'en'), 4)}".rstrip("\n"),
        "sections:",
    ]
    for section in doc.sections:
        lines += [
            f"  - id: {section.id}",
            "    title:",
            f"      ko: {_q(section_title(section, 'ko'))}",
            f"      en: {_q(section_title(section, 'en'))}",
            "    body:",
            f"      ko: {_block(section_body(section, doc, 'ko'), 8)}".rstrip("\n"),
            f"      en: {_block(section_body(section, doc, 'en'), 8)}".rstrip("\n"),
        ]
    return "\n".join(lines) + "\n"


def policy_yaml(title: tuple[str, str]) -> str:
    return (
        f"title: {{ko: {_q(title[0])}, en: {_q(title[1])}}}\n"
        f"owner: {{ko: {_q(OWNER[0])}, en: {_q(OWNER[1])}}}\n"
        "timezone: Asia/Seoul\n"
        "authoritative: ko\n"
        "notice: {days: 7, adverse_days: 30}\n"
    )


def policy_ids(count: int) -> list[tuple[str, str, str]]:
    out = []
    for index in range(count):
        pid, ko, en = POLICIES[index % len(POLICIES)]
        round_ = index // len(POLICIES)
        out.append((pid, ko, en) if round_ == 0 else (f"{pid}-{round_ + 1}", f"{ko} {round_ + 1}", f"{en} {round_ + 1}"))
    return out


def _index_pages(docs_dir: Path, policies: list[tuple[str, str, str]], link: Callable[[str], str]) -> None:
    ko = [f"---\ntitle: {OWNER[0]}\n---\n\n# {OWNER[0]}\n", f"{OWNER[0]}의 정책과 그 변경 이력을 공개합니다.\n"]
    en = [f"---\ntitle: {OWNER[1]}\n---\n\n# {OWNER[1]}\n", f"This site publishes the policies of {OWNER[1]} and every change made to them.\n"]
    for pid, title_ko, title_en in policies:
        ko.append(f"- [{title_ko}]({link(pid)})")
        en.append(f"- [{title_en}]({link(pid)})")
    (docs_dir / "index.ko.md").write_text("\n".join(ko) + "\n", encoding="utf-8")
    (docs_dir / "index.en.md").write_text("\n".join(en) + "\n", encoding="utf-8")


@dataclass(frozen=True)
class _Tagged:
    """A value written with a tag safe YAML does not know (``!!python/object/apply:…`` in ``toc.slugify``), kept as it was."""

    tag: str
    value: Any


class _ConfigLoader(yaml.SafeLoader):
    pass


class _ConfigDumper(yaml.SafeDumper):
    pass


def _construct_tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> _Tagged:
    tag = "tag:yaml.org,2002:python/" + suffix
    if isinstance(node, yaml.MappingNode):
        return _Tagged(tag, loader.construct_mapping(node, deep=True))
    if isinstance(node, yaml.SequenceNode):
        return _Tagged(tag, loader.construct_sequence(node, deep=True))
    return _Tagged(tag, loader.construct_scalar(node))  # type: ignore[arg-type]


def _represent_tagged(dumper: yaml.SafeDumper, data: _Tagged) -> yaml.Node:
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    return dumper.represent_scalar(data.tag, data.value)


_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)
# MkDocs' !ENV [VARIABLE, default] (the plugin's options): kept as written.
_ConfigLoader.add_constructor("!ENV", lambda loader, node: _Tagged("!ENV", loader.construct_sequence(node, deep=True)))
_ConfigDumper.add_representer(_Tagged, _represent_tagged)

#: The example site's own frame (overrides/, its logo and stylesheet): files a corpus site does not have.
_CLINIC_ONLY = ("custom_dir", "logo", "favicon")


def _repo_config() -> dict[str, Any]:
    """The example site's configuration (plugins, theme, Markdown), without the clinic's own files."""
    config: dict[str, Any] = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
    config["theme"] = {key: value for key, value in config["theme"].items() if key not in _CLINIC_ONLY}
    for key in ("extra_css", "exclude_docs"):
        config.pop(key, None)
    return config


def _dump(config: dict[str, Any]) -> str:
    return yaml.dump(config, Dumper=_ConfigDumper, allow_unicode=True, sort_keys=False, width=1000)


def last_effective(docs_by_policy: list[list[Doc]]) -> dt.date:
    return max(docs[-1].effective for docs in docs_by_policy)


def write_policypress(out: Path, policies: list[tuple[str, str, str]], docs_by_policy: list[list[Doc]]) -> None:
    """The policypress site: the content model plus the repository's configuration."""
    if out.exists():
        shutil.rmtree(out)
    docs_dir = out / "docs"
    docs_dir.mkdir(parents=True)
    config = _repo_config()
    config.update(site_name=OWNER[0], site_url="https://bench.example/", site_description=f"{OWNER[0]}의 정책", copyright=f"© {OWNER[0]}")
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "i18n" in plugin:
            for language in plugin["i18n"]["languages"]:
                if language["locale"] == "en":
                    language.update(site_name=OWNER[1], site_description=f"Policies of {OWNER[1]}", copyright=f"© {OWNER[1]}")
    nav: list[Any] = ["index.md"]
    for pid, _ko, _en in policies:
        nav += [f"{pid}/index.md", f"{pid}/history/index.md"]
    config["nav"] = nav + ["updates/index.md"]
    (out / "mkdocs.yml").write_text(_dump(config), encoding="utf-8")
    _index_pages(docs_dir, policies, lambda pid: f"{pid}/index.md")
    for (pid, title_ko, title_en), docs in zip(policies, docs_by_policy):
        folder = docs_dir / pid
        (folder / "versions").mkdir(parents=True)
        (folder / "policy.yml").write_text(policy_yaml((title_ko, title_en)), encoding="utf-8")
        for index, doc in enumerate(docs):
            text = version_yaml(doc, (title_ko, title_en), first=index == 0)
            (folder / "versions" / f"{doc.effective.isoformat()}.yml").write_text(text, encoding="utf-8")
    write_locks(out)


def _site(out: Path) -> Any:
    """The corpus site ``out`` as policypress loads it (imported here: writing the texts needs no policypress)."""
    from policypress.core.languages import Languages
    from policypress.core.loader import load_site

    return load_site(out / "docs", Languages.from_pairs([("ko", "한국어"), ("en", "English")], "ko"))


def write_locks(out: Path) -> None:
    """``versions.lock`` of every policy as ``policypress lock`` leaves it: each version locked on its announcement day."""
    from policypress.core.lock_file import LockFile, PolicyLock, lock_path, new_entry, settings_of

    for policy in _site(out).policies:
        first = min(version.announced for version in policy.versions)
        entries = {version.slug: new_entry(version, version.announced) for version in policy.versions}
        LockFile(lock_path(policy), entries, PolicyLock(first, settings_of(policy.meta))).write()


def naive_page(doc: Doc, title: tuple[str, str], code: str, first: bool) -> str:
    side = 0 if code == "ko" else 1
    when = date_ko(doc.effective) if side == 0 else date_en(doc.effective)
    heading = f"{title[0]} ({when} 시행)" if side == 0 else f"{title[1]} (effective {when})"
    dates = (
        f"공고일: {date_ko(doc.announced)} · 시행일: {date_ko(doc.effective)}"
        if side == 0
        else f"Announced: {date_en(doc.announced)} · Effective: {date_en(doc.effective)}"
    )
    parts = [f"---\ntitle: {_q(heading)}\n---\n", f"# {heading}\n", dates + "\n", "> " + summary(doc, code, first) + "\n", preamble(title, code)]
    for section in doc.sections:
        parts.append(f"## {section_title(section, code)} {{#{section.id}}}\n")
        parts.append(section_body(section, doc, code))
    return "\n".join(parts)


def write_naive(out: Path, policies: list[tuple[str, str, str]], docs_by_policy: list[list[Doc]]) -> None:
    """The same texts as hand-written pages: one per version and language, all in the nav."""
    if out.exists():
        shutil.rmtree(out)
    docs_dir = out / "docs"
    docs_dir.mkdir(parents=True)
    repo = _repo_config()
    theme = dict(repo["theme"])
    plugins = [plugin for plugin in repo["plugins"] if plugin != "policypress" and not (isinstance(plugin, dict) and "policypress" in plugin)]
    config: dict[str, Any] = {
        "site_name": OWNER[0],
        "site_url": "https://bench.example/",
        "theme": theme,
        "plugins": plugins,
        "markdown_extensions": repo.get("markdown_extensions", ["attr_list", "toc"]),
    }
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "i18n" in plugin:
            for language in plugin["i18n"]["languages"]:
                if language["locale"] == "en":
                    language.update(site_name=OWNER[1], site_description=f"Policies of {OWNER[1]}", copyright=f"© {OWNER[1]}")
    nav: list[Any] = ["index.md"]
    _index_pages(docs_dir, policies, lambda pid: f"{pid}/{docs_by_policy[[p[0] for p in policies].index(pid)][-1].effective}.md")
    for (pid, title_ko, title_en), docs in zip(policies, docs_by_policy):
        folder = docs_dir / pid
        folder.mkdir()
        entries = []
        for index, doc in enumerate(docs):
            slug = doc.effective.isoformat()
            for code in ("ko", "en"):
                (folder / f"{slug}.{code}.md").write_text(naive_page(doc, (title_ko, title_en), code, index == 0), encoding="utf-8")
            entries.append(f"{pid}/{slug}.md")  # titled by the page itself, in its language
        nav.append({title_ko: list(reversed(entries))})
    config["nav"] = nav
    (out / "mkdocs.yml").write_text(_dump(config), encoding="utf-8")


def write_floor(out: Path, pages: int) -> None:
    """Plain MkDocs + Material, no i18n or policypress: ``pages`` HTML pages in all
    (index and 404 included), every page but the index out of the nav."""
    if out.exists():
        shutil.rmtree(out)
    docs_dir = out / "docs" / "p"
    docs_dir.mkdir(parents=True)
    config = {
        "site_name": "Floor",
        "site_url": "https://bench.example/",
        "theme": {"name": "material", "font": False},
        "nav": ["index.md"],
        "not_in_nav": "/p/\n",
    }
    (out / "mkdocs.yml").write_text(_dump(config), encoding="utf-8")
    (out / "docs" / "index.md").write_text("# Floor\n\nA minimal page.\n", encoding="utf-8")
    for number in range(max(0, pages - 2)):  # + index.html + 404.html
        (docs_dir / f"{number:05d}.md").write_text(
            f"# Page {number}\n\nA minimal page of the floor benchmark: one title and one short paragraph of text.\n",
            encoding="utf-8",
        )


def edit_newest(site: Path, policy_id: str, round_: int) -> Path:
    """Edit one section of the newest version of ``policy_id`` (both languages); return the file.

    The newest version is published, so the edit is a correction, recorded
    as ``policypress lock --erratum`` records one: a change of wording (a
    word added inside the section's first sentence), never of a fact, which
    an erratum may not change.
    """
    from policypress.core.recording import record_erratum

    path = sorted((site / "docs" / policy_id / "versions").glob("*.yml"))[-1]
    published = _site(site).policy(policy_id).version(path.stem).content_data()
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: security\n")
    for code, word in (("ko", "성실히"), ("en", "carefully")):
        key = f"      {code}: |\n        "
        at = text.index(key, start) + len(key)
        first_word = text.index(" ", at) + 1
        text = text[:first_word] + f"{word} " + text[first_word:]
    path.write_text(text, encoding="utf-8")
    record_erratum(
        _site(site), policy_id, path.stem, f"benchmark edit {round_ + 1}",
        dt.date.fromisoformat(path.stem) + dt.timedelta(days=1), published=published,
    )  # fmt: skip
    return path


def write_sites(out: Path, policies: int, versions: int, seed: int = 1) -> dict[str, Any]:
    """Write ``out/policypress`` and ``out/naive``; return facts about the corpus."""
    ids = policy_ids(policies)
    docs_by_policy = [generate(index, versions, seed) for index in range(policies)]
    write_policypress(out / "policypress", ids, docs_by_policy)
    write_naive(out / "naive", ids, docs_by_policy)
    return {
        "policies": [pid for pid, _ko, _en in ids],
        "versions": versions,
        "last_effective": last_effective(docs_by_policy).isoformat(),
        "newest": {pid: docs[-1].effective.isoformat() for (pid, _ko, _en), docs in zip(ids, docs_by_policy)},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write the sites into")
    parser.add_argument("-p", "--policies", type=int, default=1)
    parser.add_argument("-v", "--versions", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    facts = write_sites(args.out, args.policies, args.versions, args.seed)
    print(json.dumps(facts, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
