"""Calibration of the malignancy probability (temperature and offset) and the sensitivity-first operating threshold."""

import math

import numpy as np
def tta_prob(l1, l2, t, clamp, b=0.0):
    sig = lambda v: 1 / (1 + np.exp(-(v / t + b)))
    return np.clip(0.5 * (sig(l1) + sig(l2)), clamp, 1 - clamp)


def ece(p, y, bins=10):
    """Expected calibration error: |mean predicted - observed rate| per equal-width bin, weighted by bin size."""
    p, y = np.asarray(p, float), np.asarray(y, float)
    idx = np.minimum((p * bins).astype(int), bins - 1)
    return float(sum(abs(p[idx == k].mean() - y[idx == k].mean()) * (idx == k).sum() for k in range(bins) if (idx == k).any()) / len(p))


def fit_calibration(l1, l2, y, clamp):
    """Temperature and offset (Platt scaling on the logit) minimising the negative log-likelihood on val; a grid
    search, since there are two parameters and little data. Temperature alone cannot undo the shift that
    class-weighted training gives every logit."""
    best = (float("inf"), 1.0, 0.0)
    for t in np.exp(np.linspace(np.log(0.25), np.log(20.0), 160)):
        for b in np.linspace(-8.0, 8.0, 161):
            p = tta_prob(l1, l2, t, clamp, b)
            nll = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
            best = min(best, (nll, float(t), float(b)))
    return best[1], best[2]


def sensitivity_threshold(scores, labels, min_sens):
    """The highest threshold (so the best specificity) whose sensitivity is still >= min_sens: a pre-read
    that misses cancers is worse than one that sends a benign lesion to a specialist."""
    scores, labels = np.asarray(scores, float), np.asarray(labels, int)
    pos = np.sort(scores[labels == 1])[::-1]
    k = int(math.ceil(min_sens * len(pos)))  # at least k positives must score >= t
    kth = pos[k - 1]
    below = scores[scores < kth]
    t = 0.5 * (kth + below.max()) if below.size else kth
    return float(t)
