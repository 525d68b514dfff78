"""Validation metrics: AUC, thresholds, binary metrics at a threshold, box IoU and the GIoU loss."""

import numpy as np
import torch


def auc(scores, labels):
    scores = np.asarray(scores, float)
    labels = np.asarray(labels, int)
    pos, neg = scores[labels == 1], scores[labels == 0]
    if len(pos) == 0 or len(neg) == 0:
        return float("nan")
    gt = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return float(gt / (len(pos) * len(neg)))


def youden_threshold(scores, labels):
    """Threshold maximising Youden's J = sens + spec - 1 (ties -> the one closest to 0.5)."""
    scores = np.asarray(scores, float)
    labels = np.asarray(labels, int)
    cands = np.unique(scores)
    # thresholds midway between consecutive distinct scores, predict positive if score >= t
    mids = np.concatenate([[cands[0] - 1e-6], (cands[:-1] + cands[1:]) / 2, [cands[-1] + 1e-6]])
    best, best_t = -2, 0.5
    for t in mids:
        pred = scores >= t
        se = (pred & (labels == 1)).sum() / max(1, (labels == 1).sum())
        sp = (~pred & (labels == 0)).sum() / max(1, (labels == 0).sum())
        j = se + sp - 1
        if j > best + 1e-12 or (abs(j - best) <= 1e-12 and abs(t - 0.5) < abs(best_t - 0.5)):
            best, best_t = j, float(t)
    return float(np.clip(best_t, 0.0, 1.0)), float(best)


def binary_metrics(scores, labels, t):
    scores = np.asarray(scores, float)
    labels = np.asarray(labels, int)
    pred = scores >= t
    tp = int((pred & (labels == 1)).sum())
    tn = int((~pred & (labels == 0)).sum())
    fp = int((pred & (labels == 0)).sum())
    fn = int((~pred & (labels == 1)).sum())
    n = len(labels)
    return dict(
        n=n, nPositive=int((labels == 1).sum()), nNegative=int((labels == 0).sum()),
        accuracy=(tp + tn) / n if n else float("nan"),
        sensitivity=tp / (tp + fn) if tp + fn else float("nan"),
        specificity=tn / (tn + fp) if tn + fp else float("nan"),
        balancedAccuracy=0.5 * ((tp / (tp + fn) if tp + fn else 0) + (tn / (tn + fp) if tn + fp else 0)),
        auc=auc(scores, labels), tp=tp, tn=tn, fp=fp, fn=fn, threshold=t,
    )


def box_iou(a, b):
    ax1, ay1 = a[:, 0] + a[:, 2], a[:, 1] + a[:, 3]
    bx1, by1 = b[:, 0] + b[:, 2], b[:, 1] + b[:, 3]
    iw = (torch.minimum(ax1, bx1) - torch.maximum(a[:, 0], b[:, 0])).clamp(min=0)
    ih = (torch.minimum(ay1, by1) - torch.maximum(a[:, 1], b[:, 1])).clamp(min=0)
    inter = iw * ih
    union = a[:, 2] * a[:, 3] + b[:, 2] * b[:, 3] - inter
    return inter / union.clamp(min=1e-6)


def giou_loss(p, t):
    ax1, ay1 = p[:, 0] + p[:, 2], p[:, 1] + p[:, 3]
    bx1, by1 = t[:, 0] + t[:, 2], t[:, 1] + t[:, 3]
    iw = (torch.minimum(ax1, bx1) - torch.maximum(p[:, 0], t[:, 0])).clamp(min=0)
    ih = (torch.minimum(ay1, by1) - torch.maximum(p[:, 1], t[:, 1])).clamp(min=0)
    inter = iw * ih
    union = (p[:, 2] * p[:, 3] + t[:, 2] * t[:, 3] - inter).clamp(min=1e-6)
    enc = ((torch.maximum(ax1, bx1) - torch.minimum(p[:, 0], t[:, 0])) *
           (torch.maximum(ay1, by1) - torch.minimum(p[:, 1], t[:, 1]))).clamp(min=1e-6)
    return 1 - inter / union + (enc - union) / enc
