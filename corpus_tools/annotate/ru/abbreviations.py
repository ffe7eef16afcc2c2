"""Abbreviations of the 1910s-1930s (and common modern ones) that keep their period.

Data only. Each row is ``(abbreviation, lemma, upos)``:

* ``abbreviation`` -- as usually written, lower case, ending in a period (or spelled without one, like
  ``р-н``, and kept whole by the tokenizer). The tokenizer merges the pieces spaCy cut it into and compares
  them by :func:`key`: spaces after a period are optional (``т. е.``, ``т.е.``, ``т.  е.``, or one line
  break), the first letter may be a capital (``Т. е.``) unless it is a lone letter with its period, which is
  an initial (``Ф.``); the rest must match (``т. Е. Ярославский`` is *товарищ* and an initial).
  Words that can end a sentence (``им.``, ``вол.``, ``пуд.``, ``нарком.``) are deliberately left out.
* ``lemma`` -- the expansion when it is unambiguous (``тов.`` -> ``товарищ``), otherwise the abbreviation itself
  (``г.`` is both *год* and *город*; ``т.`` is *товарищ* and *том*).
* ``upos`` -- the part of speech of the expansion.

Abbreviation tokens count as known words (``oov`` False) and get ``Abbr=Yes`` in ``feats``.
"""
from __future__ import annotations

import re

ABBREVIATIONS: tuple[tuple[str, str, str], ...] = (
    # people and titles
    ("т.", "т.", "NOUN"),                 # товарищ / том
    ("тов.", "товарищ", "NOUN"),
    ("гр.", "гражданин", "NOUN"),
    ("пред.", "председатель", "NOUN"),
    ("зам.", "заместитель", "NOUN"),
    ("зав.", "заведующий", "NOUN"),
    ("нач.", "начальник", "NOUN"),
    ("секр.", "секр.", "NOUN"),           # секретарь / секретно
    ("уполн.", "уполномоченный", "NOUN"),
    ("проф.", "профессор", "NOUN"),
    # time
    ("г.", "г.", "NOUN"),                 # год / город
    ("гг.", "гг.", "NOUN"),
    ("в.", "век", "NOUN"),
    ("вв.", "век", "NOUN"),
    ("н. ст.", "новый стиль", "NOUN"),
    ("ст. ст.", "старый стиль", "NOUN"),
    ("с. г.", "сей год", "NOUN"),
    ("т. г.", "текущий год", "NOUN"),
    ("н. э.", "наша эра", "NOUN"),
    ("до н. э.", "до наша эра", "NOUN"),
    # places and administration
    ("обл.", "область", "NOUN"),
    ("окр.", "округ", "NOUN"),
    ("губ.", "губерния", "NOUN"),
    ("у.", "уезд", "NOUN"),
    ("р-н", "район", "NOUN"),
    ("р-на", "район", "NOUN"),
    ("р-не", "район", "NOUN"),
    ("р-нов", "район", "NOUN"),
    ("р-ны", "район", "NOUN"),
    ("с.", "с.", "NOUN"),                 # село / страница
    ("д.", "д.", "NOUN"),                 # деревня / дело / дом
    ("пос.", "поселок", "NOUN"),
    ("ст.", "ст.", "NOUN"),               # станция / статья / старший
    ("ж.-д.", "железнодорожный", "ADJ"),
    ("с.-х.", "сельскохозяйственный", "ADJ"),
    ("с.-д.", "с.-д.", "ADJ"),             # социал-демократический / социал-демократ («с.-д. партия»)
    ("к-з", "колхоз", "NOUN"),
    ("с-з", "совхоз", "NOUN"),
    ("с/с", "сельсовет", "NOUN"),
    ("а/с", "аулсовет", "NOUN"),
    # archival references: ф. 141, оп. 1, д. 2, л. 5 об.
    ("ф.", "фонд", "NOUN"),
    ("оп.", "опись", "NOUN"),
    ("л.", "лист", "NOUN"),
    ("лл.", "лист", "NOUN"),
    ("об.", "оборот", "NOUN"),
    ("экз.", "экземпляр", "NOUN"),
    ("сов.", "сов.", "ADJ"),              # совершенно / советский
    # numbers and measures
    ("тыс.", "тысяча", "NUM"),
    ("млн.", "миллион", "NUM"),
    ("млрд.", "миллиард", "NUM"),
    ("тыс", "тысяча", "NUM"),             # modern spellings without the period (dev: млн 2 of 2 миллион)
    ("млн", "миллион", "NOUN"),
    ("млрд", "миллиард", "NOUN"),
    ("руб", "рубль", "NOUN"),
    ("зп", "зарплата", "NOUN"),           # dev, Taiga: 5 of 5
    ("руб.", "рубль", "NOUN"),
    ("коп.", "копейка", "NOUN"),
    ("проц.", "процент", "NOUN"),
    ("ц.", "центнер", "NOUN"),
    ("гол.", "голова", "NOUN"),           # голов скота
    ("чел.", "человек", "NOUN"),
    # months (март, май, июнь, июль are written in full)
    ("янв.", "январь", "NOUN"),
    ("февр.", "февраль", "NOUN"),
    ("апр.", "апрель", "NOUN"),
    ("авг.", "август", "NOUN"),
    ("сент.", "сентябрь", "NOUN"),
    ("окт.", "октябрь", "NOUN"),
    ("нояб.", "ноябрь", "NOUN"),
    ("дек.", "декабрь", "NOUN"),
    # texts
    ("ч.", "ч.", "NOUN"),                 # часть / час
    ("п.", "пункт", "NOUN"),
    ("пп.", "пункт", "NOUN"),
    ("стр.", "страница", "NOUN"),
    ("см.", "смотреть", "VERB"),
    ("ср.", "сравнить", "VERB"),
    ("напр.", "например", "ADV"),
    ("соч.", "сочинение", "NOUN"),
    ("изд.", "издание", "NOUN"),
    ("ред.", "редакция", "NOUN"),
    ("прим.", "примечание", "NOUN"),
    # connectives
    ("т. е.", "то есть", "CCONJ"),
    ("т. к.", "так как", "SCONJ"),
    ("т. о.", "таким образом", "ADV"),
    ("т. н.", "так называемый", "ADJ"),
    ("т. наз.", "так называемый", "ADJ"),
    ("м. б.", "может быть", "ADV"),
    ("и. о.", "исполняющий обязанности", "NOUN"),
    ("в т. ч.", "в том числе", "ADV"),
    ("т. ч.", "том числе", "NOUN"),
    ("и т. д.", "и так далее", "X"),
    ("и т. п.", "и тому подобное", "X"),
    ("т. д.", "так далее", "X"),
    ("т. п.", "тому подобное", "X"),
    ("и др.", "и другие", "X"),
    ("и пр.", "и прочие", "X"),
    ("др.", "другой", "ADJ"),
    ("пр.", "прочий", "ADJ"),
)

def key(s: str) -> str:
    """Comparison key of an abbreviation: first letter lower case, ё→е, no spaces after periods."""
    s = (s[:1].lower() + s[1:]).replace("ё", "е")
    return _SPACES.sub(" ", _AFTER_PERIOD.sub(".", s))


_AFTER_PERIOD = re.compile(r"\.\s+")
_SPACES = re.compile(r"\s+")


#: Abbreviations that may end a sentence: a following capital letter starts a new one.
SENTENCE_FINAL: frozenset[str] = frozenset({
    "и т. д.", "и т. п.", "т. д.", "т. п.", "и др.", "и пр.", "др.", "пр.",
})

#: Abbreviations that end a sentence only after a number (``в апреле 1929 г.``) and not when the sentence
#: so far is a short date adverbial (``В 1929 г. Казкрайком ...``).
SENTENCE_FINAL_AFTER_NUMBER: frozenset[str] = frozenset({"г.", "гг.", "в.", "вв."})

#: Acronyms of the era that pymorphy3 does not know or mis-analyses: ``(acronym, lemma, upos)``.
#: Party names with a bracketed letter (``ВКП(б)``) are also caught by a pattern in ``tokenizer.py``.
ACRONYMS: tuple[tuple[str, str, str], ...] = (
    ("ВКП(б)", "вкп(б)", "PROPN"),
    ("РКП(б)", "ркп(б)", "PROPN"),
    ("КП(б)У", "кп(б)у", "PROPN"),
    ("КП(б)К", "кп(б)к", "PROPN"),
    ("ОГПУ", "огпу", "PROPN"),
    ("ПП", "пп", "PROPN"),
    ("ГПУ", "гпу", "PROPN"),
    ("ВЧК", "вчк", "PROPN"),
    ("НКВД", "нквд", "PROPN"),
    ("СНК", "снк", "PROPN"),
    ("ЦИК", "цик", "PROPN"),
    ("ВЦИК", "вцик", "PROPN"),
    ("КазЦИК", "казцик", "PROPN"),
    ("ЦК", "цк", "PROPN"),
    ("ЦКК", "цкк", "PROPN"),
    ("РКИ", "рки", "PROPN"),
    ("КАССР", "касср", "PROPN"),
    ("КССР", "ксср", "PROPN"),
    ("КазССР", "казсср", "PROPN"),
    ("РСФСР", "рсфср", "PROPN"),
    ("СССР", "ссср", "PROPN"),
    ("ТОЗ", "тоз", "NOUN"),
    ("МТС", "мтс", "NOUN"),
    ("Казкрайком", "казкрайком", "PROPN"),
    ("Наркомзем", "наркомзем", "PROPN"),
    ("Наркомзема", "наркомзем", "PROPN"),
    ("Казкрайкома", "казкрайком", "PROPN"),
    ("Казкрайкому", "казкрайком", "PROPN"),
    ("Казкрайкомом", "казкрайком", "PROPN"),
    ("Казкрайкоме", "казкрайком", "PROPN"),
)
