"""Association measures for collocations, computed from 2×2 contingency tables.

Convention: window-based *surface co-occurrence* (Evert 2008, section on surface co-occurrence). The windows
around the ``f1`` hits of the node together hold ``R1`` tokens; they are the sample from which the ``O11``
co-occurrences of a collocate are drawn. The table crosses "inside a node window / outside" (rows) with
"is the collocate / is another word" (columns)::

                    collocate        other
    in windows      O11 = f          O12 = R1 − O11        R1
    outside         O21 = f2 − O11   O22 = N − R1 − O21    R2 = N − R1
                    C1 = f2          C2 = N − f2           N

and the expected frequencies under independence are ``E_ij = R_i · C_j / N``. The windows of all hits must
be merged (a token position counts once) and hold no node tokens, so that ``O11 ≤ f2``; :func:`contingency`
raises :class:`~corpus_tools.stats.StatisticsError` on counts that cannot form a table.

Zero cells never raise warnings. Where a score is mathematically infinite (log of 0, division of a
non-zero number by 0) it is ``±inf``; where it is undefined (0/0, e.g. an empty table) it is NaN. The
single exception is Log Ratio, which by its definition adds 0.5 to a zero count (Hardie 2014).

References
----------
Church, K. W. & Hanks, P. (1990). Word association norms, mutual information, and lexicography.
    *Computational Linguistics* 16(1), 22–29.
Church, K., Gale, W., Hanks, P. & Hindle, D. (1991). Using statistics in lexical analysis. In U. Zernik (ed.),
    *Lexical Acquisition*, 115–164. Hillsdale: Erlbaum (t-score).
Daille, B. (1994). *Approche mixte pour l'extraction automatique de terminologie*. PhD thesis, Paris 7 (MI3).
Dennis, S. F. (1965). The construction of a thesaurus automatically from a sample of text. *Proceedings of
    the Symposium on Statistical Association Methods for Mechanized Documentation*, 61–148 (z-score).
Dunning, T. (1993). Accurate methods for the statistics of surprise and coincidence.
    *Computational Linguistics* 19(1), 61–74.
Ellis, N. C. (2006). Language acquisition as rational contingency learning. *Applied Linguistics* 27(1),
    1–24 (ΔP).
Evert, S. (2008). Corpora and collocations. In A. Lüdeling & M. Kytö (eds.), *Corpus Linguistics.
    An International Handbook*, vol. 2, 1212–1248. Berlin: de Gruyter.
Gries, S. Th. (2013). 50-something years of work on collocations. *International Journal of Corpus
    Linguistics* 18(1), 137–165 (ΔP).
Hardie, A. (2014). Log Ratio – an informal introduction. CASS blog, Lancaster University.
Pedersen, T. & Bruce, R. (1996). What to infer from a description. Technical report (minimum sensitivity).
Rychlý, P. (2008). A lexicographer-friendly association score. *Proceedings of RASLAN 2008*, 6–9.
Smadja, F., McKeown, K. R. & Hatzivassiloglou, V. (1996). Translating collocations for bilingual lexicons.
    *Computational Linguistics* 22(1), 1–38 (Dice).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ._checks import StatisticsError, as_counts, require_columns
from ._g2 import signed_g2

__all__ = ["MEASURES", "association_measures", "contingency"]

#: Association measures computed by :func:`association_measures`, in column order.
MEASURES: tuple[str, ...] = ("mi", "mi3", "t", "z", "g2", "dice", "logdice", "log_ratio", "delta_p", "min_sens")

#: Columns :func:`association_measures` needs.
REQUIRED = ("f", "f1", "f2", "N", "R1")

#: Added to a zero count before Log Ratio is taken (Hardie 2014).
LOG_RATIO_ZERO = 0.5


def contingency(f, f1, f2, N, R1) -> pd.DataFrame:
    """Observed and expected 2×2 contingency tables under the window convention, element-wise.

    Parameters
    ----------
    f : array-like
        Co-occurrences of node and collocate inside the node's windows (``O11``).
    f1 : array-like
        Node frequency (hits of the query). Not part of the table under the window convention (it
        enters logDice only); accepted so that one call takes the same counts as
        :func:`association_measures`.
    f2 : array-like
        Collocate frequency in the (sub)corpus (``C1``).
    N : array-like
        Tokens in the (sub)corpus.
    R1 : array-like
        Tokens inside all node windows (the sample ``O11`` is drawn from).

    Returns
    -------
    DataFrame
        ``O11, O12, O21, O22, R1, R2, C1, C2, E11, E12, E21, E22`` (floats), one row per input element
        (scalars give one row).

    Raises
    ------
    StatisticsError
        If a count is negative or missing, or the counts cannot form a table (``f > R1``, ``f > f2``,
        ``R1 > N`` or ``R1 + f2 − f > N``).

    Notes
    -----
    ``O12 = R1 − O11``, ``O21 = C1 − O11``, ``O22 = N − R1 − C1 + O11``, ``R2 = N − R1``,
    ``C2 = N − C1`` and ``E_ij = R_i · C_j / N`` (NaN when ``N = 0``).
    """
    O11, f1_, C1, N_, R1_ = np.broadcast_arrays(
        *(np.atleast_1d(as_counts(v, name=n)) for v, n in ((f, "f"), (f1, "f1"), (f2, "f2"), (N, "N"), (R1, "R1"))))
    del f1_
    if (O11 > R1_).any():
        raise StatisticsError("co-occurrences f exceed the window tokens R1; count R1 over all windows")
    if (O11 > C1).any():
        raise StatisticsError("co-occurrences f exceed the collocate frequency f2; count f2 in the same subcorpus")
    if (R1_ > N_).any() or (R1_ + C1 - O11 > N_).any():
        raise StatisticsError("the window tokens R1 and collocate frequency f2 do not fit into N; "
                              "count N over the same subcorpus")
    O12 = R1_ - O11
    O21 = C1 - O11
    O22 = N_ - R1_ - C1 + O11
    R2 = N_ - R1_
    C2 = N_ - C1
    with np.errstate(divide="ignore", invalid="ignore"):
        inv_n = np.where(N_ > 0, 1.0 / np.where(N_ > 0, N_, 1.0), np.nan)
    return pd.DataFrame({
        "O11": O11, "O12": O12, "O21": O21, "O22": O22, "R1": R1_, "R2": R2, "C1": C1, "C2": C2,
        "E11": R1_ * C1 * inv_n, "E12": R1_ * C2 * inv_n, "E21": R2 * C1 * inv_n, "E22": R2 * C2 * inv_n,
    })


def association_measures(df: pd.DataFrame) -> pd.DataFrame:
    """Add the contingency cells and every association measure in :data:`MEASURES` to a table of counts.

    Parameters
    ----------
    df : DataFrame
        Needs the columns ``f`` (co-occurrences of node and collocate inside the node's windows, = O11),
        ``f1`` (node frequency: hits of the query), ``f2`` (collocate frequency in the (sub)corpus),
        ``N`` (tokens in the (sub)corpus) and ``R1`` (tokens inside all node windows). Other columns
        are kept.

    Returns
    -------
    DataFrame
        A copy of ``df`` with ``O11, O12, O21, O22, E11`` and one column per measure:

        ============ ==========================================================================
        ``mi``        ``log2(O11 / E11)``  (Church & Hanks 1990)
        ``mi3``       ``log2(O11³ / E11)``  (Daille 1994)
        ``t``         ``(O11 − E11) / √O11``  (Church et al. 1991)
        ``z``         ``(O11 − E11) / √E11``  (Dennis 1965)
        ``g2``        ``±2 Σ_ij O_ij · ln(O_ij / E_ij)`` over the four cells, ``0·ln 0 = 0``; negative
                      when ``O11 < E11`` (Dunning 1993; signed as in Evert 2008)
        ``dice``      ``2·O11 / (R1 + C1)``  (Smadja et al. 1996)
        ``logdice``   ``14 + log2(2·f / (f1 + f2))`` — node-frequency form of Sketch Engine (Rychlý 2008)
        ``log_ratio`` ``log2((O11 / R1) / (O21 / R2))``, a zero ``O11`` or ``O21`` replaced by 0.5
                      (Hardie 2014)
        ``delta_p``   ``O11 / R1 − O21 / R2`` = P(collocate | window) − P(collocate | elsewhere)
                      (Ellis 2006; Gries 2013)
        ``min_sens``  ``min(O11 / R1, O11 / C1)``  (Pedersen & Bruce 1996)
        ============ ==========================================================================

    Raises
    ------
    StatisticsError
        If a column is missing or the counts cannot form a table (see :func:`contingency`).

    Notes
    -----
    Window convention (Evert 2008, surface co-occurrence): ``R1`` is the total size of the node windows,
    ``C1 = f2``, ``E11 = R1 · f2 / N``. ``dice`` uses the same margins (``R1`` in place of the node
    frequency); ``logdice`` uses the node frequency ``f1`` as Sketch Engine does, so it is not a
    transformation of ``dice`` here.

    Values at the edges: with ``O11 = 0``, ``mi``, ``mi3`` and ``logdice`` are ``−inf`` and ``t`` is
    ``−inf`` (``−E11/0``); ``z`` is NaN when ``E11 = 0``; ``log_ratio`` is finite thanks to the 0.5
    substitution unless ``R1`` or ``R2`` is 0 (then ±inf or NaN). A table with ``N = 0`` gives NaN throughout.
    Small counts: ``mi`` and ``log_ratio`` are unstable for ``O11`` below about 3–5 (a single
    co-occurrence of two rare words scores highest); filter on ``f`` or rank by ``logdice``/``g2``.

    References
    ----------
    See the module docstring: Church & Hanks 1990; Church et al. 1991; Daille 1994; Dennis 1965;
    Dunning 1993; Ellis 2006; Evert 2008; Gries 2013; Hardie 2014; Pedersen & Bruce 1996; Rychlý 2008;
    Smadja et al. 1996.
    """
    require_columns(df, REQUIRED, what="association_measures")
    t = contingency(df["f"].to_numpy(), df["f1"].to_numpy(), df["f2"].to_numpy(), df["N"].to_numpy(),
                    df["R1"].to_numpy())
    O11, O12, O21, O22 = (t[c].to_numpy() for c in ("O11", "O12", "O21", "O22"))
    R1, R2, C1 = t["R1"].to_numpy(), t["R2"].to_numpy(), t["C1"].to_numpy()
    E11 = t["E11"].to_numpy()
    f1 = as_counts(df["f1"].to_numpy(), name="f1")
    out = df.copy()
    for name in ("O11", "O12", "O21", "O22", "E11"):
        out[name] = t[name].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        out["mi"] = np.log2(O11 / E11)
        out["mi3"] = np.log2(O11 ** 3 / E11)
        out["t"] = (O11 - E11) / np.sqrt(O11)
        out["z"] = (O11 - E11) / np.sqrt(E11)
        out["g2"] = signed_g2([O11, O12, O21, O22], [t[c].to_numpy() for c in ("E11", "E12", "E21", "E22")])
        out["dice"] = 2 * O11 / (R1 + C1)
        out["logdice"] = 14 + np.log2(2 * O11 / (f1 + C1))
        a = np.where(O11 == 0, LOG_RATIO_ZERO, O11)
        b = np.where(O21 == 0, LOG_RATIO_ZERO, O21)
        out["log_ratio"] = np.log2((a / R1) / (b / R2))
        out["delta_p"] = O11 / R1 - O21 / R2
        out["min_sens"] = np.minimum(O11 / R1, O11 / C1)
    return out
