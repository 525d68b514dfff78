#!/usr/bin/env python3
"""Train the Oasis ultrasound pre-read model for one region and export it to ONNX.

Usage (from the repository root, Debian python):
    /usr/bin/python3 models/training/train.py --region breast  --data /work/shared/datasets/busi --out models/breast/1.0.0
    /usr/bin/python3 models/training/train.py --region thyroid --data /work/shared/datasets/ddti --out models/thyroid/1.0.0

Model contract (see models/training/README.md):
    input  `image`      float32 [N,1,256,256], raw grayscale 0..255 (bilinear resize, no letterbox)
    output `malignancy` float32 [N,1]        sigmoid probability of malignancy
    output `lesion`     float32 [N,1]        sigmoid probability that a lesion is present
    output `box`        float32 [N,4]        [x, y, w, h] normalised 0..1, x,y = top-left corner
    output `heatmap`    float32 [N,1,64,64]  per-cell lesion probability
All normalisation happens inside the graph.
"""
import argparse
import csv
import datetime
import json
import math
import os
import random
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image

IMG = 256
HM = 64

# --------------------------------------------------------------------------------------------
# data


def load_split(data_dir, region):
    rows = list(csv.DictReader(open(os.path.join(data_dir, "labels.csv"))))
    out = {}
    for split in ("train", "val"):
        rs = [r for r in rows if r["split"] == split]
        n = len(rs)
        imgs = np.zeros((n, 1, IMG, IMG), np.uint8)
        masks = np.zeros((n, 1, IMG, IMG), np.uint8)
        has_mask = np.zeros(n, np.float32)
        malignant = np.zeros(n, np.float32)
        lesion = np.zeros(n, np.float32)
        cls_w = np.ones(n, np.float32)  # 1 = counts for the malignancy loss
        for i, r in enumerate(rs):
            im = Image.open(os.path.join(data_dir, "images", r["file"])).convert("L")
            if im.size != (IMG, IMG):
                im = im.resize((IMG, IMG), Image.BILINEAR)
            imgs[i, 0] = np.asarray(im)
            lab = r["label"]
            malignant[i] = 1.0 if lab == "malignant" else 0.0
            lesion[i] = 0.0 if lab == "normal" else 1.0
            if r["mask_file"]:
                m = Image.open(os.path.join(data_dir, "masks", r["mask_file"])).convert("L")
                if m.size != (IMG, IMG):
                    m = m.resize((IMG, IMG), Image.BILINEAR)
                masks[i, 0] = (np.asarray(m) >= 128).astype(np.uint8)
                has_mask[i] = 1.0
            elif lab == "normal":
                # a normal image has no lesion: its lesion map is known to be empty
                has_mask[i] = 1.0
        out[split] = dict(
            files=[r["file"] for r in rs], labels=[r["label"] for r in rs],
            img=torch.from_numpy(imgs), mask=torch.from_numpy(masks),
            has_mask=torch.from_numpy(has_mask), malignant=torch.from_numpy(malignant),
            lesion=torch.from_numpy(lesion), cls_w=torch.from_numpy(cls_w),
            source=["primary"] * n,
        )
    return out


def boxes_from_masks(mask):
    """mask [N,1,H,W] in {0,1} -> (box [N,4] normalised xywh, valid [N])."""
    n, _, h, w = mask.shape
    m = mask[:, 0] > 0.5
    cols = m.any(1)  # [N,W]
    rows = m.any(2)  # [N,H]
    valid = cols.any(1)
    ar_w = torch.arange(w).float()
    ar_h = torch.arange(h).float()
    big = 1e9
    x0 = torch.where(cols, ar_w, torch.full_like(ar_w, big)).min(1).values
    x1 = torch.where(cols, ar_w, torch.full_like(ar_w, -big)).max(1).values
    y0 = torch.where(rows, ar_h, torch.full_like(ar_h, big)).min(1).values
    y1 = torch.where(rows, ar_h, torch.full_like(ar_h, -big)).max(1).values
    box = torch.stack([x0 / w, y0 / h, (x1 - x0 + 1) / w, (y1 - y0 + 1) / h], 1)
    box = torch.where(valid[:, None], box, torch.zeros_like(box))
    return box.clamp(0, 1), valid


def augment(img, mask, gen, strength=1.0):
    """Batch augmentation on raw 0..255 images. img float [B,1,H,W], mask float [B,1,H,W]."""
    b = img.shape[0]

    def U(lo, hi, *shape):
        return torch.rand(*(shape or (b,)), generator=gen) * (hi - lo) + lo

    # geometric: horizontal flip, rotation, anisotropic scale, translation (image + mask together)
    flip = (torch.rand(b, generator=gen) < 0.5).float() * -2 + 1
    ang = U(-12, 12) * math.pi / 180 * strength
    sx = torch.exp(U(-0.15, 0.15) * strength)
    sy = sx * torch.exp(U(-0.12, 0.12) * strength)
    tx = U(-0.10, 0.10) * strength
    ty = U(-0.10, 0.10) * strength
    cos, sin = torch.cos(ang), torch.sin(ang)
    # affine_grid maps output coords -> input coords; 1/s zooms in for s>1
    theta = torch.zeros(b, 2, 3)
    theta[:, 0, 0] = cos / sx * flip
    theta[:, 0, 1] = -sin / sx
    theta[:, 1, 0] = sin / sy * flip
    theta[:, 1, 1] = cos / sy
    theta[:, 0, 2] = tx
    theta[:, 1, 2] = ty
    grid = F.affine_grid(theta, img.shape, align_corners=False)
    img = F.grid_sample(img, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
    mask = F.grid_sample(mask, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
    mask = (mask > 0.5).float()

    x = img / 255.0
    # gamma, contrast, brightness
    gamma = torch.exp(U(-0.35, 0.35) * strength).view(b, 1, 1, 1)
    x = x.clamp(0, 1) ** gamma
    c = torch.exp(U(-0.3, 0.3) * strength).view(b, 1, 1, 1)
    br = (U(-0.1, 0.1) * strength).view(b, 1, 1, 1)
    mean = x.mean((2, 3), keepdim=True)
    x = (x - mean) * c + mean + br
    # speckle-like multiplicative noise (spatially correlated a little), plus a bit of blur sometimes
    sig = (U(0.0, 0.25) * strength).view(b, 1, 1, 1)
    noise = torch.randn(x.shape, generator=gen)
    noise = F.avg_pool2d(noise, 3, 1, 1) * 2.0
    x = x * (1 + sig * noise)
    blur = (torch.rand(b, generator=gen) < 0.25).view(b, 1, 1, 1).float()
    x = blur * F.avg_pool2d(x, 3, 1, 1) + (1 - blur) * x
    x = (x.clamp(0, 1) * 255.0)
    return x, mask


# --------------------------------------------------------------------------------------------
# model


def cbr(cin, cout, stride=1, k=3):
    return nn.Sequential(nn.Conv2d(cin, cout, k, stride, k // 2, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class ResBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.c1 = cbr(cin, cout, stride)
        self.c2 = nn.Sequential(nn.Conv2d(cout, cout, 3, 1, 1, bias=False), nn.BatchNorm2d(cout))
        self.skip = None
        if stride != 1 or cin != cout:
            self.skip = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, 0, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        s = x if self.skip is None else self.skip(x)
        return F.relu(self.c2(self.c1(x)) + s)


class PreReadNet(nn.Module):
    """Compact residual CNN with a small FPN for the 64x64 heatmap.

    Normalisation in the graph: x/255, then per-image standardisation (mean/std over the image),
    which makes the model insensitive to global gain/offset differences between scanners.
    """

    def __init__(self, width=(24, 32, 64, 128, 192), dropout=0.3):
        super().__init__()
        w0, w1, w2, w3, w4 = width
        self.stem = cbr(1, w0, 2)                 # 128
        self.l1 = ResBlock(w0, w1, 2)             # 64
        self.l2 = ResBlock(w1, w2, 2)             # 32
        self.l3 = ResBlock(w2, w3, 2)             # 16
        self.l4 = ResBlock(w3, w4, 2)             # 8
        f = 48
        self.lat4 = nn.Conv2d(w4, f, 1)
        self.lat3 = nn.Conv2d(w3, f, 1)
        self.lat2 = nn.Conv2d(w2, f, 1)
        self.lat1 = nn.Conv2d(w1, f, 1)
        self.hm_head = nn.Sequential(cbr(f, f), nn.Conv2d(f, 1, 1))
        self.drop = nn.Dropout(dropout)
        self.cls = nn.Linear(2 * w4, 2)           # [malignancy, lesion] logits
        self.box = nn.Sequential(nn.Linear(2 * w4 + 4, 64), nn.ReLU(inplace=True), nn.Linear(64, 4))
        nn.init.constant_(self.hm_head[-1].bias, -2.0)

    def forward(self, x):
        x = x / 255.0
        m = x.mean((2, 3), keepdim=True)
        s = ((x - m) ** 2).mean((2, 3), keepdim=True)
        x = (x - m) / torch.sqrt(s + 1e-4)
        x = self.stem(x)
        c1 = self.l1(x)
        c2 = self.l2(c1)
        c3 = self.l3(c2)
        c4 = self.l4(c3)
        p = self.lat4(c4)
        p = F.interpolate(p, scale_factor=2.0, mode="nearest") + self.lat3(c3)
        p = F.interpolate(p, scale_factor=2.0, mode="nearest") + self.lat2(c2)
        p = F.interpolate(p, scale_factor=2.0, mode="nearest") + self.lat1(c1)
        hm_logit = self.hm_head(p)                # [N,1,64,64]
        g = torch.cat([c4.mean((2, 3)), c4.amax((2, 3))], 1)
        logits = self.cls(self.drop(g))
        # heatmap moments (centre and spread of the predicted lesion mass) feed the box head
        pm = torch.sigmoid(hm_logit.detach())[:, 0]
        tot = pm.sum((1, 2)) + 1e-3
        grid = (torch.arange(HM, dtype=x.dtype) + 0.5) / HM
        px = pm.sum(1) / tot[:, None]             # [N,64] column marginal
        py = pm.sum(2) / tot[:, None]
        cx = (px * grid).sum(1)
        cy = (py * grid).sum(1)
        sx = torch.sqrt((px * (grid - cx[:, None]) ** 2).sum(1) + 1e-6)
        sy = torch.sqrt((py * (grid - cy[:, None]) ** 2).sum(1) + 1e-6)
        mom = torch.stack([cx, cy, sx, sy], 1)
        # box = moment-based prior box (centre +- 2 std) + learned correction, in logit space
        prior = torch.stack([cx - 2 * sx, cy - 2 * sy, 4 * sx, 4 * sy], 1).clamp(0.02, 0.98)
        prior_logit = torch.log(prior / (1 - prior))
        box_logit = prior_logit + self.box(torch.cat([g, mom], 1))
        return logits[:, 0:1], logits[:, 1:2], box_logit, hm_logit


class ExportWrapper(nn.Module):
    """Applies the sigmoids so the ONNX graph returns probabilities; optional horizontal-flip TTA."""

    def __init__(self, net, tta=True):
        super().__init__()
        self.net = net
        self.tta = tta

    def forward(self, image):
        mal, les, box, hm = self.net(image)
        mal, les, box, hm = torch.sigmoid(mal), torch.sigmoid(les), torch.sigmoid(box), torch.sigmoid(hm)
        if self.tta:
            mal2, les2, box2, hm2 = self.net(torch.flip(image, [3]))
            mal = 0.5 * (mal + torch.sigmoid(mal2))
            les = 0.5 * (les + torch.sigmoid(les2))
            hm = 0.5 * (hm + torch.flip(torch.sigmoid(hm2), [3]))
            b2 = torch.sigmoid(box2)
            # un-flip box: x' = 1 - x - w
            b2 = torch.cat([1 - b2[:, 0:1] - b2[:, 2:3], b2[:, 1:4]], 1)
            box = 0.5 * (box + b2)
        return mal, les, box.clamp(0.0, 1.0), hm


# --------------------------------------------------------------------------------------------
# metrics


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


# --------------------------------------------------------------------------------------------
# train / evaluate


@torch.no_grad()
def predict(model, img, bs=32):
    model.eval()
    outs = []
    for i in range(0, img.shape[0], bs):
        outs.append(model(img[i:i + bs].float()))
    return [torch.cat([o[k] for o in outs]) for k in range(4)]


def evaluate(wrapper, split, region):
    mal, les, box, hm = predict(wrapper, split["img"])
    mal = mal[:, 0].numpy()
    les = les[:, 0].numpy()
    labels = np.array(split["labels"])
    res = {}
    bm = labels != "normal"
    res["mal_scores"] = mal
    res["bm_mask"] = bm
    res["mal_auc_bm"] = auc(mal[bm], (labels[bm] == "malignant").astype(int))
    res["mal_auc_all"] = auc(mal, (labels == "malignant").astype(int))
    if region == "breast":
        res["lesion_auc"] = auc(les, (labels != "normal").astype(int))
    gt_box, valid = boxes_from_masks(split["mask"].float())
    valid = valid & (split["lesion"] > 0.5)
    if valid.any():
        res["box_iou"] = float(box_iou(box[valid], gt_box[valid]).mean())
        res["n_box"] = int(valid.sum())
    hmask = split["has_mask"] > 0.5
    if hmask.any():
        tgt = F.avg_pool2d(split["mask"].float(), IMG // HM)
        p = hm[hmask]
        t = (tgt[hmask] > 0.5).float()
        les_m = hmask & (split["lesion"] > 0.5)
        if les_m.any():
            pl = (hm[les_m] > 0.5).float()
            tl = (tgt[les_m] > 0.5).float()
            inter = (pl * tl).sum((1, 2, 3))
            res["heatmap_dice_lesions"] = float((2 * inter / (pl.sum((1, 2, 3)) + tl.sum((1, 2, 3)) + 1e-6)).mean())
    return res


def set_seed(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def train(args, data, log):
    set_seed(args.seed)
    gen = torch.Generator().manual_seed(args.seed)
    tr = data["train"]
    n = tr["img"].shape[0]
    model = PreReadNet(width=tuple(args.width), dropout=args.dropout)
    nparams = sum(p.numel() for p in model.parameters())
    log(f"params: {nparams}")
    ema = PreReadNet(width=tuple(args.width), dropout=args.dropout)
    ema.load_state_dict(model.state_dict())
    for p in ema.parameters():
        p.requires_grad_(False)

    # class balancing: per-sample weights so that each class contributes equally to its loss,
    # computed within each source dataset (tr["source"]) when extra data is mixed in
    labels = np.array(tr["labels"])
    source = np.array(tr["source"])
    mal_w = np.zeros(n, np.float32)
    les_w = np.ones(n, np.float32)
    samp_w = np.ones(n, np.float32)
    for src in sorted(set(source)):
        sel = source == src
        ns = sel.sum()
        n_mal = (sel & (labels == "malignant")).sum()
        n_ben = (sel & (labels == "benign")).sum()
        n_nor = (sel & (labels == "normal")).sum()
        mal_w[sel & (labels == "malignant")] = 0.5 * ns / max(1, n_mal)
        if n_nor:
            # negatives for malignancy: benign, and normal with a smaller share
            mal_w[sel & (labels == "benign")] = 0.5 * ns / max(1, n_ben) * 0.8
            mal_w[sel & (labels == "normal")] = 0.5 * ns / max(1, n_nor) * 0.2
            les_w[sel & (labels == "normal")] = 0.5 * ns / n_nor
            les_w[sel & (labels != "normal")] = 0.5 * ns / (ns - n_nor)
        else:
            mal_w[sel & (labels == "benign")] = 0.5 * ns / max(1, n_ben)
        # sampling: oversample rarer classes moderately (1/sqrt(count)) on top of the loss weights
        for lab in set(labels[sel]):
            cnt = (sel & (labels == lab)).sum()
            samp_w[sel & (labels == lab)] = 1.0 / math.sqrt(cnt)
        if src != "primary":
            samp_w[sel] *= args.extra_share
    mal_w = torch.from_numpy(mal_w)
    les_w = torch.from_numpy(les_w)
    samp_w = torch.from_numpy(samp_w)
    # images with masks carry the only localisation signal: sample them a bit more often
    samp_w = samp_w * (1 + 0.5 * tr["has_mask"])
    samp_w = samp_w / samp_w.sum()

    steps_per_epoch = math.ceil(n / args.batch)
    total = steps_per_epoch * args.epochs
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.wd)
    warm = steps_per_epoch * 2

    def lr_at(s):
        if s < warm:
            return args.lr * (s + 1) / warm
        return args.lr * 0.5 * (1 + math.cos(math.pi * (s - warm) / max(1, total - warm)))

    step = 0
    t0 = time.time()
    ewrap = ExportWrapper(ema, tta=False)
    for ep in range(args.epochs):
        model.train()
        idx = torch.multinomial(samp_w, n, replacement=True, generator=gen)
        tot_l = {"mal": 0.0, "les": 0.0, "hm": 0.0, "box": 0.0}
        for bi in range(steps_per_epoch):
            b = idx[bi * args.batch:(bi + 1) * args.batch]
            x, m = augment(tr["img"][b].float(), tr["mask"][b].float(), gen, args.aug)
            mal_t, les_t = tr["malignant"][b], tr["lesion"][b]
            has_m = tr["has_mask"][b]
            for g in opt.param_groups:
                g["lr"] = lr_at(step)
            mal, les, box, hm = model(x)
            # label smoothing for the small, noisy labels
            ls = args.smooth
            l_mal = (F.binary_cross_entropy_with_logits(mal[:, 0], mal_t * (1 - ls) + 0.5 * ls, reduction="none") * mal_w[b]).mean()
            l_les = (F.binary_cross_entropy_with_logits(les[:, 0], les_t * (1 - ls) + 0.5 * ls, reduction="none") * les_w[b]).mean()
            tgt = F.avg_pool2d(m, IMG // HM)
            l_hm_px = F.binary_cross_entropy_with_logits(hm, tgt, reduction="none").mean((1, 2, 3))
            ph = torch.sigmoid(hm)
            dice = 1 - (2 * (ph * tgt).sum((1, 2, 3)) + 1) / (ph.sum((1, 2, 3)) + tgt.sum((1, 2, 3)) + 1)
            dice = dice * les_t  # dice only where a lesion exists (empty maps: BCE only)
            l_hm = ((l_hm_px + 0.5 * dice) * has_m).sum() / has_m.sum().clamp(min=1)
            gt_box, valid = boxes_from_masks(m)
            valid = (valid & (has_m > 0.5) & (les_t > 0.5)).float()
            pb = torch.sigmoid(box)
            l_box_i = F.l1_loss(pb, gt_box, reduction="none").sum(1) + giou_loss(pb, gt_box)
            l_box = (l_box_i * valid).sum() / valid.sum().clamp(min=1)
            loss = l_mal + args.w_les * l_les + args.w_hm * l_hm + args.w_box * l_box
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            step += 1
            with torch.no_grad():
                d = min(args.ema, (1 + step) / (10 + step))
                for pe, pm in zip(ema.state_dict().values(), model.state_dict().values()):
                    if pe.dtype.is_floating_point:
                        pe.mul_(d).add_(pm.detach(), alpha=1 - d)
                    else:
                        pe.copy_(pm)
            tot_l["mal"] += float(l_mal)
            tot_l["les"] += float(l_les)
            tot_l["hm"] += float(l_hm)
            tot_l["box"] += float(l_box)
        msg = " ".join(f"{k}={v / steps_per_epoch:.3f}" for k, v in tot_l.items())
        if (ep + 1) % args.eval_every == 0 or ep == args.epochs - 1:
            r = evaluate(ewrap, data["val"], args.region)
            extra = f" valAUC(b/m)={r['mal_auc_bm']:.3f}"
            if "lesion_auc" in r:
                extra += f" lesAUC={r['lesion_auc']:.3f}"
            if "box_iou" in r:
                extra += f" IoU={r['box_iou']:.3f}"
            if "heatmap_dice_lesions" in r:
                extra += f" dice={r['heatmap_dice_lesions']:.3f}"
            msg += extra
        log(f"ep {ep + 1}/{args.epochs} {time.time() - t0:.0f}s {msg}")
        if args.max_minutes and time.time() - t0 > args.max_minutes * 60:
            log("time limit reached, stopping early")
            break
    return ema, nparams, time.time() - t0


def run_onnx(path, x, log):
    """Run the exported graph: onnx.reference (onnx>=1.13) or onnxruntime-node via verify_onnx.cjs."""
    try:
        from onnx.reference import ReferenceEvaluator
        import onnx
        return ReferenceEvaluator(onnx.load(path)).run(None, {"image": x})
    except ImportError:
        pass
    import shutil
    import subprocess
    import tempfile
    if not shutil.which("node"):
        return None
    tmp = tempfile.mkdtemp(prefix="oasis-onnx-verify-")
    x.astype(np.float32).tofile(os.path.join(tmp, "input.bin"))
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "verify_onnx.cjs")
    p = subprocess.run(["node", script, path, tmp, str(x.shape[0])], capture_output=True, text=True)
    if p.returncode != 0:
        log("onnxruntime-node check unavailable: " + (p.stderr.strip().splitlines() or ["?"])[-1])
        return None
    log("onnxruntime-node: " + p.stdout.strip().replace("\n", " | "))
    n = x.shape[0]
    shapes = {"malignancy": (n, 1), "lesion": (n, 1), "box": (n, 4), "heatmap": (n, 1, HM, HM)}
    return [np.fromfile(os.path.join(tmp, k + ".bin"), np.float32).reshape(s) for k, s in shapes.items()]


def export_onnx(net, path, data, log):
    wrapper = ExportWrapper(net, tta=True).eval()
    dummy = torch.zeros(2, 1, IMG, IMG)
    kw = {}
    try:
        import inspect
        if "dynamo" in inspect.signature(torch.onnx.export).parameters:
            kw["dynamo"] = False
    except Exception:
        pass
    torch.onnx.export(
        wrapper, (dummy,), path, input_names=["image"],
        output_names=["malignancy", "lesion", "box", "heatmap"],
        dynamic_axes={"image": {0: "N"}, "malignancy": {0: "N"}, "lesion": {0: "N"}, "box": {0: "N"}, "heatmap": {0: "N"}},
        opset_version=17, do_constant_folding=True, **kw,
    )
    import onnx
    m = onnx.load(path)
    onnx.checker.check_model(m, full_check=True)
    log(f"onnx ok: {os.path.getsize(path) / 1e6:.2f} MB, opset {m.opset_import[0].version}")
    # compare with torch on a few real validation images (written to a temp dir, never into the repo)
    x = data["val"]["img"][:4].float()
    with torch.no_grad():
        ref = [t.numpy() for t in wrapper(x)]
    got = run_onnx(path, x.numpy(), log)
    names = ["malignancy", "lesion", "box", "heatmap"]
    maxdiff = {}
    if got is None:
        log("WARNING: no ONNX runtime available to compare outputs (install onnx>=1.13 or onnxruntime-node)")
        return wrapper, None
    for nme, a, b2 in zip(names, ref, got):
        assert tuple(a.shape) == tuple(b2.shape), (nme, a.shape, b2.shape)
        maxdiff[nme] = float(np.abs(a - b2).max())
    log(f"onnx vs torch max abs diff: {maxdiff}")
    assert max(maxdiff.values()) < 1e-3, maxdiff
    return wrapper, maxdiff


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--region", required=True, choices=["breast", "thyroid"])
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--epochs", type=int, default=None)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--wd", type=float, default=5e-4)
    ap.add_argument("--dropout", type=float, default=0.3)
    ap.add_argument("--smooth", type=float, default=0.05)
    ap.add_argument("--aug", type=float, default=1.0)
    ap.add_argument("--ema", type=float, default=0.995)
    ap.add_argument("--w-les", dest="w_les", type=float, default=0.5)
    ap.add_argument("--w-hm", dest="w_hm", type=float, default=1.0)
    ap.add_argument("--w-box", dest="w_box", type=float, default=1.0)
    ap.add_argument("--width", type=int, nargs=5, default=[16, 32, 48, 96, 160])
    ap.add_argument("--seed", type=int, default=20240517)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--eval-every", dest="eval_every", type=int, default=5)
    ap.add_argument("--max-minutes", dest="max_minutes", type=float, default=14.0)
    ap.add_argument("--extra-data", dest="extra_data", default=None,
                    help="optional second dataset whose train split is mixed into training")
    ap.add_argument("--extra-share", dest="extra_share", type=float, default=1.0,
                    help="relative sampling weight of the extra dataset's images")
    ap.add_argument("--no-export", dest="no_export", action="store_true")
    args = ap.parse_args()
    if args.epochs is None:
        args.epochs = 60 if args.region == "breast" else 80
    torch.set_num_threads(args.threads)
    torch.use_deterministic_algorithms(True)
    os.makedirs(args.out, exist_ok=True)
    logf = open(os.path.join(args.out, "train-log.txt"), "w")

    def log(s):
        print(s, flush=True)
        logf.write(s + "\n")
        logf.flush()

    log(f"args: {vars(args)}  torch {torch.__version__}")
    data = load_split(args.data, args.region)
    if args.extra_data:
        # optional mixed training: add another dataset's TRAIN split (validation stays the region's own)
        extra = load_split(args.extra_data, args.region)["train"]
        tr = data["train"]
        for k in ("img", "mask", "has_mask", "malignant", "lesion", "cls_w"):
            tr[k] = torch.cat([tr[k], extra[k]])
        for k in ("files", "labels"):
            tr[k] = tr[k] + extra[k]
        tr["source"] = tr["source"] + ["extra"] * len(extra["labels"])
        log(f"extra training data from {args.extra_data}: n={len(extra['labels'])}")
    for s in ("train", "val"):
        labs = data[s]["labels"]
        log(f"{s}: n={len(labs)} " + " ".join(f"{k}={labs.count(k)}" for k in sorted(set(labs))) +
            f" masks={int(data[s]['has_mask'].sum())}")
    net, nparams, secs = train(args, data, log)
    net.eval()

    # ---- validation (Python, with the exported wrapper incl. flip TTA) ----
    wrapper = ExportWrapper(net, tta=True).eval()
    r = evaluate(wrapper, data["val"], args.region)
    labels = np.array(data["val"]["labels"])
    bm = labels != "normal"
    y = (labels[bm] == "malignant").astype(int)
    thr, j = youden_threshold(r["mal_scores"][bm], y)
    m_bm = binary_metrics(r["mal_scores"][bm], y, thr)
    m_all = binary_metrics(r["mal_scores"], (labels == "malignant").astype(int), thr)
    log(f"VAL benign-vs-malignant @thr={thr:.4f} (Youden J={j:.3f}): {m_bm}")
    if args.region == "breast":
        log(f"VAL malignant-vs-rest (normals included) @thr: {m_all}")
    log(f"VAL extra: " + json.dumps({k: v for k, v in r.items() if k not in ('mal_scores', 'bm_mask')}))

    if args.no_export:
        return
    path = os.path.join(args.out, "model.onnx")
    _, maxdiff = export_onnx(net, path, data, log)
    torch.save(net.state_dict(), os.path.join("/tmp", f"oasis-{args.region}.pt"))

    # latency on CPU (torch, 2 threads) for a batch of 8, for the card
    x8 = torch.rand(8, 1, IMG, IMG) * 255
    with torch.no_grad():
        wrapper(x8)
        t = time.time()
        for _ in range(5):
            wrapper(x8)
        lat = (time.time() - t) / 5 * 1000
    log(f"torch CPU latency batch 8 (2 threads, flip TTA): {lat:.1f} ms")

    write_card(args, data, nparams, secs, thr, j, m_bm, m_all, r, maxdiff, lat)


def write_card(args, data, nparams, secs, thr, j, m_bm, m_all, r, maxdiff, lat):
    src = np.array(data["train"]["source"])
    tr = [l for l, s_ in zip(data["train"]["labels"], src) if s_ == "primary"]
    va = data["val"]["labels"]
    counts = {s: {k: lab.count(k) for k in sorted(set(lab))} | {"total": len(lab)} for s, lab in (("train", tr), ("val", va))}
    if args.region == "breast":
        td = {
            "dataset": "BUSI - Breast Ultrasound Images Dataset (Baheya Hospital, Cairo; 2018), derived compact copy",
            "citation": "Al-Dhabyani W, Gomaa M, Khaled H, Fahmy A. Dataset of breast ultrasound images. Data in Brief 28 (2020) 104863. doi:10.1016/j.dib.2019.104863",
            "licence": "Released by the authors as an open dataset with the open-access (CC BY 4.0) Data in Brief article; the dataset page states no separate licence and mirrors label it differently (Kaggle mirror: CC0). Cite the article in any use.",
            "labels": "Image-level classes normal / benign / malignant from the source's diagnosis (not re-verified).",
            "splitCounts": counts,
            "masksUsed": {"train": int(data['train']['has_mask'][torch.from_numpy(src == "primary")].sum()), "val": int(data['val']['has_mask'].sum()),
                          "note": "Lesion masks exist for only 58 train / 5 val benign-or-malignant images; normal images are used as known-empty heatmaps. Box and heatmap supervision is therefore thin."},
            "caveats": [
                "Images were squashed to 256x256 by the source mirror (aspect ratio distorted); originals not available.",
                "BUSI has no patient ids: images of one patient that do not look alike may be in different splits despite near-duplicate grouping.",
                "19 near-duplicate images with conflicting labels were dropped by the dataset preparation.",
                "Single centre, single country, 2018 scanners; small validation set (80 images) gives wide uncertainty.",
                "Held-out test split (20%) was not used for training or threshold selection.",
            ],
        }
    else:
        td = {
            "dataset": "DDTI - Digital Database of Thyroid Images (Universidad Nacional de Colombia / CIM@LAB and IDIME, Bogota), derived compact copy",
            "citation": "Pedraza L, Vargas C, Narvaez F, Duran O, Munoz E, Romero E. An open access thyroid ultrasound image database. Proc. SPIE 9287, 92870W (2015). doi:10.1117/12.2073532",
            "licence": "Published as an open access database for research; no explicit licence text found and the GitHub mirror has no licence file. Treat as research use with citation until the terms are confirmed with the authors.",
            "labels": "TI-RADS PROXY, NOT PATHOLOGY: TI-RADS 2-3 -> benign, 4a/4b/4c/5 -> 'malignant' (i.e. suspicious TR4-5).",
            "splitCounts": counts,
            "masksUsed": {"train": int(data['train']['has_mask'][torch.from_numpy(src == "primary")].sum()), "val": int(data['val']['has_mask'].sum())},
            "caveats": [
                "Label is a radiologist's TI-RADS category, not cytology/histology; 4a/4b nodules are frequently benign at cytology. Do not report as pathology-level accuracy.",
                "Crops are tight around the nodule (median box ~40% of the image) and resized to squares (aspect ratio lost): localisation is much easier than on full scanner frames, and performance on full frames is unknown.",
                "Strong class imbalance (benign is the minority: 46 train / 9 val); validation AUC over 9 benign images is very uncertain.",
                "Every training image contains a nodule: the `lesion` output is trained positive everywhere and is not informative for this region.",
                "Held-out test split (20%) was not used for training or threshold selection.",
            ],
        }
    if args.extra_data:
        et = [l for l, s_ in zip(data["train"]["labels"], src) if s_ == "extra"]
        td["extraTrainingData"] = {
            "dataset": os.path.basename(os.path.normpath(args.extra_data)),
            "split": "train only",
            "counts": {k: et.count(k) for k in sorted(set(et))} | {"total": len(et)},
            "note": "Mixed in to regularise the shared features (one shared malignancy head); see that dataset's own model card for its citation, licence and caveats. Validation and threshold use this region's data only.",
        }
    card = {
        "name": f"oasis-{args.region}-ultrasound-preread",
        "region": args.region,
        "version": "1.0.0",
        "created": datetime.date.today().isoformat(),
        "intendedUse": ("Adjunct second opinion only: an automated pre-read that flags a B-mode ultrasound image of the "
                        f"{args.region} for clinician review with a malignancy-suspicion score, lesion presence score, lesion box and heatmap. "
                        "It is not a diagnosis, must not be used to rule out disease or to replace biopsy/cytology or a qualified reader, "
                        "and every output must be reviewed by a clinician."),
        "exclusions": [
            "Doppler, colour/power Doppler or elastography overlays; any non-B-mode image",
            "Paediatric patients",
            "Images from scanners/centres unseen in training (performance unknown)",
            "Cine loops / video, 3D volumes, images with heavy annotations or calipers over the lesion",
            "Other body regions than the model's region" + (" (thyroid images for the breast model)" if args.region == "breast" else " (breast images for the thyroid model)"),
        ] + (["Full-frame thyroid images with wide field of view (model trained on tight nodule crops)"] if args.region == "thyroid" else []),
        "trainingData": td,
        "inputs": [{
            "name": "image", "shape": ["N", 1, 256, 256], "dtype": "float32",
            "preprocessing": ("Decode to 8-bit grayscale, resize the whole image to 256x256 with bilinear interpolation "
                              "(squashed, no letterbox, no crop), copy the raw pixel values 0..255 into float32. "
                              "All normalisation (x/255 then per-image mean/std standardisation) happens inside the ONNX graph. "
                              "Dynamic batch axis N."),
        }],
        "outputs": [
            {"name": "malignancy", "shape": ["N", 1], "dtype": "float32",
             "meaning": "Probability (sigmoid inside the graph) that the lesion is malignant" + (" (TI-RADS 4-5 'suspicious' proxy)" if args.region == "thyroid" else "") + ". Compare with operatingThreshold.value, not with 0.5."},
            {"name": "lesion", "shape": ["N", 1], "dtype": "float32",
             "meaning": ("Probability that a lesion is present (trained on BUSI normal vs benign/malignant)." if args.region == "breast"
                         else "Probability that a lesion is present. Trained positive on every image (DDTI has only nodule crops): ~1 always, not informative.")},
            {"name": "box", "shape": ["N", 4], "dtype": "float32",
             "meaning": "Lesion box [x, y, w, h] normalised to the 256x256 input (x,y = top-left corner), each in 0..1 (sigmoid inside the graph). x+w may slightly exceed 1: clip when drawing. Meaningful only when a lesion is present."},
            {"name": "heatmap", "shape": ["N", 1, 64, 64], "dtype": "float32",
             "meaning": "Per-cell lesion probability (sigmoid) on a 64x64 grid over the input; cell (i,j) covers input pixels [4i,4i+4) x [4j,4j+4) (row i, column j)."},
        ],
        "operatingThreshold": {
            "value": round(thr, 6),
            "appliesTo": "malignancy",
            "howChosen": ("Maximises Youden's J (sensitivity + specificity - 1) for benign vs malignant on the validation split only "
                          f"(J = {j:.3f}; ties broken towards 0.5). Chosen on a small validation set: expect it to move on new data."),
        },
        "architecture": {
            "description": ("Compact residual CNN trained from scratch (no pretrained weights): in-graph normalisation, stride-2 stem, "
                            "4 residual stages (widths " + ",".join(map(str, args.width)) + ") down to 8x8, a small FPN decoding to a 64x64 heatmap, "
                            "global mean+max pooled head for malignancy/lesion logits, and a box head that refines a box derived from the "
                            "heatmap's centre and spread. The exported graph averages the prediction with that of the horizontally "
                            "flipped image (flip test-time augmentation)."),
            "params": nparams,
            "framework": f"PyTorch {torch.__version__} -> ONNX opset 17",
            "trainingScript": "models/training/train.py",
            "trainingSeconds": round(secs, 1),
            "seed": args.seed,
            "hyperparameters": {k: v for k, v in vars(args).items() if k not in ("data", "out", "no_export")},
            "cpuLatencyMsBatch8TorchTwoThreads": round(lat, 1),
        },
        "metrics": {
            "pythonValidation": {
                "source": "Computed by models/training/train.py at training time on the validation split (the same split used to choose the threshold, so these figures are optimistic). Not the official evaluation; the product's TypeScript evaluation writes metrics.validation.",
                "task": "benign vs malignant" + (" (TI-RADS proxy)" if args.region == "thyroid" else "") + ", malignancy output at operatingThreshold",
                "accuracy": round(m_bm["accuracy"], 4),
                "sensitivity": round(m_bm["sensitivity"], 4),
                "specificity": round(m_bm["specificity"], 4),
                "balancedAccuracy": round(m_bm["balancedAccuracy"], 4),
                "auc": round(m_bm["auc"], 4),
                "n": m_bm["n"], "nMalignant": m_bm["nPositive"], "nBenign": m_bm["nNegative"],
                "confusion": {k: m_bm[k] for k in ("tp", "fp", "tn", "fn")},
                "threshold": round(thr, 6),
                **({"malignantVsRestIncludingNormals": {k: (round(v, 4) if isinstance(v, float) else v) for k, v in m_all.items()}} if args.region == "breast" else {}),
                **({"lesionPresenceAuc": round(r["lesion_auc"], 4)} if "lesion_auc" in r else {}),
                **({"boxMeanIoU": round(r["box_iou"], 4), "boxN": r["n_box"]} if "box_iou" in r else {}),
                **({"heatmapDiceLesions": round(r["heatmap_dice_lesions"], 4)} if "heatmap_dice_lesions" in r else {}),
                "onnxVsTorchMaxAbsDiff": maxdiff,
            }
        },
    }
    with open(os.path.join(args.out, "model-card.json"), "w") as f:
        json.dump(card, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
