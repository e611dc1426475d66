"""Words agencies write in their records: country names, roles, statuses, sex codes.

Country names are the ones each administration uses and that FollowTheMoney's country
type recognises, so a nationality column cleans to an ISO code on ingest (a test checks
every one). Where an administration's usual form is not recognised (Albanian *Bosnjë e
Hercegovinë*), the commonest recognised form is used instead.
"""

from __future__ import annotations


def _names(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in text.split(";"):
        code, _, name = item.strip().partition("=")
        out[code] = name
    return out


COUNTRY_NAMES: dict[str, dict[str, str]] = {
    "sr": _names(
        "sy=Сирија;af=Авганистан;iq=Ирак;ir=Иран;pk=Пакистан;bd=Бангладеш;in=Индија;"
        "ma=Мароко;eg=Египат;tr=Турска;rs=Србија;mk=Македонија;xk=Косово;al=Албанија;"
        "bg=Бугарска;gr=Грчка;ba=Босна и Херцеговина;me=Црна Гора;hu=Мађарска;hr=Хрватска;"
        "si=Словенија;at=Аустрија;de=Немачка;fr=Француска;gb=Велика Британија"
    ),
    "sr-Latn": _names(
        "sy=Sirija;af=Avganistan;iq=Irak;ir=Iran;pk=Pakistan;bd=Bangladeš;in=Indija;"
        "ma=Maroko;eg=Egipat;tr=Turska;rs=Srbija;mk=Makedonija;xk=Kosovo;al=Albanija;"
        "bg=Bugarska;gr=Grčka;ba=Bosna i Hercegovina;me=Crna Gora;hu=Mađarska;hr=Hrvatska;"
        "si=Slovenija;at=Austrija;de=Nemačka;fr=Francuska;gb=Velika Britanija"
    ),
    "mk": _names(
        "sy=Сирија;af=Авганистан;iq=Ирак;ir=Иран;pk=Пакистан;bd=Бангладеш;in=Индија;"
        "ma=Мароко;eg=Египет;tr=Турција;rs=Србија;mk=Македонија;xk=Косово;al=Албанија;"
        "bg=Бугарија;gr=Грција;ba=Босна и Херцеговина;me=Црна Гора;hu=Унгарија;hr=Хрватска;"
        "si=Словенија;at=Австрија;de=Германија;fr=Франција;gb=Обединето Кралство"
    ),
    "sq": _names(
        "sy=Siri;af=Afganistan;iq=Irak;ir=Iran;pk=Pakistan;bd=Bangladesh;in=Indi;"
        "ma=Marok;eg=Egjipt;tr=Turqi;rs=Serbi;mk=Maqedoni;xk=Kosova;al=Shqipëri;"
        "bg=Bullgari;gr=Greqi;ba=Bosnia;me=Mali i Zi;hu=Hungari;hr=Kroaci;si=Slloveni;"
        "at=Austri;de=Gjermani;fr=Francë;gb=Mbretëria e Bashkuar"
    ),
    "tr": _names(
        "sy=Suriye;af=Afganistan;iq=Irak;ir=İran;pk=Pakistan;bd=Bangladeş;in=Hindistan;"
        "ma=Fas;eg=Mısır;tr=Türkiye;rs=Sırbistan;mk=Kuzey Makedonya;xk=Kosova;al=Arnavutluk;"
        "bg=Bulgaristan;gr=Yunanistan;ba=Bosna-Hersek;me=Karadağ;hu=Macaristan;hr=Hırvatistan;"
        "si=Slovenya;at=Avusturya;de=Almanya;fr=Fransa;gb=Birleşik Krallık"
    ),
    "en": _names(
        "sy=Syria;af=Afghanistan;iq=Iraq;ir=Iran;pk=Pakistan;bd=Bangladesh;in=India;"
        "ma=Morocco;eg=Egypt;tr=Turkey;rs=Serbia;mk=North Macedonia;xk=Kosovo;al=Albania;"
        "bg=Bulgaria;gr=Greece;ba=Bosnia and Herzegovina;me=Montenegro;hu=Hungary;"
        "hr=Croatia;si=Slovenia;at=Austria;de=Germany;fr=France;gb=United Kingdom"
    ),
}
"""Country names by agency language (``sr`` is Serbian Cyrillic)."""

ISO3: dict[str, str] = _names(
    "sy=SYR;af=AFG;iq=IRQ;ir=IRN;pk=PAK;bd=BGD;in=IND;ma=MAR;eg=EGY;tr=TUR;rs=SRB;mk=MKD;"
    "xk=XKX;al=ALB;bg=BGR;gr=GRC;ba=BIH;me=MNE;hu=HUN;hr=HRV;si=SVN;at=AUT;de=DEU;fr=FRA;gb=GBR"
)
"""ISO 3166 alpha-3 codes, as Europol and Border Force systems write nationalities."""

ROLE_NAMES: dict[str, dict[str, str]] = {
    "sr": _names(
        "migrant=мигрант;driver=возач;guide=водич;boat_pilot=скипер;coordinator=организатор;"
        "leader=вођа групе;recruiter=врбовалац;document_forger=фалсификатор;"
        "safe_house_keeper=држалац склоништа;money_collector=благајник;"
        "hawala_banker=хавала банкар;broker=посредник"
    ),
    "sr-Latn": _names(
        "migrant=migrant;driver=vozač;guide=vodič;boat_pilot=skiper;coordinator=organizator;"
        "leader=vođa grupe;recruiter=vrbovalac;document_forger=falsifikator;"
        "safe_house_keeper=držalac skloništa;money_collector=blagajnik;"
        "hawala_banker=havala bankar;broker=posrednik"
    ),
    "mk": _names(
        "migrant=мигрант;driver=возач;guide=водич;boat_pilot=скипер;coordinator=организатор;"
        "leader=водач на групата;recruiter=регрутер;document_forger=фалсификатор;"
        "safe_house_keeper=чувар на засолниште;money_collector=благајник;"
        "hawala_banker=хавала банкар;broker=посредник"
    ),
    "sq": _names(
        "migrant=migrant;driver=shofer;guide=udhërrëfyes;boat_pilot=skafist;"
        "coordinator=organizator;leader=udhëheqës i grupit;recruiter=rekrutues;"
        "document_forger=falsifikues;safe_house_keeper=strehues;money_collector=arkëtar;"
        "hawala_banker=bankier havale;broker=ndërmjetës"
    ),
    "tr": _names(
        "migrant=düzensiz göçmen;driver=şoför;guide=rehber;boat_pilot=kaptan;"
        "coordinator=organizatör;leader=örgüt lideri;recruiter=göçmen toplayıcı;"
        "document_forger=sahte belge düzenleyici;safe_house_keeper=saklama evi sorumlusu;"
        "money_collector=para toplayıcı;hawala_banker=hawaladar;broker=aracı"
    ),
    "en": _names(
        "migrant=passenger;driver=driver;guide=guide;boat_pilot=suspected pilot;"
        "coordinator=coordinator;leader=principal;recruiter=recruiter;"
        "document_forger=document forger;safe_house_keeper=safe-house keeper;"
        "money_collector=money collector;hawala_banker=hawala banker;broker=broker"
    ),
}
"""Role names as each agency records them."""

STATUS_NAMES: dict[str, dict[str, str]] = {
    "sr": {"arrested": "ухапшен", "wanted": "у бекству", "investigated": "под истрагом"},
    "sr-Latn": {"arrested": "uhapšen", "wanted": "u bekstvu", "investigated": "pod istragom"},
    "mk": {"arrested": "приведен", "wanted": "во бегство", "investigated": "под истрага"},
    "sq": {"arrested": "arrestuar", "wanted": "në kërkim", "investigated": "nën hetim"},
    "tr": {"arrested": "tutuklu", "wanted": "firari", "investigated": "soruşturma"},
    "en": {"arrested": "arrested", "wanted": "wanted", "investigated": "under investigation"},
}

SEX_CODES: dict[str, tuple[str, str]] = {
    "sr": ("М", "Ж"),
    "sr-Latn": ("M", "Ž"),
    "mk": ("М", "Ж"),
    "sq": ("M", "F"),
    "tr": ("E", "K"),
    "en": ("M", "F"),
}
"""(male, female) codes; only Albanian and English ones are the M/F that FtM reads."""
