"""What the citizen wants from this message, by rules a person can read.

Asking about a service is the default; the rules catch the other intents the
assistant must treat differently. Each result names the rule that fired.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from pamong.cases import routing
from pamong.core.text import REDUP, normalise


class Intent(StrEnum):
    ASK_SERVICE = "ask_service"
    APPLY = "apply"
    COMPLAINT = "complaint"
    CHECK_STATUS = "check_status"
    ASK_PERSON = "ask_person"
    GREETING = "greeting"
    THANKS = "thanks"
    ACKNOWLEDGE = "acknowledge"  # "ok", "sip", "batal" with nothing being filled in
    EMERGENCY = "emergency"  # a life in danger now ("ada kebakaran", "ada orang tenggelam")
    OFFICE_HOLDER = "office_holder"  # "siapa presiden sekarang": news and politics, not a service


@dataclass(frozen=True)
class Understood:
    intent: Intent
    rule: str


PERSON = re.compile(
    r"\b(bicara|berbicara|ngomong|omong|ngobrol|hubungi|sambung\w*|minta|mau|ketemu|bertemu|dilayani|dibantu)"
    r"\s+(dengan|sama|ke|ama|oleh)?\s*(petugas|operator|manusia|orang|admin|cs)\b"
    # "operator", "petugas dong", "cs tolong": only the call for a person, nothing else
    r"|^(tolong\s+)?(petugas|operator|cs|customer service|manusia)(\s+(tolong|dong|please|aja|saja))?[.!?]*$"
    r"|\b(talk|speak|chat)\s+(to|with)\s+(a|an|the)?\s*(person|human|agent|officer|someone|staff)\b"
    r"|\b(customer service|petugas asli|orang asli|bukan (bot|robot|mesin))\b"
)
STATUS = re.compile(
    r"\b(cek|lacak|lihat|tanya)\s+status\b|\b(cek|lacak)\s+(laporan|pengaduan|permohonan|berkas|tiket)\b"
    r"|\b(sudah|udah|udh|dah|sdh)\s+(sampai|sampe|nyampe)\s+mana\b|\bstatus\s+(permohonan|pengaduan|laporan|berkas|pengajuan|saya)\b"
    r"|\bsudah sampai (mana|mana ya)\b|\b(sudah|udah|dah|sdh)\s+(jadi|selesai|beres|terbit|dicetak)\s+(belum|blm)\b"
    r"|\b(belum|blm)\s+(jadi|selesai|beres|terbit|dicetak|keluar)2?\b|\b(track|check)\s+(my\s+)?(status|application|complaint)\b"
    r"|\bnomor (tiket|pelacakan|registrasi|lacak)\b|\b[A-Z]{2,4}-\d{4,}\b|\b[APSIapsi]\d{4}-[0-9A-Za-z]{6}\b"
)
APPLY = re.compile(
    r"\b(ajukan|mengajukan|isi formulir|kirim permohonan|daftar sekarang|mulai permohonan)\b"
    r"|\b(start|submit|file)\s+(an?\s+)?(application|request)\b|\bapply now\b"
)
COMPLAINT = re.compile(
    r"\b(mau|ingin|akan|saya)\s+(lapor|mengadu|ngadu|komplain|complain|melaporkan)\b(?!\s+kehilangan)"
    r"|\b(pengaduan|keluhan|aduan|mengadu|ngadu|komplain|lapor|laporkan|melaporkan)\s+(tentang|soal|masalah|mengenai)\b"
    r"|^(mengadu|ngadu|komplain|adukan)\b|\b(file|make|submit)\s+a\s+complaint\b"
    # An officer asking for money is a report whatever else is said ("pungli di kelurahan ...").
    r"|\b(pungli|pungutan liar|dipalak|suap|disuap|sogok|bribe|dimintai uang|parkir liar|oknum)\b"
    r"|\bada pungutan\b(?!.*\b(ga|gak|nggak|tidak|enggak|kah)\s*\??$)(?!.*\?$)"
    r"|\b(diminta|dimintai)\s+(uang|duit|\d+\s*(rb|ribu|jt|juta))\b|\bminta\s+\d+\s*(rb|ribu|jt|juta)\b"
    # bad service by a person: rude, sent back and forth, made hard
    r"|\b(jutek|judes|galak|kasar|dipersulit|dilempar2|bolak.?balik|pelayanan\s+(\w+\s+)?(lambat|lama|buruk|jelek))\b"
)
# Who holds an office ("siapa presiden", "gubernur jateng siapa", "who is the mayor") is a
# question about people and politics the catalog cannot answer. Searched, "presiden" met the
# complaint service's agency (Kantor Staf Presiden) and was answered with it at 0.95.
OFFICE = (
    r"(presiden|wakil presiden|wapres|gubernur|wakil gubernur|wagub|bupati|wakil bupati|wali ?kota"
    r"|walkot|wakil wali ?kota|menteri|mentri|camat|lurah|kepala desa|kades|ketua dprd?|anggota dprd?"
    r"|dprd?|kapolri|kapolda|kapolres|kapolsek|panglima tni"
    r"|president|vice president|governor|mayor|regent|minister)"
)
OFFICE_HOLDER = re.compile(
    rf"\bsiapa\s+(nama\s+)?{OFFICE}\b(?!\s+(yang|yg)\b)"
    rf"|\b{OFFICE}(\s+[a-z]+){{0,3}}\s+(itu\s+)?(siapa|sekarang siapa|siapa sekarang)\b"
    rf"|\bwho\s+(is|was|are)\s+(the\s+)?(current\s+)?{OFFICE}\b|^{OFFICE}[?.!]*$"
    r"|\b(capres|cawapres|caleg|pilpres|pileg|pilkada|partai|coblos|nyoblos|pemilu|kampanye)\b"
)
# A problem in a public place, said without "lapor" ("lampu jalan mati sudah seminggu",
# "sampah di TPS belum diangkut"): a complaint, not a question about a service, and not the
# electricity company's business because a lamp is mentioned.
PUBLIC_PLACE = (
    r"(lampu jalan|lampu penerangan|pju|jalan|jln|jembatan|selokan|got|gorong-gorong|drainase|saluran air"
    r"|sampah|trotoar|taman|pohon|halte|lampu lalu lintas|lampu merah|fasilitas umum|fasum|tps|pasar"
    r"|road|street ?lights?|bridge|drain|garbage|trash|rubbish|sidewalk|pavement)"
)
PROBLEM = (
    r"(rusak|berlubang|bolong|mati|padam|menumpuk|numpuk|mampet|tersumbat|tumbang|ambles|amblas|retak"
    r"|longsor|roboh|ambruk|(tidak|gak|nggak|belum) (diangkut|menyala|nyala)|sembarangan"
    r"|broken|damaged|blocked|collapsed|not collected)"
)
PUBLIC_PROBLEM = re.compile(
    rf"\b{PUBLIC_PLACE}\b(\s+\S+){{0,3}}?\s+{PROBLEM}\b|\b{PROBLEM}\s+(\S+\s+){{0,2}}?{PUBLIC_PLACE}\b|\bpotholes?\b|\bstreet ?lights? (is |are )?(out|off)\b"
)
GREETINGS = frozenset(
    [
        "halo",
        "hallo",
        "hai",
        "hi",
        "hello",
        "hey",
        "pagi",
        "siang",
        "sore",
        "malam",
        "selamat",
        "assalamualaikum",
        "assalamu",
        "alaikum",
        "salam",
        "permisi",
        "test",
        "tes",
        "ping",
        "om",
        "swastiastu",
        "shalom",
        "min",
        "mimin",
        "kak",
        "admin",
        # "mau tanya", "permisi pak, numpang tanya", "I have a question": an opening, not a topic
        # (alone, "tanya" ranked the SKTM first).
        "mau",
        "ingin",
        "boleh",
        "bisa",
        "numpang",
        "tanya",
        "nanya",
        "bertanya",
        "dong",
        "ya",
        "pak",
        "bapak",
        "bu",
        "ibu",
        "mas",
        "mbak",
        "sedikit",
        "i",
        "have",
        "a",
        "question",
        "can",
        "ask",
        "tolong",  # "tolong", "tolong bantu saya", "help me": say what the assistant can do
        "bantu",
        "saya",
        "help",
        "me",
        "please",
        "bantuin",
        "dibantu",
    ]
)
THANKS = frozenset(
    [
        "terima",
        "kasih",
        "makasih",
        "trims",
        "thanks",
        "thank",
        "you",
        "thx",
        "tq",
        "nuhun",
        "matur",
        "nuwun",
        "suwun",
        "banyak",
        "sekali",
        "ya",
        "so",
        "much",
        "very",
        "min",
        "kak",
        # "makasih pak", "terima kasih atas infonya", "thanks for the info": still only thanks
        "terimakasih",
        "info",
        "infonya",
        "informasinya",
        "atas",
        "pak",
        "bu",
        "bapak",
        "ibu",
        "mas",
        "mbak",
        "for",
        "the",
    ]
)


# "ok", "siap", and "batal" or "gak jadi" when no form is being filled in (a form takes them
# itself): nothing to answer, so the assistant says it is ready for the next question.
ACKNOWLEDGEMENTS = frozenset(
    [
        "ok",
        "oke",
        "okay",
        "okey",
        "sip",
        "siap",
        "baik",
        "noted",
        "mantap",
        "batal",
        "cancel",
        "jadi",
        "paham",
        "ngerti",
        "mengerti",
        "oh",
        "gitu",
        "begitu",
    ]
)
THANKING = frozenset(
    [
        "terima",
        "kasih",
        "makasih",
        "terimakasih",
        "trims",
        "thanks",
        "thank",
        "thx",
        "tq",
        "nuhun",
        "nuwun",
        "suwun",
    ]
)
ACKNOWLEDGEMENT_FILLERS = frozenset(
    [
        "oh",
        "gitu",
        "gak",
        "nggak",
        "ga",
        "tidak",
        "deh",
        "aja",
        "ya",
        "kak",
        "min",
        "pak",
        "bu",
        "sudah",
        "udah",
    ]
)


def describes_a_problem(text: str) -> bool:
    """The message is itself the report: a problem in a public place ("lampu jalan mati").
    Reduplication is read as the word ("bolong2", "diangkut2")."""
    return bool(PUBLIC_PROBLEM.search(REDUP.sub(r"\1", " ".join(text.lower().split()))))


# A question about the aftermath of a danger (papers that burned, a death certificate, aid or
# insurance for victims) is a service question: "akta kematian korban tenggelam" must be
# answered, not told to call 112.
AFTERMATH = re.compile(
    r"\b(korban|akibat|karena|krn|gara2|gara-gara|bekas|pasca|setelah|urus|mengurus|ngurus|cara|syarat"
    r"|ganti|santunan|bantuan|asuransi|klaim|surat|akta|akte|ktp|e-ktp|kk|kia|sim|ijazah|sertifikat"
    r"|dokumen|berkas|paspor|npwp|victims?|certificate|documents?|replace|insurance)\b",
    re.I,
)


def _emergency(text: str) -> list[str]:
    """The life-threatening reasons the message reports now, unless it asks about the aftermath."""
    if AFTERMATH.search(text):
        return []
    return routing.emergency(text)


def understand(text: str) -> Understood:
    lowered = " ".join(text.lower().split())
    words = normalise(text)
    asks_status = bool(STATUS.search(text) or STATUS.search(lowered))
    # A life in danger comes before anything else, even a request for a person (who answers in
    # working hours); not a status check, which names an earlier report ("cek status laporan
    # kebakaran A2611-...").
    danger = [] if asks_status else _emergency(text)
    if danger:
        return Understood(Intent.EMERGENCY, "reports a danger to life: " + ", ".join(danger))
    if PERSON.search(lowered):
        return Understood(Intent.ASK_PERSON, "asks for a person")
    if asks_status:
        return Understood(Intent.CHECK_STATUS, "asks about the status of a case")
    if COMPLAINT.search(lowered):
        return Understood(Intent.COMPLAINT, "wants to file a complaint")
    if describes_a_problem(lowered):
        return Understood(Intent.COMPLAINT, "reports a problem in a public place")
    if APPLY.search(lowered):
        return Understood(Intent.APPLY, "wants to start an application")
    if OFFICE_HOLDER.search(lowered):
        return Understood(Intent.OFFICE_HOLDER, "asks who holds a public office")
    raw_words = re.findall(r"[a-z]+", lowered)
    if raw_words and all(word in THANKS for word in raw_words):
        return Understood(Intent.THANKS, "only thanks")
    if raw_words and all(word in THANKS | ACKNOWLEDGEMENTS | ACKNOWLEDGEMENT_FILLERS for word in raw_words):
        if set(raw_words) & THANKING:  # "ok thx"
            return Understood(Intent.THANKS, "thanks with an acknowledgement")
        if set(raw_words) & ACKNOWLEDGEMENTS:
            return Understood(Intent.ACKNOWLEDGE, "only an acknowledgement")
    # Normalised too: "tolong bantu sy" and "tlg bantuin aku" are "tolong bantu saya".
    greeting_only = bool(raw_words) and (
        all(word in GREETINGS for word in raw_words) or all(word in GREETINGS for word in words)
    )
    if greeting_only or (not words and not raw_words):
        return Understood(Intent.GREETING, "only a greeting")
    return Understood(Intent.ASK_SERVICE, "default")
